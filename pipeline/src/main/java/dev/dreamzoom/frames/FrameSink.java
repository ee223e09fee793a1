package dev.dreamzoom.frames;

import dev.dreamzoom.image.RgbImage;
import java.io.IOException;

/** Receives each finished frame, in order. */
@FunctionalInterface
public interface FrameSink {
  /** Stores frame {@code index} (0-based). */
  void accept(int index, RgbImage frame) throws IOException;

  /**
   * Stores frame {@code index} with the state a render continues from after it: the frame itself,
   * or with {@code render.cadence}, the last dreamed frame (see {@code render.Renderer}). Sinks
   * that keep no state store the frame alone.
   */
  default void accept(int index, RgbImage frame, RgbImage state) throws IOException {
    accept(index, frame);
  }
}
