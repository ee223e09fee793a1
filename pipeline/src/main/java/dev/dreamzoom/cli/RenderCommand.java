package dev.dreamzoom.cli;

import dev.dreamzoom.app.RenderJob;
import dev.dreamzoom.media.EncodeException;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code render PRESET}: every frame as a PNG, then the MP4; resumes an interrupted render. */
final class RenderCommand implements Command {

  private final Context context;

  RenderCommand(Context context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "render";
  }

  @Override
  public String synopsis() {
    return "PRESET [--frames N] [--output DIR] [--restart] [--lock-stale-after S] [--model-mirror DIR]"
        + " [--threads N]";
  }

  @Override
  public String summary() {
    return "render a preset to output/<name>/ (frames, then the clips); resumes where it stopped";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("frames")
            .hasArg()
            .argName("N")
            .desc("render only the first N frames (default: the preset's frames)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("output")
            .hasArg()
            .argName("DIR")
            .desc("output root; the render goes to DIR/<name>/ (default: output/)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("restart")
            .desc("move an earlier render of this preset aside (never deleted) and start over")
            .build());
    return withJobOptions(o);
  }

  /** Options every command that runs render jobs shares. */
  static Options withJobOptions(Options o) {
    o.addOption(
        Args.lockStaleOption(
            "treat a preset's lock as stale when its holder has not touched it"
                + " for this long (default %d; a holder on this host whose process is gone is stale at once)"));
    return Args.withCommon(o);
  }

  /** The default output root: {@code output/} of the installation when run by the launcher. */
  static Path defaultOutputRoot() {
    String home = System.getProperty("dreamzoom.home");
    return home == null ? Path.of("output") : Path.of(home, "output");
  }

  static RenderJob.Options jobOptions(CommandLine cl, int frameLimit, boolean restart)
      throws UsageException {
    Path root = cl.hasOption("output") ? Path.of(cl.getOptionValue("output")) : defaultOutputRoot();
    for (Path p = root.toAbsolutePath(); p != null; p = p.getParent()) {
      if (java.nio.file.Files.exists(p)) {
        if (!java.nio.file.Files.isDirectory(p)) {
          throw new UsageException(
              "--output "
                  + root
                  + ": "
                  + p
                  + " is a file, not a folder; name a"
                  + " folder (it is created if missing)");
        }
        break;
      }
    }
    return new RenderJob.Options(
        root, Args.modelStore(cl), Args.threads(cl), frameLimit, restart, Args.lockStale(cl));
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException, ModelException, EncodeException {
    CommandLine cl = Args.parse(options(), args);
    Path presetFile = Path.of(Args.positional(cl, "PRESET")[0]);
    RenderJob.Options options =
        jobOptions(cl, Args.intValue(cl, "frames", 1, 1_000_000, 0), cl.hasOption("restart"));
    ProgressLine progress = new ProgressLine(out, context.liveProgress());
    RenderJob.Result r =
        RenderJob.run(
            presetFile,
            options,
            context.interrupts(),
            new RenderJob.Listener() {
              @Override
              public void info(String line) {
                progress.println(line);
              }

              @Override
              public void problem(Problem problem) {
                progress.println(problem.describe(presetFile.toString()));
              }

              @Override
              public void frame(int done, int total, double spf) {
                progress.update(
                    String.format(
                        "frame %d/%d  %.2f s/frame  ETA %s",
                        done, total, spf, Durations.format(spf * (total - done))));
              }
            });
    switch (r.status()) {
      case LOCKED -> {
        err.println("error: " + r.name() + " is " + r.note());
        return 1;
      }
      case STOPPED -> {
        progress.println(r.note());
        return context.interrupts().exitCode();
      }
      case FINISHED_EARLIER -> {
        progress.println(r.name() + ": " + r.note() + "; video " + r.video());
        return 0;
      }
      default -> {
        progress.println(
            String.format(
                "done: %d frames (%d rendered now%s); video %s",
                r.frames(),
                r.rendered(),
                r.rendered() > 0 ? String.format(", %.2f s/frame", r.secondsPerFrame()) : "",
                r.video()));
        return 0;
      }
    }
  }
}
