package dev.dreamzoom.cli;

import dev.dreamzoom.app.BatchRun;
import dev.dreamzoom.app.RenderJob;
import dev.dreamzoom.batch.PresetQueue;
import dev.dreamzoom.batch.Summary;
import dev.dreamzoom.preset.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code batch QUEUE}: renders each preset of a queue in turn: finished ones are skipped, partial
 * ones resumed, one that fails is recorded and the queue goes on. Several workers may share a queue
 * and an output folder: each preset is locked while rendered, and {@code --shard I/N} gives each
 * worker a fixed share.
 */
final class BatchCommand implements Command {
  private final Context context;

  BatchCommand(Context context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public String synopsis() {
    return "QUEUE [--output DIR] [--shard I/N] [--frames N] [--lock-stale-after S] [--model-mirror DIR]"
        + " [--threads N]";
  }

  @Override
  public String summary() {
    return "render a queue (a folder of presets, or a file listing them), resuming and skipping"
        + " as needed";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("output")
            .hasArg()
            .argName("DIR")
            .desc("output root for every preset (default: output/)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("shard")
            .hasArg()
            .argName("I/N")
            .desc("render only shard I of N (every N-th preset from the I-th): one worker of N")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("frames")
            .hasArg()
            .argName("N")
            .desc("render only the first N frames of each preset")
            .build());
    return RenderCommand.withJobOptions(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    CommandLine cl = Args.parse(options(), args);
    Path queueFile = Path.of(Args.positional(cl, "QUEUE")[0]);
    RenderJob.Options options =
        RenderCommand.jobOptions(cl, Args.intValue(cl, "frames", 1, 1_000_000, 0), false);
    List<Path> queue = PresetQueue.read(queueFile);
    if (cl.hasOption("shard")) {
      String[] parts = cl.getOptionValue("shard").split("/", -1);
      try {
        if (parts.length != 2) {
          throw new IllegalArgumentException("not I/N");
        }
        queue =
            PresetQueue.shard(
                queue, Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
      } catch (RuntimeException e) {
        throw new UsageException(
            "--shard must be I/N with 1 <= I <= N, got " + cl.getOptionValue("shard"));
      }
    }
    if (queue.isEmpty()) {
      throw new UsageException(
          "no presets in " + queueFile + (cl.hasOption("shard") ? " for this shard" : ""));
    }

    ProgressLine progress = new ProgressLine(out, context.liveProgress());
    String[] label = {""};
    Path[] current = {null};
    BatchRun.Result result =
        BatchRun.run(
            queueFile,
            queue,
            options,
            context.interrupts(),
            new BatchRun.Listener() {
              @Override
              public void preset(int index, int count, Path preset) {
                label[0] = String.format("[%d/%d] %s", index + 1, count, preset.getFileName());
                current[0] = preset;
                progress.println(label[0]);
              }

              @Override
              public void info(String line) {
                progress.println("  " + line);
              }

              @Override
              public void problem(Problem problem) {
                progress.println("  " + problem.describe(current[0].toString()));
              }

              @Override
              public void frame(int done, int total, double spf, double eta, double queueEta) {
                progress.update(
                    String.format(
                        "  %s frame %d/%d  %.2f s/frame  ETA %s  queue ETA ~%s",
                        label[0],
                        done,
                        total,
                        spf,
                        Durations.format(eta),
                        Durations.format(queueEta)));
              }

              @Override
              public void ended(Summary.Row row) {
                progress.println(
                    "  "
                        + row.status()
                        + (row.note() == null
                            ? ""
                            : ": "
                                + (row.status().equals("failed")
                                    ? row.note().replace("\n", "\n  ")
                                    : row.note())));
              }
            });
    progress.println("");
    out.print(result.summary().table());
    out.println("summary written to " + result.report());
    if (result.interrupted()) {
      return context.interrupts().exitCode();
    }
    if (result.failed() > 0) {
      err.println(
          "error: "
              + result.failed()
              + " of "
              + result.summary().rows().size()
              + " presets failed (see the table)");
      return 1;
    }
    return 0;
  }
}
