package dev.dreamzoom.render;

import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.motion.Transform;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The render loop: frame 0 dreams on the seed; every later frame warps the previous one and
 * dreams again. The full-precision image is carried from frame to frame; the sink stores each.
 * A render may start at any frame given that frame's predecessor, which is how resuming works.
 */
public final class Renderer {
  private final FrameDreamer dreamer;
  private final Transform motion;
  private final FrameSink sink;

  public Renderer(FrameDreamer dreamer, Transform motion, FrameSink sink) {
    this.dreamer = dreamer;
    this.motion = motion;
    this.sink = sink;
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
   * @param start the seed when {@code from} is 0, else frame {@code from - 1} in full precision
   * @param stop asked before each frame; when true the run ends there, every stored frame complete
   */
  public Outcome render(RgbImage start, int from, int frames, BooleanSupplier stop,
      ProgressListener progress) throws IOException {
    long begin = System.nanoTime();
    RgbImage current = start;
    for (int t = from; t < frames; t++) {
      if (stop.getAsBoolean()) {
        return new Outcome(t, true, perFrame(begin, t - from));
      }
      RgbImage moved = t == 0 ? current : motion.apply(current, t);
      current = dreamer.dream(moved, t);
      sink.accept(t, current);
      progress.frameDone(t + 1, frames, perFrame(begin, t + 1 - from));
    }
    return new Outcome(frames, false, perFrame(begin, frames - from));
  }

  private static double perFrame(long begin, int frames) {
    return frames == 0 ? 0 : (System.nanoTime() - begin) / 1e9 / frames;
  }
}
