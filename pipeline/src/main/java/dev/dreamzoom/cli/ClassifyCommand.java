package dev.dreamzoom.cli;

import dev.dreamzoom.app.Inspection;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code classify IMAGE}: what the network thinks a photo shows. */
final class ClassifyCommand implements Command {
  @Override
  public String name() {
    return "classify";
  }

  @Override
  public String synopsis() {
    return "IMAGE [--model M] [--top K] [--size PX] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "what the network thinks a photo shows: its top classes with probabilities";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Args.modelOption());
    o.addOption(
        Option.builder()
            .longOpt("top")
            .hasArg()
            .argName("K")
            .desc("how many classes to list, 1..50 (default 5)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("size")
            .hasArg()
            .argName("PX")
            .desc(
                "the photo's centre square is resized to PX x PX first, 32..1024 (default 224,"
                    + " MobileNet's training size)")
            .build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    Path file = Path.of(Args.positional(cl, "IMAGE")[0]);
    int top = Args.intValue(cl, "top", 1, 50, 5);
    int size = Args.intValue(cl, "size", 32, 1024, 224);
    RgbImage image = ImageFiles.read(file).coverCrop(size, size);
    Network network = Args.network(cl);
    out.printf(
        "%s, as %s sees it (%dx%d centre crop):%n", file, network.entry().name(), size, size);
    int rank = 1;
    for (Inspection.Prediction p : Inspection.classify(network, image, top, Args.threads(cl))) {
      out.printf(
          "%2d. %6.2f%%  %s  (logit %d)%n",
          rank++, 100 * p.probability(), p.label() == null ? "?" : p.label(), p.index());
    }
    return 0;
  }
}
