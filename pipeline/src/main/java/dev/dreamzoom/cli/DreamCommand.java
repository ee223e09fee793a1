package dev.dreamzoom.cli;

import dev.dreamzoom.app.PreparedRender;
import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.Dreamer;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.GradientSpec;
import dev.dreamzoom.preset.ScheduleException;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.ObjectiveSchedule;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.preset.TermSyntax;
import dev.dreamzoom.preset.WeightedTerm;
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
    return "IMAGE OUT.png [--model M] [--mode deepdream|filters] [--layer L[#C][:W]]... [--objective EXPR]"
        + " [--octaves N] ...";
  }

  @Override
  public String summary() {
    return "dream one still image (JPEG/PNG in, PNG out, same size)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Args.modelOption());
    o.addOption(Option.builder().longOpt("mode").hasArg().argName("MODE")
        .desc("deepdream (default) or filters").build());
    o.addOption(Option.builder().longOpt("layer").hasArgs().argName("L[#C][:W]")
        .desc("layer (or layer#channel) to amplify, with optional weight; repeatable"
            + " (default: the model's recommended layer)").build());
    o.addOption(Option.builder().longOpt("objective").hasArg().argName("EXPR")
        .desc("what to maximize, as the preset key: terms " + TermSyntax.usages() + ", combined with"
            + " + - and weights, e.g. 'style(art.jpg, conv2d_3, conv2d_5) + 2*content(conv2d_9) - 0.01*tv'"
            + " (instead of --layer)").build());
    o.addOption(Option.builder().longOpt("normalize").hasArg().argName("N")
        .desc("meanabs (default), std or laplacian: how each step normalizes the gradient").build());
    o.addOption(Option.builder().longOpt("color-space").hasArg().argName("S")
        .desc("rgb (default) or decorrelated: the colour basis each step is taken in").build());
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
    o.addOption(Option.builder().longOpt("tile").hasArg().argName("PX")
        .desc("scales larger than this compute gradients in moving tiles, bounding memory for large"
            + " stills; 0 never tiles (default 2048)").build());
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
    int tile = Args.intValue(cl, "tile", 0, 16384, 2048);
    if (tile != 0 && tile < 64) {
      throw new UsageException("--tile must be 0 (never) or at least 64, got " + tile);
    }
    GradientSpec gradient;
    try {
      gradient = new GradientSpec(GradientSpec.Normalize.valueOf(
          cl.getOptionValue("normalize", "meanabs").toUpperCase(java.util.Locale.ROOT)), 4,
          switch (cl.getOptionValue("color-space", "rgb")) {
            case "rgb" -> false;
            case "decorrelated" -> true;
            default -> throw new IllegalArgumentException();
          });
    } catch (IllegalArgumentException e) {
      throw new UsageException("--normalize must be meanabs, std or laplacian; --color-space rgb or decorrelated");
    }
    if (cl.hasOption("layer") && cl.hasOption("objective")) {
      throw new UsageException("give --layer or --objective, not both");
    }
    ObjectiveSchedule objective = ObjectiveSchedule.constant(List.of());
    try {
      if (cl.hasOption("objective")) {
        objective = ObjectiveSchedule.parseObjective(cl.getOptionValue("objective"), 0, Path.of(""));
      } else if (cl.hasOption("layer")) {
        objective = ObjectiveSchedule.parseTargets(String.join(", ", cl.getOptionValues("layer")), 0,
            mode == DreamMode.FILTERS);
      }
    } catch (ScheduleException e) {
      throw new UsageException((cl.hasOption("objective") ? "--objective: " : "--layer: ") + e.getMessage());
    }
    RgbImage image = ImageFiles.read(Path.of(pos[0]));

    Network network = Args.network(cl);
    if (objective.isEmpty()) {
      List<WeightedTerm> defaults = new ArrayList<>();
      for (String l : network.entry().layers()) {
        Target t = Target.layer(l);
        defaults.add(new WeightedTerm(mode == DreamMode.FILTERS ? new Term.Channel(t) : new Term.Layer(t), 1));
      }
      objective = ObjectiveSchedule.constant(defaults);
    }
    if (objective.isEmpty()) {
      throw new UsageException("this model has no default layer; give --layer or --objective");
    }
    List<String> problems = new ArrayList<>();
    objective = PreparedRender.resolveClasses(objective, network, problems);
    if (!problems.isEmpty()) {
      throw new ModelException("--objective: " + String.join("; ", problems));
    }
    try (DreamStep step = new DreamStep(network, objective.terms(),
        new DreamStep.Options(Args.threads(cl), blur > 0, decay > 0, gradient))) {
      long t0 = System.nanoTime();
      Dreamer.Settings settings = new Dreamer.Settings(octaves, octaveScale, iterations, stepSize,
          jitter, blur, decay, objective.weightsAt(0));
      RgbImage result = new Dreamer(step, tile).dream(image, settings, seed, loss -> { });
      Path target = Path.of(pos[1]);
      ImageFiles.writePngAtomically(result, target);
      out.printf("wrote %s (%dx%d) in %.1f s%n", target, result.width(), result.height(),
          (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }
}
