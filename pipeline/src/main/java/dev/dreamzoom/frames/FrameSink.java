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

  /** What stores a frame together with the state after it. */
  @FunctionalInterface
  interface WithState {
    void accept(int index, RgbImage frame, RgbImage state) throws IOException;
  }

  /**
   * A sink that stores each frame with its state through {@code store} (a frame alone is its own
   * state).
   */
  static FrameSink withState(WithState store) {
    return new FrameSink() {
      @Override
      public void accept(int index, RgbImage frame) throws IOException {
        store.accept(index, frame, frame);
      }

      @Override
      public void accept(int index, RgbImage frame, RgbImage state) throws IOException {
        store.accept(index, frame, state);
      }
    };
  }
}
