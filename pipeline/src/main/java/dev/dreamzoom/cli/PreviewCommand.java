package dev.dreamzoom.cli;

import dev.dreamzoom.app.MediaFiles;
import dev.dreamzoom.app.Preview;
import dev.dreamzoom.model.ModelException;
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
 * {@code preview PRESET --frame T}: what frame T will look like, in seconds instead of a night. By
 * default it dreams frame T's targets and settings straight onto the seed at reduced size; {@code
 * --exact} renders every frame up to T (at reduced size) as the real render would.
 */
final class PreviewCommand implements Command {
  @Override
  public String name() {
    return "preview";
  }

  @Override
  public String synopsis() {
    return "PRESET [--frame T] [--scale F] [--exact] [--mask] [--out FILE.png] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "render one frame of a preset quickly at reduced size, to check it before a long render";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("frame")
            .hasArg()
            .argName("T")
            .desc("frame to preview, 1-based as the frame files (default 1)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("scale")
            .hasArg()
            .argName("F")
            .desc("size relative to the preset's, 0.1..1 (default 0.5)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("exact")
            .desc("render all frames up to T (slower, but what the render will show)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("mask")
            .desc(
                "also write frame T's dream.mask beside the frame (<name>.mask.png, white dreams)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("out")
            .hasArg()
            .argName("FILE")
            .desc("where to write the PNG (default: output/<name>.preview-<T>.png)")
            .build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    Path presetFile = Path.of(Args.positional(cl, "PRESET")[0]);
    double scale = Args.doubleValue(cl, "scale", 0.1, 1, 0.5);
    int frameNumber = Args.intValue(cl, "frame", 1, 1_000_000, 1);
    RenderSpec spec =
        PresetParser.parse(presetFile, MediaFiles.reading(RenderCommand.defaultOutputRoot()));
    if (frameNumber > spec.frames()) {
      throw new UsageException(
          "--frame " + frameNumber + " is past the preset's " + spec.frames() + " frames");
    }
    if (cl.hasOption("mask") && spec.dream().mask() == null) {
      throw new UsageException(
          "--mask: " + presetFile + " has no dream.mask to show (it dreams everywhere)");
    }
    Preview.Result r =
        Preview.run(
            new Preview.Request(
                spec,
                frameNumber,
                scale,
                cl.hasOption("exact"),
                RenderCommand.defaultOutputRoot(),
                cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : null,
                Args.threads(cl),
                cl.hasOption("mask")),
            Args.modelStore(cl),
            new Preview.Listener() {
              @Override
              public void precision(String reason) {
                out.println("precision: " + reason);
              }

              @Override
              public void frame(int done, int total) {
                out.printf("frame %d/%d%n", done, total);
              }
            });
    out.printf(
        "wrote %s (%dx%d, frame %d%s) in %.1f s%n",
        r.file(),
        r.width(),
        r.height(),
        frameNumber,
        cl.hasOption("exact") ? "" : ", dreamed directly on the seed",
        r.seconds());
    if (r.maskFile() != null) {
      out.printf("wrote %s (frame %d's mask: white dreams)%n", r.maskFile(), frameNumber);
    }
    return 0;
  }
}
