package dev.dreamzoom.frames;

import dev.dreamzoom.image.RgbImage;
import java.io.IOException;

/** Receives each finished frame, in order. */
@FunctionalInterface
public interface FrameSink {
  /** Stores frame {@code index} (0-based). */
  void accept(int index, RgbImage frame) throws IOException;
}
