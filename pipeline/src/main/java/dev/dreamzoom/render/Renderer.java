package dev.dreamzoom.render;

import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.motion.Transform;
import java.io.IOException;

/**
 * The render loop: frame 0 dreams on the seed; every later frame warps the previous one and
 * dreams again. The full-precision image is carried from frame to frame; the sink stores each.
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

  /** Renders frames {@code 0..frames-1} from {@code seed}; returns the mean seconds per frame. */
  public double render(RgbImage seed, int frames, ProgressListener progress) throws IOException {
    long start = System.nanoTime();
    RgbImage current = seed;
    for (int t = 0; t < frames; t++) {
      RgbImage moved = t == 0 ? current : motion.apply(current, t);
      current = dreamer.dream(moved, t);
      sink.accept(t, current);
      double perFrame = (System.nanoTime() - start) / 1e9 / (t + 1);
      progress.frameDone(t + 1, frames, perFrame);
    }
    return (System.nanoTime() - start) / 1e9 / frames;
  }
}
