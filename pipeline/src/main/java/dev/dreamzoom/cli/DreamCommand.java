package dev.dreamzoom.cli;

import dev.dreamzoom.app.StillDream;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.GradientSpec;
import dev.dreamzoom.preset.ObjectiveSchedule;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.PresetSchema;
import dev.dreamzoom.preset.ScheduleException;
import dev.dreamzoom.preset.TermSyntax;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code dream IMAGE OUT.png}: one still DeepDream image. Its options mirror preset keys and take
 * their defaults and ranges from the schema.
 */
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
    o.addOption(
        Args.presetOption(
            "mode", "MODE", "mode", "amplify whole layers, or paint chosen channels"));
    o.addOption(
        Option.builder()
            .longOpt("layer")
            .hasArgs()
            .argName("L[#C][:W]")
            .desc(
                "layer (or layer#channel) to amplify, with optional weight; repeatable"
                    + " (default: the model's recommended layer)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("objective")
            .hasArg()
            .argName("EXPR")
            .desc(
                "what to maximize, as the preset key: terms "
                    + TermSyntax.usages()
                    + ", combined with"
                    + " + - and weights, e.g. 'style(art.jpg, conv2d_3, conv2d_5) + 2*content(conv2d_9) - 0.01*tv'"
                    + " (instead of --layer)")
            .build());
    o.addOption(
        Args.presetOption(
            "normalize", "N", "dream.normalize", "how each step normalizes the gradient"));
    o.addOption(
        Args.presetOption(
            "color-space", "S", "dream.color_space", "the colour basis each step is taken in"));
    o.addOption(
        Args.presetOption(
            "blur",
            "SIGMA",
            "dream.blur",
            "Gaussian blur of each step's gradient, pixels; filters mode defaults to 0.5 as presets do"));
    o.addOption(Args.presetOption("decay", "F", "dream.decay", "pull toward grey per iteration"));
    o.addOption(Args.presetOption("octaves", "N", "dream.octaves", "octaves"));
    o.addOption(
        Args.presetOption("octave-scale", "S", "dream.octave_scale", "size ratio between octaves"));
    o.addOption(Args.presetOption("iterations", "N", "dream.iterations", "iterations per octave"));
    o.addOption(Args.presetOption("step", "S", "dream.step", "step size, in intensity levels"));
    o.addOption(
        Args.presetOption("jitter", "PX", "dream.jitter", "random shift per iteration, pixels"));
    o.addOption(
        Args.presetOption(
            "tile",
            "PX",
            "dream.tile",
            "scales larger than this compute gradients in moving tiles, bounding memory for large stills"));
    o.addOption(Args.presetOption("seed", "N", "random.seed", "random seed for the jitter"));
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    StillDream.Result r = StillDream.run(request(cl), Args.modelStore(cl));
    out.printf("wrote %s (%dx%d) in %.1f s%n", r.file(), r.width(), r.height(), r.seconds());
    return 0;
  }

  /** The request the options say; every option left out takes its preset key's default. */
  static StillDream.Request request(CommandLine cl) throws UsageException {
    String[] pos = Args.positional(cl, "IMAGE", "OUT.png");
    DreamMode mode =
        DreamMode.valueOf(Args.presetChoice(cl, "mode", "mode").toUpperCase(Locale.ROOT));
    if (cl.hasOption("layer") && cl.hasOption("objective")) {
      throw new UsageException("give --layer or --objective, not both");
    }
    ObjectiveSchedule objective = ObjectiveSchedule.constant(List.of());
    try {
      if (cl.hasOption("objective")) {
        objective =
            ObjectiveSchedule.parseObjective(cl.getOptionValue("objective"), 0, Path.of(""));
      } else if (cl.hasOption("layer")) {
        objective =
            ObjectiveSchedule.parseTargets(
                String.join(", ", cl.getOptionValues("layer")), 0, mode == DreamMode.FILTERS);
      }
    } catch (ScheduleException e) {
      throw new UsageException(
          (cl.hasOption("objective") ? "--objective: " : "--layer: ") + e.getMessage());
    }
    double blur =
        cl.hasOption("blur") || mode != DreamMode.FILTERS
            ? Args.preset(cl, "blur", "dream.blur")
            : PresetSchema.FILTERS_BLUR;
    StillDream.Ascent ascent =
        new StillDream.Ascent(
            (int) Args.preset(cl, "octaves", "dream.octaves"),
            Args.preset(cl, "octave-scale", "dream.octave_scale"),
            (int) Args.preset(cl, "iterations", "dream.iterations"),
            Args.preset(cl, "step", "dream.step"),
            (int) Args.preset(cl, "jitter", "dream.jitter"),
            blur,
            Args.preset(cl, "decay", "dream.decay"));
    GradientSpec gradient =
        new GradientSpec(
            GradientSpec.Normalize.valueOf(
                Args.presetChoice(cl, "normalize", "dream.normalize").toUpperCase(Locale.ROOT)),
            GradientSpec.DEFAULT.lapLevels(),
            Args.presetChoice(cl, "color-space", "dream.color_space").equals("decorrelated"));
    return new StillDream.Request(
        Path.of(pos[0]),
        Path.of(pos[1]),
        cl.getOptionValue("model", PresetParser.DEFAULT_MODEL),
        mode,
        objective,
        ascent,
        gradient,
        (int) Args.preset(cl, "tile", "dream.tile"),
        Args.presetLong(cl, "seed", "random.seed"),
        Args.threads(cl));
  }
}
