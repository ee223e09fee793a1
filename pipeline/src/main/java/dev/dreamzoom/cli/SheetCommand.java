package dev.dreamzoom.cli;

import dev.dreamzoom.frames.ContactSheet;
import dev.dreamzoom.frames.FrameFolder;
import dev.dreamzoom.image.ImageFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code sheet OUTPUT_DIR}: every k-th frame of a render on one numbered PNG. */
final class SheetCommand implements Command {
  @Override
  public String name() {
    return "sheet";
  }

  @Override
  public String synopsis() {
    return "OUTPUT_DIR [--every K] [--columns C] [--width PX] [--out FILE.png]";
  }

  @Override
  public String summary() {
    return "write a contact sheet of a render's frames (every k-th, numbered)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("every")
            .hasArg()
            .argName("K")
            .desc("take every K-th frame (default: about 24 frames in all)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("columns")
            .hasArg()
            .argName("C")
            .desc("thumbnails per row (default 6)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("width")
            .hasArg()
            .argName("PX")
            .desc("thumbnail width (default 240)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("out")
            .hasArg()
            .argName("FILE")
            .desc("where to write it (default: OUTPUT_DIR/sheet.png)")
            .build());
    return o;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    CommandLine cl = Args.parse(options(), args);
    Path dir = Path.of(Args.positional(cl, "OUTPUT_DIR")[0]);
    if (!Files.isDirectory(dir)) {
      throw new IOException("render folder not found: " + dir);
    }
    List<Path> frames = new FrameFolder(dir.resolve("frames")).list();
    if (frames.isEmpty()) {
      throw new IOException(
          "no frames in " + dir.resolve("frames") + " (is it a render's output folder?)");
    }
    int every = Args.intValue(cl, "every", 1, 1_000_000, Math.max(1, (frames.size() + 23) / 24));
    int columns = Args.intValue(cl, "columns", 1, 100, 6);
    int width = Args.intValue(cl, "width", 16, 4096, 240);
    Path target =
        cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : dir.resolve("sheet.png");
    ImageFiles.writePngAtomically(ContactSheet.ofFrames(frames, every, columns, width), target);
    out.printf(
        "wrote %s (%d of %d frames, every %d)%n",
        target, (frames.size() + every - 1) / every, frames.size(), every);
    return 0;
  }
}
