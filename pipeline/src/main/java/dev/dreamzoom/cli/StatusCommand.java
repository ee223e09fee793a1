package dev.dreamzoom.cli;

import dev.dreamzoom.app.RenderStatus;
import dev.dreamzoom.batch.PresetQueue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code status [OUTPUT_ROOT]}: every render under an output folder, and the time left. */
final class StatusCommand implements Command {
  @Override
  public String name() {
    return "status";
  }

  @Override
  public String synopsis() {
    return "[OUTPUT_ROOT] [--queue QUEUE] [--lock-stale-after S]";
  }

  @Override
  public String summary() {
    return "every render under an output folder (default output/): finished, partial, in progress"
        + " (who, heartbeat, s/frame, ETA), failed (why) or waiting in --queue, and the total time left";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("queue")
            .hasArg()
            .argName("QUEUE")
            .desc("also list the queue's presets not started yet, with an ETA at the others' pace")
            .build());
    o.addOption(
        Args.lockStaleOption(
            "a lock whose heartbeat is older than this counts as abandoned" + " (default %d)"));
    return o;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    CommandLine cl = Args.parse(options(), args);
    if (cl.getArgs().length > 1) {
      throw new UsageException("status takes one OUTPUT_ROOT, got " + cl.getArgs().length);
    }
    Path root =
        cl.getArgs().length == 1 ? Path.of(cl.getArgs()[0]) : RenderCommand.defaultOutputRoot();
    List<RenderStatus.Entry> entries =
        RenderStatus.isRenderFolder(root)
            ? List.of(RenderStatus.of(root, Args.lockStale(cl)))
            : RenderStatus.scan(root, Args.lockStale(cl));
    if (cl.hasOption("queue")) {
      entries =
          RenderStatus.withQueue(
              entries, PresetQueue.read(Path.of(cl.getOptionValue("queue"))), root);
    }
    if (entries.isEmpty()) {
      out.println("no renders in " + root);
      return 0;
    }
    int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(6);
    String row = "%-" + Math.max(6, width) + "s  %-11s  %9s  %7s  %8s  %s%n";
    out.printf(row, "render", "state", "frames", "s/frame", "ETA", "note");
    double total = 0;
    for (RenderStatus.Entry e : entries) {
      total += e.etaSeconds();
      out.printf(
          row,
          e.name(),
          e.state().label(),
          e.done() + "/" + e.total(),
          e.secondsPerFrame() > 0 ? String.format("%.2f", e.secondsPerFrame()) : "-",
          e.etaSeconds() > 0 ? Durations.format(e.etaSeconds()) : "-",
          e.note().replace('\n', ' '));
    }
    long finished = entries.stream().filter(e -> e.state() == RenderStatus.State.FINISHED).count();
    out.printf(
        "%d render%s, %d finished; time left at %s pace: %s%n",
        entries.size(),
        entries.size() == 1 ? "" : "s",
        finished,
        entries.size() == 1 ? "its" : "their",
        Durations.format(total));
    return 0;
  }
}
