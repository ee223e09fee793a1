package dev.dreamzoom.cli;

import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.encode.EncodeException;
import dev.dreamzoom.encode.Clips;
import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.preset.EncodeSpec;
import dev.dreamzoom.preset.PresetSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code encode OUTPUT_DIR}: rebuilds a render's video from its frames, optionally with other settings. */
final class EncodeCommand implements Command {
  @Override
  public String name() {
    return "encode";
  }

  @Override
  public String synopsis() {
    return "OUTPUT_DIR [--format LIST] [--crf N] [--preset P] [--width W --height H] [--fps F]"
        + " [--interpolate K] [--interpolate-mode M] [--loop L] [--partial]";
  }

  @Override
  public String summary() {
    return "rebuild a finished render's clips from its frames (e.g. other formats or settings)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("format").hasArg().argName("LIST")
        .desc("mp4, webm, gif, comma separated (default: the render's)").build());
    o.addOption(Option.builder().longOpt("crf").hasArg().argName("N").desc("quality 0..51 (H.264, VP9)").build());
    o.addOption(Option.builder().longOpt("preset").hasArg().argName("P")
        .desc("x264 preset, ultrafast ... veryslow").build());
    o.addOption(Option.builder().longOpt("width").hasArg().argName("W").desc("publish width (even)").build());
    o.addOption(Option.builder().longOpt("height").hasArg().argName("H").desc("publish height (even)").build());
    o.addOption(Option.builder().longOpt("fps").hasArg().argName("F").desc("frames per second").build());
    o.addOption(Option.builder().longOpt("interpolate").hasArg().argName("K")
        .desc("K output frames per rendered frame, 1..8 (1 = off)").build());
    o.addOption(Option.builder().longOpt("interpolate-mode").hasArg().argName("M")
        .desc("mci (motion-compensated) or blend").build());
    o.addOption(Option.builder().longOpt("loop").hasArg().argName("L")
        .desc("none, pingpong or crossfade").build());
    o.addOption(Option.builder().longOpt("partial")
        .desc("encode an unfinished (or running) render's frames so far, as <name>.partial.mp4 marked"
            + " partial in its metadata").build());
    return o;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, EncodeException {
    CommandLine cl = Args.parse(options(), args);
    Path dir = Path.of(Args.positional(cl, "OUTPUT_DIR")[0]).toAbsolutePath().normalize();
    List<String> x264Presets = PresetSchema.key("encode.preset").choices();
    if (cl.hasOption("preset") && !x264Presets.contains(cl.getOptionValue("preset"))) {
      throw new UsageException("--preset must be one of " + String.join(" | ", x264Presets) + ", got '"
          + cl.getOptionValue("preset") + "'");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("render folder not found: " + dir);
    }
    RenderFolder folder = new RenderFolder(dir.getParent(), dir.getFileName().toString());
    Manifest m = folder.manifest().orElseThrow(() -> new IOException(
        dir + " has no manifest.properties: not a render folder of this program"));
    EncodeSpec e = m.encode();
    String x264 = cl.getOptionValue("preset", e.x264Preset());
    EncodeSpec spec;
    try {
      List<String> formats = cl.hasOption("format")
          ? List.of(cl.getOptionValue("format").replace(" ", "").split(",")) : e.formats();
      spec = new EncodeSpec(formats, Args.intValue(cl, "crf", 0, 51, e.crf()), x264,
          Args.intValue(cl, "width", 16, 7680, e.width()), Args.intValue(cl, "height", 16, 4320, e.height()),
          e.keyframeInterval(), e.posterFrame(), cl.getOptionValue("loop", e.loop()), e.loopFrames(),
          Args.intValue(cl, "interpolate", 1, 8, e.interpolate()),
          cl.getOptionValue("interpolate-mode", e.interpolateMode()), e.audio(), e.audioFade());
    } catch (IllegalArgumentException ex) {
      throw new UsageException(ex.getMessage());
    }
    int fps = Args.intValue(cl, "fps", 1, 240, m.fps());
    int done = folder.checkpoint().map(Checkpoint::framesDone).orElse(0);
    int target = m.frames() > 0 ? m.frames() : done;
    List<Path> frames = folder.frames().list().stream().limit(Math.min(done, target)).toList();
    boolean whole = frames.size() == Math.min(done, target) && frames.equals(
        java.util.stream.IntStream.range(0, frames.size()).mapToObj(folder.frames()::file).toList());
    if (!whole) {
      throw new IOException(folder.frames().dir() + " has frames missing; dreamzoom verify " + dir
          + " lists them and dreamzoom repair " + dir + " regenerates them");
    }
    if (frames.isEmpty()) {
      throw new IOException("no frames in " + folder.frames().dir());
    }
    List<Path> written;
    if (cl.hasOption("partial")) {
      Map<String, String> meta = new TreeMap<>(m.metadata());
      meta.put("dreamzoom_partial", "frames 1-" + frames.size() + " of " + target);
      meta.put("comment", meta.getOrDefault("comment", "") + "; PARTIAL: frames 1-" + frames.size()
          + " of " + target);
      written = Clips.publish(frames, dir, m.name() + ".partial", fps, spec, meta, n -> { });
    } else {
      Path lockFile = dir.resolveSibling(m.name() + ".lock");
      Optional<RenderLock> lock = RenderLock.tryAcquire(lockFile, Duration.ofSeconds(600));
      if (lock.isEmpty()) {
        throw new IOException(m.name() + " is being rendered by " + RenderLock.holder(lockFile)
            .map(Object::toString).orElse("another process") + " (lock " + lockFile + "); encode it when"
            + " the render ends, or add --partial for a clip of the frames so far");
      }
      try (RenderLock held = lock.get()) {
        if (done < target) {
          throw new IOException(m.name() + " is unfinished: " + done + " of " + target + " frames;"
              + " finish it with dreamzoom render (it resumes), or add --partial for a clip of the frames"
              + " so far");
        }
        written = Clips.publish(frames, dir, m.name(), fps, spec, m.metadata(), n -> { });
        m.withEncodedFrames(frames.size()).write(folder.manifestFile());
      }
    }
    for (Path p : written) {
      out.printf("wrote %s%n", p);
    }
    out.printf("%d rendered frames at %d fps; clips %dx%d at %d fps (interpolate %d, loop %s), crf %d%n",
        frames.size(), fps, spec.width(), spec.height(), fps * spec.interpolate(), spec.interpolate(),
        spec.loop(), spec.crf());
    return 0;
  }
}
