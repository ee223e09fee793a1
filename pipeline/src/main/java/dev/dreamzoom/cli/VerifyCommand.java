package dev.dreamzoom.cli;

import dev.dreamzoom.app.FrameRepair;
import dev.dreamzoom.frames.FrameCheck;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.preset.PresetException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code verify OUTPUT_DIR}: reports missing, damaged and unexpected frames of a render. */
final class VerifyCommand implements Command {
  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String synopsis() {
    return "OUTPUT_DIR";
  }

  @Override
  public String summary() {
    return "check a render's frames: missing, damaged (PNG does not decode) or unexpected files;"
        + " exit 1 if any";
  }

  @Override
  public Options options() {
    return new Options();
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException {
    CommandLine cl = Args.parse(options(), args);
    Path dir = Path.of(Args.positional(cl, "OUTPUT_DIR")[0]);
    FrameRepair.Verified v = FrameRepair.verify(dir);
    FrameCheck c = v.check();
    out.printf(
        "%s: %d of %d frames rendered%s%n",
        v.manifest().name(),
        c.done(),
        v.target(),
        v.renderingBy() != null
            ? ", being rendered by " + v.renderingBy()
            : v.finished() ? ", finished" : "");
    if (v.specProblem() != null) {
      out.println(
          "  preset: "
              + v.specProblem()
              + "; frames checked against the size of frame 1 ("
              + v.width()
              + "x"
              + v.height()
              + "); repair needs the preset as it was");
    }
    if (v.checkpointProblem() != null) {
      out.println(
          "  checkpoint: " + v.checkpointProblem() + "; the frames on disk are counted instead");
    }
    if (!v.damagedKept().isEmpty()) {
      out.println(
          "  kept checkpoints damaged: after frames "
              + v.damagedKept().stream()
                  .map(String::valueOf)
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
    if (v.manifest().sources() == null) {
      out.println(
          "  sources: not recorded (a render begun before dreamzoom recorded them); the frames are"
              + " checked, the files they came from cannot be");
    } else if (v.sourceChanges().isEmpty()) {
      out.println(
          "  sources: "
              + v.manifest().sources().size()
              + (v.manifest().sources().size() == 1 ? " file" : " files")
              + " as when the render began"
              + (v.manifest().sources().isEmpty()
                  ? ""
                  : " ("
                      + String.join(
                          ", ", v.manifest().sources().stream().map(s -> s.key()).toList())
                      + ")"));
    }
    v.sourceChanges()
        .values()
        .forEach(
            change ->
                out.println(
                    "  source changed: "
                        + change
                        + " since the render began;"
                        + " resume, repair and encode refuse it until the file is back as it was (or render --restart starts"
                        + " over from it)"));
    List<String> kernels = v.manifest().kernels();
    String here = Kernels.here().family("bfloat16".equals(v.manifest().precision()));
    out.println(
        "  kernels: "
            + (kernels.isEmpty()
                ? "not recorded (a render begun before they were recorded)"
                : String.join(", then ", kernels))
            + "; this machine: "
            + here);
    if (kernels.size() > 1) {
      out.println(
          "  note: resumed on another CPU kernel family; frames after that point differ from an"
              + " uninterrupted render on the first machine (a valid render all the same)");
    }
    if (!c.missing().isEmpty()) {
      out.println("  missing: frames " + FrameCheck.numbers(c.missing()));
    }
    if (!c.damaged().isEmpty()) {
      out.println(
          "  damaged: frames "
              + FrameCheck.numbers(c.damaged())
              + " (do not decode as "
              + v.width()
              + "x"
              + v.height()
              + " PNGs)");
    }
    if (v.renderingBy() != null && !c.after().isEmpty()) {
      out.println(
          "  in progress: frames "
              + FrameCheck.numbers(c.after())
              + " (written since the last"
              + " checkpoint)");
    }
    for (String u : v.renderingBy() != null ? c.unexpected() : c.leftovers()) {
      out.println("  unexpected: " + u);
    }
    if (v.framesOk()) {
      out.println("  all " + c.done() + " frames present and decodable");
      return v.ok() ? 0 : 1;
    }
    boolean frames = !c.toRegenerate().isEmpty();
    boolean checkpoints = v.checkpointsDamaged();
    if (frames || checkpoints) {
      out.println(
          "  dreamzoom repair "
              + dir
              + (frames ? " regenerates the frames" : "")
              + (frames && checkpoints ? " and" : "")
              + (checkpoints ? " rebuilds the checkpoints" : "")
              + " exactly");
    }
    return 1;
  }
}
