package dev.dreamzoom.motion;

import dev.dreamzoom.image.RgbImage;

/**
 * The renderer's source of frames: what frame {@code t} starts dreaming from, given the dreamed
 * frame before it; with {@code render.cadence}, also carries a dreamed frame over several frames,
 * and makes the frames between two dreamed ones. A still seed's frames come from the camera ({@link
 * Warp}); a video's from its own frames and motion ({@link FlowCarry}): the render loop is the same
 * for both.
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
