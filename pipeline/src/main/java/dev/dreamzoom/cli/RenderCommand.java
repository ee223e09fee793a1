package dev.dreamzoom.cli;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.PresetDreamer;
import dev.dreamzoom.encode.EncodeException;
import dev.dreamzoom.encode.Mp4Encoder;
import dev.dreamzoom.frames.FrameFolder;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.motion.Warp;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.render.Renderer;
import dev.dreamzoom.seed.Seeds;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code render PRESET}: every frame as a PNG, then the MP4. */
final class RenderCommand implements Command {
  @Override
  public String name() {
    return "render";
  }

  @Override
  public String synopsis() {
    return "PRESET [--frames N] [--output DIR] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "render a preset to output/<name>/frames/*.png and output/<name>/<name>.mp4";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("frames").hasArg().argName("N")
        .desc("render only the first N frames (default: the preset's frames)").build());
    o.addOption(Option.builder().longOpt("output").hasArg().argName("DIR")
        .desc("output root; the render goes to DIR/<name>/ (default: output/)").build());
    return Args.withCommon(o);
  }

  /** The default output root: {@code output/} of the installation when run by the launcher. */
  static Path defaultOutputRoot() {
    String home = System.getProperty("dreamzoom.home");
    return home == null ? Path.of("output") : Path.of(home, "output");
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException, ModelException, EncodeException {
    CommandLine cl = Args.parse(options(), args);
    Path presetFile = Path.of(Args.positional(cl, "PRESET")[0]);
    int frameLimit = Args.intValue(cl, "frames", 1, 1_000_000, 0);
    int threads = Args.threads(cl);
    RenderSpec spec = PresetParser.parse(presetFile);
    if (frameLimit > 0) {
      spec = spec.withFrames(frameLimit);
    }
    Path root = cl.hasOption("output") ? Path.of(cl.getOptionValue("output")) : defaultOutputRoot();

    Prepared prepared = Prepared.load(spec, Args.modelStore(cl));
    spec = prepared.spec();
    RgbImage seed = Seeds.create(spec.seed(), spec.width(), spec.height(), spec.randomSeed());

    // The step validates layers and channels, so it is built before anything on disk changes.
    Path dir = root.resolve(spec.name());
    FrameFolder frames = new FrameFolder(dir.resolve("frames"));
    double secondsPerFrame;
    try (DreamStep step = prepared.newStep(threads)) {
      moveAsideIfPresent(dir, out);
      Files.createDirectories(frames.dir());
      Files.copy(presetFile, dir.resolve("preset.properties"), StandardCopyOption.REPLACE_EXISTING);
      out.printf("rendering %s: %d frames of %dx%d at %d fps, %s with %s %s, into %s%n",
          spec.name(), spec.frames(), spec.width(), spec.height(), spec.fps(),
          spec.dream().mode().name().toLowerCase(java.util.Locale.ROOT), spec.model(),
          prepared.describeTargets(), dir);

      PresetDreamer dreamer = new PresetDreamer(step, spec.dream(), spec.randomSeed());
      Renderer renderer = new Renderer((img, t) -> dreamer.dream(img, t, loss -> { }),
          new Warp(spec.motion()), frames);
      secondsPerFrame = renderer.render(seed, spec.frames(), (done, total, spf) ->
          out.printf("frame %d/%d  %.2f s/frame  ETA %s%n", done, total, spf,
              Durations.format(spf * (total - done))));
    }

    Path video = dir.resolve(spec.name() + ".mp4");
    out.printf("encoding %s (H.264 crf %d, preset %s, %dx%d)%n", video, spec.encode().crf(),
        spec.encode().x264Preset(), spec.encode().width(), spec.encode().height());
    Mp4Encoder.encode(frames.list(), video, spec.fps(), spec.encode(), n -> { });
    out.printf("done: %d frames in %s, %.2f s/frame; video %s%n", spec.frames(), frames.dir(),
        secondsPerFrame, video);
    return 0;
  }

  /** An earlier render of the same name is kept, renamed, never overwritten or deleted. */
  private static void moveAsideIfPresent(Path dir, PrintStream out) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path aside = dir.resolveSibling(dir.getFileName() + ".old-" + stamp);
    for (int i = 1; Files.exists(aside); i++) {
      aside = dir.resolveSibling(dir.getFileName() + ".old-" + stamp + "-" + i);
    }
    Files.move(dir, aside);
    out.println("moved the earlier render aside to " + aside);
  }
}
