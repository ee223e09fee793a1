package dev.dreamzoom.cli;

import dev.dreamzoom.app.Atlas;
import dev.dreamzoom.model.ModelException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code atlas MODEL LAYER}: one filter visualization per channel, side by side, to pick filters by
 * eye.
 */
final class AtlasCommand implements Command {
  @Override
  public String name() {
    return "atlas";
  }

  @Override
  public String synopsis() {
    return "MODEL LAYER [--channels 0-15] [--size PX] [--iterations N] [--seed N] [--out FILE.png]"
        + " [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "visualize several channels of a layer on one labelled PNG";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("channels")
            .hasArg()
            .argName("LIST")
            .desc("channels, e.g. 0-15 or 3,7,20-23 (default 0-15)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("size")
            .hasArg()
            .argName("PX")
            .desc("side of each square tile (default 160)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("iterations")
            .hasArg()
            .argName("N")
            .desc("iterations per growth step (default 12)")
            .build());
    o.addOption(
        Args.presetOption("seed", "N", "random.seed", "random seed of the noise and jitter"));
    o.addOption(
        Option.builder()
            .longOpt("out")
            .hasArg()
            .argName("FILE")
            .desc("where to write it (default: output/atlas-<model>-<layer>.png)")
            .build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    String[] pos = Args.positional(cl, "MODEL", "LAYER");
    List<Integer> channels = parseChannels(cl.getOptionValue("channels", "0-15"));
    int size = Args.intValue(cl, "size", 64, 1024, 160);
    int iterations = Args.intValue(cl, "iterations", 1, 500, 12);
    long seed = Args.presetLong(cl, "seed", "random.seed");
    Path target =
        cl.hasOption("out")
            ? Path.of(cl.getOptionValue("out"))
            : RenderCommand.defaultOutputRoot()
                .resolve(
                    "atlas-"
                        + pos[0].replaceAll("[^A-Za-z0-9._-]", "_")
                        + "-"
                        + pos[1].replaceAll("[^A-Za-z0-9._-]", "_")
                        + ".png");

    Atlas.Result r =
        Atlas.run(
            new Atlas.Request(
                pos[0], pos[1], channels, size, iterations, seed, target, Args.threads(cl)),
            Args.modelStore(cl),
            (i, n, sp) ->
                out.printf(
                    "channel %d (%d/%d): rose %+.2f, rank %d of %d%s%n",
                    sp.channel(),
                    i + 1,
                    n,
                    sp.rise(),
                    sp.rank(),
                    sp.of(),
                    sp.rank() == 1
                        ? ""
                        : String.format(" (channel %d rose %+.2f)", sp.leader(), sp.leaderRise())));
    out.printf(
        "%d of %d channels rose more than any other channel of the layer when visualized"
            + " (pre-activation means, relative to the seed noise)%n",
        r.specific(), r.channels());
    out.printf(
        "wrote %s (%d channels of %s) in %.1f s%n", r.file(), r.channels(), pos[1], r.seconds());
    return 0;
  }

  /** {@code 0-15}, {@code 3,7,20-23}: sorted, without repeats. */
  static List<Integer> parseChannels(String spec) throws UsageException {
    TreeSet<Integer> out = new TreeSet<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      try {
        int dash = p.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
        if (from < 0 || to < from || to - from > 1024) {
          throw new UsageException("--channels: bad range '" + p + "'");
        }
        for (int c = from; c <= to; c++) {
          out.add(c);
        }
      } catch (NumberFormatException e) {
        throw new UsageException(
            "--channels: expected numbers or ranges like 0-15, got '" + p + "'");
      }
    }
    if (out.isEmpty() || out.size() > 256) {
      throw new UsageException("--channels: give 1 to 256 channels");
    }
    return List.copyOf(out);
  }
}
