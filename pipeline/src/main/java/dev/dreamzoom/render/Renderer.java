package dev.dreamzoom.render;

import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.motion.CameraMove;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;

/**
 * The render loop: frame 0 dreams on the seed; every later dreamed frame dreams again on the
 * previous dreamed frame carried there by the camera. With a cadence of N, only every N-th frame is
 * dreamed (the cadence read at each dreamed frame says how far the next one is); each frame in
 * between is the dreamed frames before and after it carried to it by the camera and cross-dissolved
 * ({@link CameraMove#between}). The full-precision image is carried from frame to frame; the sink
 * stores each frame with the state a render continues from: the last dreamed frame at or before it.
 * A render may start at any frame given that state, which is how resuming works; where the next
 * dreamed frame lies past the clip's end it is dreamed all the same, so a frame never depends on
 * how long the clip is.
 */
public final class Renderer {
  private final FrameDreamer dreamer;
  private final CameraMove motion;
  private final FrameSink sink;
  private final IntUnaryOperator cadence;

  /** Dreams every frame. */
  public Renderer(FrameDreamer dreamer, CameraMove motion, FrameSink sink) {
    this(dreamer, motion, sink, t -> 1);
  }

  /**
   * @param cadence the distance from dreamed frame t to the next dreamed frame (at least 1)
   */
  public Renderer(
      FrameDreamer dreamer, CameraMove motion, FrameSink sink, IntUnaryOperator cadence) {
    this.dreamer = dreamer;
    this.motion = motion;
    this.sink = sink;
    this.cadence = cadence;
  }

  /** How a run ended. */
  public record Outcome(int framesDone, boolean stopped, double secondsPerFrame) {}

  /** Renders frames {@code 0..frames-1} from {@code seed}. */
  public Outcome render(RgbImage seed, int frames, ProgressListener progress) throws IOException {
    return render(seed, 0, frames, () -> false, progress);
  }

  /**
   * Renders frames {@code from..frames-1}.
   *
   * @param start the seed when {@code from} is 0, else the state stored with frame {@code from - 1}
   *     in full precision: the dreamed frame {@link #dreamedAtOrBefore}{@code (from - 1)}
   * @param stop asked before each frame; when true the run ends there, every stored frame complete
   */
  public Outcome render(
      RgbImage start, int from, int frames, BooleanSupplier stop, ProgressListener progress)
      throws IOException {
    long begin = System.nanoTime();
    int t = from;
    int key;
    RgbImage dreamed;
    if (from == 0) {
      if (stop.getAsBoolean()) {
        return new Outcome(0, true, 0);
      }
      dreamed = dreamer.dream(start, 0);
      key = 0;
      store(0, dreamed, dreamed, frames, from, begin, progress);
      t = 1;
    } else {
      key = dreamedAtOrBefore(from - 1);
      dreamed = start;
    }
    while (t < frames) {
      if (stop.getAsBoolean()) {
        return new Outcome(t, true, perFrame(begin, t - from));
      }
      int next = key + step(key);
      RgbImage nextDreamed = dreamer.dream(motion.carry(dreamed, key, next), next);
      for (; t < next && t < frames; t++) {
        if (t > from && stop.getAsBoolean()) {
          return new Outcome(t, true, perFrame(begin, t - from));
        }
        store(
            t,
            motion.between(dreamed, key, nextDreamed, next, t),
            dreamed,
            frames,
            from,
            begin,
            progress);
      }
      if (t == next && t < frames) {
        store(t, nextDreamed, nextDreamed, frames, from, begin, progress);
        t++;
      }
      key = next;
      dreamed = nextDreamed;
    }
    return new Outcome(frames, false, perFrame(begin, frames - from));
  }

  /** The last dreamed frame at or before frame {@code t}. */
  public int dreamedAtOrBefore(int t) {
    int key = 0;
    while (key + step(key) <= t) {
      key += step(key);
    }
    return key;
  }

  private int step(int key) {
    return Math.max(1, cadence.applyAsInt(key));
  }

  private void store(
      int t,
      RgbImage frame,
      RgbImage state,
      int frames,
      int from,
      long begin,
      ProgressListener progress)
      throws IOException {
    sink.accept(t, frame, state);
    progress.frameDone(t + 1, frames, perFrame(begin, t + 1 - from));
  }

  private static double perFrame(long begin, int frames) {
    return frames == 0 ? 0 : (System.nanoTime() - begin) / 1e9 / frames;
  }
}
