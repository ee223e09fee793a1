package dev.dreamzoom.cli;

import dev.dreamzoom.encode.EncodeException;
import dev.dreamzoom.encode.Mp4Encoder;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.preset.EncodeSpec;
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
    return "OUTPUT_DIR [--crf N] [--preset P] [--width W --height H] [--fps F]";
  }

  @Override
  public String summary() {
    return "rebuild a render's MP4 from its frames (e.g. with other encode settings)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("crf").hasArg().argName("N").desc("x264 quality 0..51").build());
    o.addOption(Option.builder().longOpt("preset").hasArg().argName("P").desc("x264 preset").build());
    o.addOption(Option.builder().longOpt("width").hasArg().argName("W").desc("publish width (even)").build());
    o.addOption(Option.builder().longOpt("height").hasArg().argName("H").desc("publish height (even)").build());
    o.addOption(Option.builder().longOpt("fps").hasArg().argName("F").desc("frames per second").build());
    return o;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, EncodeException {
    CommandLine cl = Args.parse(options(), args);
    Path dir = Path.of(Args.positional(cl, "OUTPUT_DIR")[0]).toAbsolutePath().normalize();
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
      spec = new EncodeSpec(e.format(), Args.intValue(cl, "crf", 0, 51, e.crf()), x264,
          Args.intValue(cl, "width", 16, 7680, e.width()), Args.intValue(cl, "height", 16, 4320, e.height()));
    } catch (IllegalArgumentException ex) {
      throw new UsageException(ex.getMessage());
    }
    int fps = Args.intValue(cl, "fps", 1, 240, m.fps());
    List<Path> frames = folder.frames().list();
    if (frames.isEmpty()) {
      throw new IOException("no frames in " + folder.frames().dir());
    }
    Path video = m.name().equals(dir.getFileName().toString()) ? folder.video()
        : dir.resolve(m.name() + ".mp4");
    Mp4Encoder.encode(frames, video, fps, spec, n -> { });
    m.withEncodedFrames(frames.size()).write(folder.manifestFile());
    out.printf("wrote %s: %d frames, %dx%d at %d fps, crf %d, preset %s%n", video, frames.size(),
        spec.width(), spec.height(), fps, spec.crf(), spec.x264Preset());
    return 0;
  }
}
