package dev.dreamzoom.cli;

import dev.dreamzoom.app.Reencode;
import dev.dreamzoom.media.EncodeException;
import dev.dreamzoom.preset.EncodeSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code encode OUTPUT_DIR}: rebuilds a render's video from its frames, optionally with other
 * settings.
 */
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
    o.addOption(
        Option.builder()
            .longOpt("format")
            .hasArg()
            .argName("LIST")
            .desc("mp4, webm, gif, comma separated (default: the render's)")
            .build());
    o.addOption(Args.overrideOption("crf", "N", "encode.crf", "quality (H.264, VP9)"));
    o.addOption(Args.overrideOption("preset", "P", "encode.preset", "x264 preset"));
    o.addOption(Args.overrideOption("width", "W", "encode.width", "publish width (even)"));
    o.addOption(Args.overrideOption("height", "H", "encode.height", "publish height (even)"));
    o.addOption(Args.overrideOption("fps", "F", "fps", "frames per second"));
    o.addOption(
        Args.overrideOption(
            "interpolate",
            "K",
            "encode.interpolate",
            "output frames per rendered frame (1 = off)"));
    o.addOption(
        Args.overrideOption(
            "interpolate-mode",
            "M",
            "encode.interpolate_mode",
            "motion-compensated or cross-dissolve"));
    o.addOption(Args.overrideOption("loop", "L", "encode.loop", "how the clip loops"));
    o.addOption(
        Option.builder()
            .longOpt("partial")
            .desc(
                "encode an unfinished (or running) render's frames so far, as <name>.partial.mp4 marked"
                    + " partial in its metadata")
            .build());
    return o;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, EncodeException {
    CommandLine cl = Args.parse(options(), args);
    Path dir = Path.of(Args.positional(cl, "OUTPUT_DIR")[0]);
    Reencode.Overrides overrides =
        new Reencode.Overrides(
            cl.hasOption("format")
                ? List.of(cl.getOptionValue("format").replace(" ", "").split(","))
                : null,
            Args.overrideInt(cl, "crf", "encode.crf"),
            Args.overrideChoice(cl, "preset", "encode.preset"),
            Args.overrideInt(cl, "width", "encode.width"),
            Args.overrideInt(cl, "height", "encode.height"),
            Args.overrideInt(cl, "fps", "fps"),
            Args.overrideInt(cl, "interpolate", "encode.interpolate"),
            Args.overrideChoice(cl, "interpolate-mode", "encode.interpolate_mode"),
            Args.overrideChoice(cl, "loop", "encode.loop"));
    Reencode.Result r;
    try {
      r = Reencode.run(dir, overrides, cl.hasOption("partial"));
    } catch (IllegalArgumentException ex) {
      throw new UsageException(ex.getMessage());
    }
    for (Path p : r.written()) {
      out.printf("wrote %s%n", p);
    }
    EncodeSpec spec = r.spec();
    out.printf(
        "%d rendered frames at %d fps; clips %dx%d at %d fps (interpolate %d, loop %s), crf %d%n",
        r.frames(),
        r.fps(),
        spec.width(),
        spec.height(),
        r.fps() * spec.interpolate(),
        spec.interpolate(),
        spec.loop(),
        spec.crf());
    return 0;
  }
}
