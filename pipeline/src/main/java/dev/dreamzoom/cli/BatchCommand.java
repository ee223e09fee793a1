package dev.dreamzoom.cli;

import dev.dreamzoom.app.RenderJob;
import dev.dreamzoom.batch.PresetQueue;
import dev.dreamzoom.batch.Summary;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code batch QUEUE}: renders each preset of a queue in turn: finished ones are skipped, partial
 * ones resumed, one that fails is recorded and the queue goes on. Several workers may share a
 * queue and an output folder: each preset is locked while rendered, and {@code --shard I/N}
 * gives each worker a fixed share.
 */
final class BatchCommand implements Command {
  private static final Logger log = LoggerFactory.getLogger(BatchCommand.class);

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
    o.addOption(Option.builder().longOpt("output").hasArg().argName("DIR")
        .desc("output root for every preset (default: output/)").build());
    o.addOption(Option.builder().longOpt("shard").hasArg().argName("I/N")
        .desc("render only shard I of N (every N-th preset from the I-th): one worker of N").build());
    o.addOption(Option.builder().longOpt("frames").hasArg().argName("N")
        .desc("render only the first N frames of each preset").build());
    return RenderCommand.withJobOptions(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws UsageException, IOException {
    CommandLine cl = Args.parse(options(), args);
    Path queueFile = Path.of(Args.positional(cl, "QUEUE")[0]);
    RenderJob.Options options = RenderCommand.jobOptions(cl,
        Args.intValue(cl, "frames", 1, 1_000_000, 0), false);
    List<Path> queue = PresetQueue.read(queueFile);
    if (cl.hasOption("shard")) {
      String[] parts = cl.getOptionValue("shard").split("/", -1);
      try {
        if (parts.length != 2) {
          throw new IllegalArgumentException("not I/N");
        }
        queue = PresetQueue.shard(queue, Integer.parseInt(parts[0].strip()),
            Integer.parseInt(parts[1].strip()));
      } catch (RuntimeException e) {
        throw new UsageException("--shard must be I/N with 1 <= I <= N, got " + cl.getOptionValue("shard"));
      }
    }
    if (queue.isEmpty()) {
      throw new UsageException("no presets in " + queueFile + (cl.hasOption("shard") ? " for this shard" : ""));
    }

    ProgressLine progress = new ProgressLine(out, context.liveProgress());
    Summary summary = new Summary();
    Workload workload = Workload.of(queue, options.frameLimit());
    double[] secondsPerPixelFrame = {0};
    for (int i = 0; i < queue.size() && !context.interrupts().getAsBoolean(); i++) {
      Path preset = queue.get(i);
      String label = String.format("[%d/%d] %s", i + 1, queue.size(), preset.getFileName());
      progress.println(label);
      long start = System.nanoTime();
      long later = workload.after()[i + 1];
      double pixels = workload.pixels()[i];
      try {
        RenderJob.Result r = RenderJob.run(preset, options, context.interrupts(), new RenderJob.Listener() {
          @Override
          public void info(String line) {
            progress.println("  " + line);
          }

          @Override
          public void frame(int done, int total, double spf) {
            double rest = spf * (total - done);
            secondsPerPixelFrame[0] = spf / pixels;
            progress.update(String.format("  %s frame %d/%d  %.2f s/frame  ETA %s  queue ETA ~%s",
                label, done, total, spf, Durations.format(rest),
                Durations.format(rest + later * secondsPerPixelFrame[0])));
          }
        });
        double wall = (System.nanoTime() - start) / 1e9;
        summary.add(new Summary.Row(preset.getFileName().toString(), r.frames(), r.status().label,
            wall, r.secondsPerFrame(), r.note()));
        progress.println("  " + r.status().label + (r.note() == null ? "" : ": " + r.note()));
      } catch (Exception e) {
        // One broken preset must not cost the rest of the night.
        log.debug("preset {} failed", preset, e);
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        summary.add(new Summary.Row(preset.getFileName().toString(), 0, "failed",
            (System.nanoTime() - start) / 1e9, 0, why));
        progress.println("  failed: " + why.replace("\n", "\n  "));
      }
    }

    String table = summary.table();
    progress.println("");
    out.print(table);
    Path report = options.outputRoot().resolve("batch-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + ProcessHandle.current().pid() + ".txt");
    AtomicFiles.write(report, o -> o.write(("queue " + queueFile + "\n" + table).getBytes(StandardCharsets.UTF_8)));
    out.println("summary written to " + report);
    if (context.interrupts().getAsBoolean()) {
      return context.interrupts().exitCode();
    }
    long failed = summary.count("failed");
    if (failed > 0) {
      err.println("error: " + failed + " of " + summary.rows().size() + " presets failed (see the table)");
      return 1;
    }
    return 0;
  }

  /**
   * The basis of the queue ETA, from one parse of each preset: its frame size in pixels, and for
   * each position the pixel-frames of the presets after it.
   */
  private record Workload(double[] pixels, long[] after) {
    static Workload of(List<Path> queue, int frameLimit) {
      double[] pixels = new double[queue.size()];
      long[] after = new long[queue.size() + 1];
      for (int i = queue.size() - 1; i >= 0; i--) {
        long work = 0;
        pixels[i] = 1;
        try {
          RenderSpec s = PresetParser.parse(queue.get(i));
          int frames = frameLimit > 0 ? Math.min(frameLimit, s.frames()) : s.frames();
          pixels[i] = (double) s.width() * s.height();
          work = (long) pixels[i] * frames;
        } catch (Exception e) {
          // Reported when its turn comes; it adds no work.
        }
        after[i] = after[i + 1] + work;
      }
      return new Workload(pixels, after);
    }
  }
}
