package dev.dreamzoom.cli;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.Dreamer;
import dev.dreamzoom.dream.Objectives;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.LayerWeight;
import dev.dreamzoom.preset.PresetParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code dream IMAGE OUT.png}: one still DeepDream image. */
final class DreamCommand implements Command {
  @Override
  public String name() {
    return "dream";
  }

  @Override
  public String synopsis() {
    return "IMAGE OUT.png [--model M] [--layer L[:W]]... [--octaves N] [--iterations N] ...";
  }

  @Override
  public String summary() {
    return "dream one still image (JPEG/PNG in, PNG out, same size)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("model").hasArg().argName("M")
        .desc("catalog name or path to a frozen .pb (default: " + PresetParser.DEFAULT_MODEL + ")").build());
    o.addOption(Option.builder().longOpt("layer").hasArgs().argName("L[:W]")
        .desc("layer to amplify, with optional weight; repeatable (default: the model's recommended layer)")
        .build());
    o.addOption(Option.builder().longOpt("octaves").hasArg().argName("N").desc("octaves (default 4)").build());
    o.addOption(Option.builder().longOpt("octave-scale").hasArg().argName("S")
        .desc("size ratio between octaves (default 1.4)").build());
    o.addOption(Option.builder().longOpt("iterations").hasArg().argName("N")
        .desc("iterations per octave (default 10)").build());
    o.addOption(Option.builder().longOpt("step").hasArg().argName("S")
        .desc("step size in pixel units (default 1.5)").build());
    o.addOption(Option.builder().longOpt("jitter").hasArg().argName("PX")
        .desc("random shift per iteration (default 32)").build());
    o.addOption(Option.builder().longOpt("seed").hasArg().argName("N")
        .desc("random seed for the jitter (default 42)").build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    String[] pos = Args.positional(cl, "IMAGE", "OUT.png");
    Dreamer.Settings settings = new Dreamer.Settings(
        Args.intValue(cl, "octaves", 1, 12, 4),
        Args.doubleValue(cl, "octave-scale", 1.01, 4, 1.4),
        Args.intValue(cl, "iterations", 1, 1000, 10),
        Args.doubleValue(cl, "step", 1e-3, 100, 1.5),
        Args.intValue(cl, "jitter", 0, 512, 32));
    long seed = Args.intValue(cl, "seed", Integer.MIN_VALUE, Integer.MAX_VALUE, 42);
    RgbImage image = ImageFiles.read(Path.of(pos[0]));

    Network network = Network.load(Args.modelStore(cl).resolve(
        cl.getOptionValue("model", PresetParser.DEFAULT_MODEL)));
    List<LayerWeight> layers = new ArrayList<>();
    if (cl.hasOption("layer")) {
      for (String l : cl.getOptionValues("layer")) {
        int colon = l.lastIndexOf(':');
        try {
          layers.add(colon > 0
              ? new LayerWeight(l.substring(0, colon), Double.parseDouble(l.substring(colon + 1)))
              : new LayerWeight(l, 1.0));
        } catch (NumberFormatException e) {
          throw new UsageException("--layer " + l + ": the weight after ':' must be a number");
        }
      }
    } else {
      network.entry().layers().forEach(l -> layers.add(new LayerWeight(l, 1.0)));
    }
    if (layers.isEmpty()) {
      throw new UsageException("this model has no default layer; give --layer");
    }
    Set<String> names = layers.stream().map(LayerWeight::layer).collect(Collectors.toSet());
    try (DreamStep step = new DreamStep(network, names, Objectives.deepDream(layers), Args.threads(cl))) {
      long t0 = System.nanoTime();
      RgbImage result = new Dreamer(step).dream(image, settings, seed, loss -> { });
      Path target = Path.of(pos[1]);
      ImageFiles.writePngAtomically(result, target);
      out.printf("wrote %s (%dx%d) in %.1f s%n", target, result.width(), result.height(),
          (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }
}
