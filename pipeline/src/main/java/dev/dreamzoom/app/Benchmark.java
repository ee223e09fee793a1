package dev.dreamzoom.app;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.OctaveDreamer;
import dev.dreamzoom.dream.StepProfile;
import dev.dreamzoom.dream.Tiles;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.frames.BackgroundSink;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.graph.GraphCost;
import dev.dreamzoom.render.Renderer;
import dev.dreamzoom.seed.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One benchmark workload measured the way {@code bench} reports it: each octave's dream iteration
 * timed on its own, then frames rendered end to end (dream, warp, PNG and checkpoint) into a
 * scratch folder.
 */
public final class Benchmark {
  private Benchmark() {}

  /**
   * One octave size's iteration: its time and the convolution FLOPs it computes, and where the time
   * goes when profiled.
   *
   * @param profile per op type, or empty when not asked for
   */
  public record Octave(
      int width,
      int height,
      boolean tiled,
      double msPerIteration,
      double gflopPerIteration,
      Profile profile) {
    public double gflops() {
      return gflopPerIteration / (msPerIteration / 1000);
    }
  }

  /**
   * One traced iteration: its wall time and each op type's summed time (from TensorFlow's step
   * statistics; two threads run ops side by side, so the op times may add up to more than the
   * wall).
   */
  public record Profile(double wallMillis, List<OpTime> ops) {
    public static final Profile NONE = new Profile(0, List.of());

    public double opMillis() {
      return ops.stream().mapToDouble(OpTime::millis).sum();
    }
  }

  /**
   * @param onednn whether TensorFlow ran the op through a oneDNN kernel
   */
  public record OpTime(String type, long nodes, double millis, boolean onednn) {}

  /**
   * @param secondsPerFrame over the frames after the first (which pays TensorFlow's one-time set-up
   *     for each octave's shapes, as a long render does once)
   * @param gflopPerFrame the convolution FLOPs of one frame's iterations
   */
  public record Frames(int frames, double secondsPerFrame, double gflopPerFrame) {
    public double gflops() {
      return gflopPerFrame / secondsPerFrame;
    }
  }

  /**
   * Times {@code prepared} (its precision already chosen): {@code octave} receives each octave as
   * it is measured; then {@code frames} frames after a first untimed one.
   *
   * @param iterations timed iterations per octave, after one untimed
   */
  public static Frames measure(
      PreparedRender prepared,
      int threads,
      int iterations,
      int frames,
      Path scratch,
      boolean profile,
      Consumer<Octave> octave)
      throws IOException, ModelException {
    var spec = prepared.spec();
    Set<String> layers = spec.dream().objective().layers();
    try (DreamStep step = prepared.newStep(threads)) {
      OctaveDreamer.Settings s = prepared.dreamer(step).settingsAt(1);
      List<int[]> sizes = OctaveDreamer.octaveSizes(spec.width(), spec.height(), s);
      double frameGflop = 0;
      for (int[] size : sizes) {
        RgbImage image = Seeds.fractal(size[0], size[1], 1);
        OctaveDreamer dreamer = new OctaveDreamer(step, spec.dream().tile());
        dreamer.dream(image, withIterations(s, 1), 1, x -> {});
        long t0 = System.nanoTime();
        dreamer.dream(image, withIterations(s, iterations), 2, x -> {});
        double ms = (System.nanoTime() - t0) / 1e6 / iterations;
        double gflop =
            2.0 * GraphCost.forwardFlops(prepared.network(), layers, size[0], size[1]) / 1e9;
        Profile traced = Profile.NONE;
        if (profile) {
          // Traced apart from the timing: a full trace slows each run down.
          StepProfile p = new StepProfile();
          step.profile(p);
          dreamer.dream(image, withIterations(s, iterations), 3, x -> {});
          step.profile(null);
          traced =
              new Profile(
                  p.wallMillisPerRun(),
                  p.ops().stream()
                      .map(o -> new OpTime(o.type(), o.nodes(), o.millis(), o.onednn()))
                      .toList());
        }
        octave.accept(
            new Octave(
                size[0],
                size[1],
                Tiles.needed(size[0], size[1], spec.dream().tile()),
                ms,
                gflop,
                traced));
        frameGflop += s.iterations() * gflop;
      }

      Path tmp = Files.createTempDirectory(scratch, "render");
      try {
        RenderFolder folder =
            new RenderFolder(tmp, spec.name(), spec.motion().overscan(), spec.checkpointEvery());
        folder.prepare();
        long[] firstDone = new long[1];
        Renderer.Outcome outcome;
        try (BackgroundSink sink = new BackgroundSink(folder, 2)) {
          outcome =
              prepared
                  .renderer(step, sink)
                  .render(
                      prepared.seed(),
                      frames + 1,
                      (d, total, spf) -> {
                        if (d == 1) {
                          firstDone[0] = System.nanoTime();
                        }
                      });
        }
        // Until the last frame is on disk, as a render would count it.
        double secondsPerFrame =
            (System.nanoTime() - firstDone[0]) / 1e9 / (outcome.framesDone() - 1);
        return new Frames(frames, secondsPerFrame, frameGflop);
      } finally {
        AtomicFiles.deleteTree(tmp);
      }
    }
  }

  /** One octave of {@code s} with {@code n} iterations. */
  private static OctaveDreamer.Settings withIterations(OctaveDreamer.Settings s, int n) {
    return OctaveDreamer.Settings.oneScale(
        n, s.step(), s.jitter(), s.blur(), s.decay(), s.weights());
  }
}
