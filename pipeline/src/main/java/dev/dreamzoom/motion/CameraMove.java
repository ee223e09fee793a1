package dev.dreamzoom.motion;

import dev.dreamzoom.image.RgbImage;

/**
 * Moves the previous frame to where frame {@code t} starts dreaming; with {@code render.cadence},
 * also carries a dreamed frame over several frames, and makes the frames between two dreamed ones.
 */
@FunctionalInterface
public interface CameraMove {
  RgbImage apply(RgbImage previous, int t);

  /** {@code image}, as frame {@code from} shows it, moved on to frame {@code to} (from &lt; to). */
  default RgbImage carry(RgbImage image, int from, int to) {
    RgbImage moved = image;
    for (int t = from + 1; t <= to; t++) {
      moved = apply(moved, t);
    }
    return moved;
  }

  /**
   * Frame {@code t} between two dreamed frames: {@code before} (frame {@code from}) carried forward
   * and {@code after} (frame {@code to}) carried back, cross-dissolved by how far {@code t} lies
   * between them.
   */
  default RgbImage between(RgbImage before, int from, RgbImage after, int to, int t) {
    throw new UnsupportedOperationException("this motion cannot carry frames backward");
  }
}
