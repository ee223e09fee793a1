package dev.dreamzoom.cli;

import dev.dreamzoom.encode.EncodeException;
import dev.dreamzoom.encode.Clips;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.preset.EncodeSpec;
import dev.dreamzoom.preset.PresetSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        + " [--interpolate N] [--interpolate-mode M] [--loop L]"
        + " [--interpolate K] [--interpolate-mode M] [--loop L]";
  }

  @Override
  public String summary() {
    return "rebuild a render's clips from its frames (e.g. other formats or settings)";
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
    List<Path> frames = folder.frames().list();
    if (frames.isEmpty()) {
      throw new IOException("no frames in " + folder.frames().dir());
    }
    List<Path> written = Clips.publish(frames, dir, m.name(), fps, spec, m.metadata(), n -> { });
    m.withEncodedFrames(frames.size()).write(folder.manifestFile());
    for (Path p : written) {
      out.printf("wrote %s%n", p);
    }
    out.printf("%d rendered frames at %d fps; clips %dx%d at %d fps (interpolate %d, loop %s), crf %d%n",
        frames.size(), fps, spec.width(), spec.height(), fps * spec.interpolate(), spec.interpolate(),
        spec.loop(), spec.crf());
    return 0;
  }
}
