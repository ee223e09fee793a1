package dev.dreamzoom.cli;

import dev.dreamzoom.app.FrameRepair;
import dev.dreamzoom.app.RenderJob;
import dev.dreamzoom.frames.FrameCheck;
import dev.dreamzoom.media.EncodeException;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code repair OUTPUT_DIR}: regenerates missing and damaged frames exactly, then re-encodes. */
final class RepairCommand implements Command {
  @Override
  public String name() {
    return "repair";
  }

  @Override
  public String synopsis() {
    return "OUTPUT_DIR [--lock-stale-after S] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "regenerate a render's missing or damaged frames byte for byte, from its kept checkpoints,"
        + " and re-encode a finished render";
  }

  @Override
  public Options options() {
    return RenderCommand.withJobOptions(new Options());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException, ModelException, EncodeException {
    CommandLine cl = Args.parse(options(), args);
    Path dir = Path.of(Args.positional(cl, "OUTPUT_DIR")[0]);
    FrameRepair.Repaired r =
        FrameRepair.repair(
            dir,
            Args.modelStore(cl),
            Args.threads(cl),
            Args.lockStale(cl),
            new RenderJob.Listener() {
              @Override
              public void info(String line) {
                out.println(line);
              }

              @Override
              public void problem(Problem problem) {
                out.println(problem.describe(null));
              }

              @Override
              public void frame(int done, int total, double secondsPerFrame) {}
            });
    String name = r.before().manifest().name();
    if (!r.changed()) {
      out.println(name + ": nothing to repair");
    } else {
      List<String> what = new ArrayList<>();
      if (!r.regenerated().isEmpty()) {
        what.add("regenerated frames " + FrameCheck.numbers(r.regenerated()));
      }
      if (r.before().checkpointProblem() != null) {
        what.add("rebuilt the latest checkpoint");
      }
      if (!r.before().damagedKept().isEmpty()) {
        what.add(
            "rebuilt the kept checkpoints after frames "
                + r.before().damagedKept().stream()
                    .map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")));
      }
      out.printf("%s: %s (%d frames dreamed)%n", name, String.join("; ", what), r.dreamed());
    }
    for (Path clip : r.clips()) {
      out.println("wrote " + clip);
    }
    for (String u : r.before().check().leftovers()) {
      out.println("left alone: " + u);
    }
    return 0;
  }
}
