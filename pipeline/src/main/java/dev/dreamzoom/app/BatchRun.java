package dev.dreamzoom.app;

import dev.dreamzoom.batch.Summary;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.Problem;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue of presets rendered in turn: finished ones are skipped, partial ones resumed, one that
 * fails is recorded and the queue goes on; at the end a summary table is written beside the
 * renders. What {@code dreamzoom batch} does, on one machine or as one worker of a farm.
 */
public final class BatchRun {
  private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

  private BatchRun() {}

  /** What a batch reports while it runs. */
  public interface Listener {
    /** Preset {@code index} (0-based) of {@code count} starts. */
    void preset(int index, int count, Path preset);

    /** A line about the current preset (resumption, what was written). */
    void info(String line);

    /** A warning or note about the current preset, with its key and line where it has them. */
    void problem(Problem problem);

    /**
     * A frame of the current preset is done.
     *
     * @param queueEtaSeconds this preset's rest plus the presets after it, at this preset's pace
     *     per pixel-frame
     */
    void frame(
        int done, int total, double secondsPerFrame, double etaSeconds, double queueEtaSeconds);

    /** The current preset ended (done, resumed, skipped, locked or failed). */
    void ended(Summary.Row row);
  }

  /**
   * @param report the summary file written beside the renders
   * @param interrupted true when {@code stop} ended the queue early
   */
  public record Result(Summary summary, Path report, boolean interrupted) {
    public long failed() {
      return summary.count("failed");
    }
  }

  public static Result run(
      Path queueFile,
      List<Path> queue,
      RenderJob.Options options,
      BooleanSupplier stop,
      Listener listener)
      throws IOException {
    Summary summary = new Summary();
    // One set of media files for the estimate and the renders, so each track is analysed once.
    MediaFiles media = MediaFiles.keeping(options.outputRoot());
    media.restarting(options.restart());
    Workload workload = Workload.of(queue, options.frameLimit(), media);
    media.takeNotes();
    for (int i = 0; i < queue.size() && !stop.getAsBoolean(); i++) {
      Path preset = queue.get(i);
      listener.preset(i, queue.size(), preset);
      long start = System.nanoTime();
      long later = workload.after()[i + 1];
      double pixels = workload.pixels()[i];
      Summary.Row row;
      try {
        RenderJob.Result r =
            RenderJob.run(
                preset,
                options,
                stop,
                new RenderJob.Listener() {
                  @Override
                  public void info(String line) {
                    listener.info(line);
                  }

                  @Override
                  public void problem(Problem problem) {
                    listener.problem(problem);
                  }

                  @Override
                  public void frame(int done, int total, double spf) {
                    double rest = spf * (total - done);
                    listener.frame(done, total, spf, rest, rest + later * spf / pixels);
                  }
                },
                media);
        row =
            new Summary.Row(
                preset.getFileName().toString(),
                r.frames(),
                r.status().label,
                (System.nanoTime() - start) / 1e9,
                r.secondsPerFrame(),
                r.note());
      } catch (Exception e) {
        // One broken preset must not cost the rest of the night.
        log.debug("preset {} failed", preset, e);
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        row =
            new Summary.Row(
                preset.getFileName().toString(),
                0,
                "failed",
                (System.nanoTime() - start) / 1e9,
                0,
                why);
      }
      summary.add(row);
      listener.ended(row);
    }
    Path report =
        options
            .outputRoot()
            .resolve(
                "batch-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + "-"
                    + ProcessHandle.current().pid()
                    + ".txt");
    String table = summary.table();
    AtomicFiles.write(
        report,
        o -> o.write(("queue " + queueFile + "\n" + table).getBytes(StandardCharsets.UTF_8)));
    return new Result(summary, report, stop.getAsBoolean());
  }

  /**
   * The basis of the queue ETA, from one parse of each preset: its frame size in pixels, and for
   * each position the pixel-frames of the presets after it.
   */
  private record Workload(double[] pixels, long[] after) {
    static Workload of(List<Path> queue, int frameLimit, MediaFiles sounds) {
      double[] pixels = new double[queue.size()];
      long[] after = new long[queue.size() + 1];
      for (int i = queue.size() - 1; i >= 0; i--) {
        long work = 0;
        pixels[i] = 1;
        try {
          RenderSpec s = PresetParser.parse(queue.get(i), sounds);
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
