package dev.dreamzoom.cli;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.Dreamer;
import dev.dreamzoom.dream.Objectives;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.ScheduleException;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.TargetSchedule;
import dev.dreamzoom.preset.TargetWeight;
import dev.dreamzoom.preset.PresetParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    return "IMAGE OUT.png [--model M] [--mode deepdream|filters] [--layer L[#C][:W]]... [--octaves N] ...";
  }

  @Override
  public String summary() {
    return "dream one still image (JPEG/PNG in, PNG out, same size)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("model").hasArg().argName("M")
        .desc("catalog name, or a path to a frozen .pb, SavedModel folder or Keras .h5 (default: "
            + PresetParser.DEFAULT_MODEL + ")").build());
    o.addOption(Option.builder().longOpt("mode").hasArg().argName("MODE")
        .desc("deepdream (default) or filters").build());
    o.addOption(Option.builder().longOpt("layer").hasArgs().argName("L[#C][:W]")
        .desc("layer (or layer#channel) to amplify, with optional weight; repeatable"
            + " (default: the model's recommended layer)").build());
    o.addOption(Option.builder().longOpt("blur").hasArg().argName("SIGMA")
        .desc("Gaussian blur of each step's gradient, pixels (default 0)").build());
    o.addOption(Option.builder().longOpt("decay").hasArg().argName("F")
        .desc("pull toward grey per iteration, 0..0.5 (default 0)").build());
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
    DreamMode mode = switch (cl.getOptionValue("mode", "deepdream")) {
      case "deepdream" -> DreamMode.DEEPDREAM;
      case "filters" -> DreamMode.FILTERS;
      default -> throw new UsageException("--mode must be deepdream or filters");
    };
    int octaves = Args.intValue(cl, "octaves", 1, 12, 4);
    double octaveScale = Args.doubleValue(cl, "octave-scale", 1.01, 4, 1.4);
    int iterations = Args.intValue(cl, "iterations", 1, 1000, 10);
    double stepSize = Args.doubleValue(cl, "step", 1e-3, 100, 1.5);
    int jitter = Args.intValue(cl, "jitter", 0, 512, 32);
    double blur = Args.doubleValue(cl, "blur", 0, 2, 0);
    double decay = Args.doubleValue(cl, "decay", 0, 0.5, 0);
    long seed = Args.intValue(cl, "seed", Integer.MIN_VALUE, Integer.MAX_VALUE, 42);
    List<TargetWeight> targets = new ArrayList<>();
    if (cl.hasOption("layer")) {
      try {
        targets.addAll(TargetSchedule.parse(String.join(", ", cl.getOptionValues("layer")), 0)
            .weightedTargets());
      } catch (ScheduleException e) {
        throw new UsageException("--layer: " + e.getMessage());
      }
    }
    RgbImage image = ImageFiles.read(Path.of(pos[0]));

    Network network = Network.load(Args.modelStore(cl).resolve(
        cl.getOptionValue("model", PresetParser.DEFAULT_MODEL)));
    if (targets.isEmpty()) {
      network.entry().layers().forEach(l -> targets.add(new TargetWeight(Target.layer(l), 1.0)));
    }
    if (targets.isEmpty()) {
      throw new UsageException("this model has no default layer; give --layer");
    }
    TargetSchedule schedule = TargetSchedule.constant(targets);
    try (DreamStep step = new DreamStep(network, schedule.targets(), Objectives.forMode(mode),
        Args.threads(cl))) {
      long t0 = System.nanoTime();
      Dreamer.Settings settings = new Dreamer.Settings(octaves, octaveScale, iterations, stepSize,
          jitter, blur, decay, schedule.weightsAt(0));
      RgbImage result = new Dreamer(step).dream(image, settings, seed, loss -> { });
      Path target = Path.of(pos[1]);
      ImageFiles.writePngAtomically(result, target);
      out.printf("wrote %s (%dx%d) in %.1f s%n", target, result.width(), result.height(),
          (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }
}
