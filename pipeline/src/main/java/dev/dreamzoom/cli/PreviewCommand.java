package dev.dreamzoom.cli;

import dev.dreamzoom.app.PreparedRender;
import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.DreamSpec;
import dev.dreamzoom.preset.MotionSpec;
import dev.dreamzoom.preset.Param;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code preview PRESET --frame T}: what frame T will look like, in seconds instead of a night.
 * By default it dreams frame T's targets and settings straight onto the seed at reduced size;
 * {@code --exact} renders every frame up to T (at reduced size) as the real render would.
 */
final class PreviewCommand implements Command {
  @Override
  public String name() {
    return "preview";
  }

  @Override
  public String synopsis() {
    return "PRESET [--frame T] [--scale F] [--exact] [--out FILE.png] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "render one frame of a preset quickly at reduced size, to check it before a long render";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("frame").hasArg().argName("T")
        .desc("frame to preview, 1-based as the frame files (default 1)").build());
    o.addOption(Option.builder().longOpt("scale").hasArg().argName("F")
        .desc("size relative to the preset's, 0.1..1 (default 0.5)").build());
    o.addOption(Option.builder().longOpt("exact")
        .desc("render all frames up to T (slower, but what the render will show)").build());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
        .desc("where to write the PNG (default: output/<name>.preview-<T>.png)").build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    Path presetFile = Path.of(Args.positional(cl, "PRESET")[0]);
    double scale = Args.doubleValue(cl, "scale", 0.1, 1, 0.5);
    int frameNumber = Args.intValue(cl, "frame", 1, 1_000_000, 1);
    int threads = Args.threads(cl);
    RenderSpec full = PresetParser.parse(presetFile);
    if (frameNumber > full.frames()) {
      throw new UsageException("--frame " + frameNumber + " is past the preset's " + full.frames() + " frames");
    }
    int t = frameNumber - 1;
    RenderSpec spec = scaled(full, scale);
    PreparedRender prepared = PreparedRender.load(spec, Args.modelStore(cl)).choosingPrecision(threads);
    spec = prepared.spec();
    out.println("precision: " + prepared.precision().reason());
    Path target = cl.hasOption("out") ? Path.of(cl.getOptionValue("out"))
        : RenderCommand.defaultOutputRoot().resolve(spec.name() + ".preview-" + frameNumber + ".png");

    RgbImage seed = prepared.seed();
    long t0 = System.nanoTime();
    RgbImage[] last = {seed};
    try (DreamStep step = prepared.newStep(threads)) {
      if (cl.hasOption("exact")) {
        prepared.renderer(step, (i, frame) -> last[0] = frame)
            .render(seed, t + 1, (done, total, spf) -> out.printf("frame %d/%d%n", done, total));
      } else {
        last[0] = prepared.dreamer(step).dreamFresh(seed, t, loss -> { });
      }
    }
    ImageFiles.writePngAtomically(prepared.frameOf(last[0]), target);
    out.printf("wrote %s (%dx%d, frame %d%s) in %.1f s%n", target, spec.width(), spec.height(),
        frameNumber, cl.hasOption("exact") ? "" : ", dreamed directly on the seed",
        (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  /** The preset at {@code f} times its size; pixel-valued settings scale along. */
  static RenderSpec scaled(RenderSpec s, double f) {
    if (f == 1) {
      return s;
    }
    int w = Math.max(32, 2 * (int) Math.round(s.width() * f / 2));
    int h = Math.max(32, 2 * (int) Math.round(s.height() * f / 2));
    DreamSpec d = s.dream();
    Param jitter = t -> d.jitter().at(t) * f;
    DreamSpec dream = new DreamSpec(d.mode(), d.objective(), d.octaves(), d.octaveScale(),
        d.iterations(), d.step(), jitter, d.blur(), d.decay(), d.growth(), d.growthScale(), d.tile(),
        d.gradient(), d.precision());
    MotionSpec m = s.motion();
    MotionSpec motion = new MotionSpec(m.zoom(), m.angle(), t -> m.tx().at(t) * f,
        t -> m.ty().at(t) * f, m.border(), m.cx(), m.cy(), m.tiltX(), m.tiltY(),
        (int) Math.round(m.overscan() * f));
    return new RenderSpec(s.name(), s.source(), s.seed(), s.randomSeed(), w, h, s.fps(),
        s.frames(), s.model(), s.modelInput(), dream, motion, s.encode(), s.color(), s.checkpointEvery(),
        s.cadence(), s.lines(), s.warnings());
  }
}
