package dev.dreamzoom.cli;

import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelEntry;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.SegmentationStore;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code models}: the catalog's networks and the segmentation network, where each comes from. */
final class ModelsCommand implements Command {
  @Override
  public String name() {
    return "models";
  }

  @Override
  public String synopsis() {
    return "[--model-mirror DIR]";
  }

  @Override
  public String summary() {
    return "list the networks dreamzoom can fetch (to dream with, and to find a subject for"
        + " dream.mask), where each comes from, its licence where known, and whether it is cached";
  }

  @Override
  public Options options() {
    return Args.withMirror(new Options());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
    CommandLine cl = Args.parse(options(), args);
    if (!cl.getArgList().isEmpty()) {
      throw new UsageException("takes no arguments, got " + cl.getArgList());
    }
    ModelStore store = Args.modelStore(cl);
    ModelCatalog catalog = ModelCatalog.load();
    out.println("networks to dream with (model = NAME; config/models.properties):");
    for (String name : catalog.names()) {
      ModelEntry e = catalog.find(name).orElseThrow();
      out.printf(
          "  %-34s %-11s %s%n", name, store.cached(name) ? "cached" : "not fetched", e.url());
    }
    SegmentationStore seg = store.segmentation();
    out.println("segmentation (dream.mask = subject | background):");
    out.printf(
        "  %-34s %-11s %s%n",
        SegmentationStore.NAME + " (" + SegmentationStore.FILE + ")",
        seg.cached() ? "cached" : "not fetched",
        SegmentationStore.URL);
    out.printf("  %-34s licence: %s%n", "", SegmentationStore.LICENCE);
    out.println(
        "cache: "
            + store.cacheDir()
            + "; mirror: "
            + (store.mirror() == null
                ? "none (--model-mirror DIR or DREAMZOOM_MODEL_MIRROR)"
                : store.mirror()));
    return 0;
  }
}
