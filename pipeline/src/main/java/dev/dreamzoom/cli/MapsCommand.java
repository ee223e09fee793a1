package dev.dreamzoom.cli;

import dev.dreamzoom.app.Inspection;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code maps IMAGE LAYER}: a photo's activation maps at one layer, as one labelled grid. */
final class MapsCommand implements Command {
  @Override
  public String name() {
    return "maps";
  }

  @Override
  public String synopsis() {
    return "IMAGE LAYER [--channels 0-63] [--model M] [--size PX] [--out FILE.png] [--model-mirror DIR]"
        + " [--threads N]";
  }

  @Override
  public String summary() {
    return "a photo's feature maps at one layer, one grey tile per channel, on one PNG";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("channels")
            .hasArg()
            .argName("LIST")
            .desc(
                "channels to show, e.g. 0-63 or 3,7,20-23, at most 256 (default: the first 64, or all the"
                    + " layer has if fewer)")
            .build());
    o.addOption(Args.modelOption());
    o.addOption(
        Option.builder()
            .longOpt("size")
            .hasArg()
            .argName("PX")
            .desc("the photo is resized so its longer side is PX, 32..2048 (default 320)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("out")
            .hasArg()
            .argName("FILE")
            .desc("where to write the PNG (default: output/maps-<image>-<layer>.png)")
            .build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    String[] pos = Args.positional(cl, "IMAGE", "LAYER");
    Path file = Path.of(pos[0]);
    int size = Args.intValue(cl, "size", 32, 2048, 320);
    Path target =
        cl.hasOption("out")
            ? Path.of(cl.getOptionValue("out"))
            : RenderCommand.defaultOutputRoot()
                .resolve(
                    "maps-"
                        + file.getFileName()
                            .toString()
                            .replaceAll("\\.[^.]*$", "")
                            .replaceAll("[^A-Za-z0-9._-]", "_")
                        + "-"
                        + pos[1].replaceAll("[^A-Za-z0-9._-]", "_")
                        + ".png");
    RgbImage photo = ImageFiles.read(file);
    double f = (double) size / Math.max(photo.width(), photo.height());
    RgbImage image =
        photo.resize(
            Math.max(16, (int) Math.round(photo.width() * f)),
            Math.max(16, (int) Math.round(photo.height() * f)));
    Network network = Args.network(cl);
    List<Integer> channels =
        AtlasCommand.parseChannels(
            cl.hasOption("channels")
                ? cl.getOptionValue("channels")
                : "0-" + (firstChannels(network, pos[1]) - 1));
    BufferedImage grid = Inspection.maps(network, image, pos[1], channels, Args.threads(cl));
    ImageFiles.writePngAtomically(grid, target);
    out.printf(
        "wrote %s (%d feature maps of %s on %dx%d)%n",
        target, channels.size(), pos[1], image.width(), image.height());
    return 0;
  }

  /**
   * 64, or the layer's channel count if smaller (64 for a layer not found: the maps then name the
   * error).
   */
  private static int firstChannels(Network network, String layer) {
    String name = network.tensor(layer);
    return network.layers(true).stream()
        .filter(l -> l.name().equals(name))
        .mapToInt(l -> Math.min(64, l.channels()))
        .findFirst()
        .orElse(64);
  }
}
