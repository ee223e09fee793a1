package dev.dreamzoom.render;

/** Told after each finished frame. */
@FunctionalInterface
public interface ProgressListener {
  /**
   * @param done frames finished so far
   * @param total frames in the render
   * @param secondsPerFrame mean wall time per frame so far
   */
  void frameDone(int done, int total, double secondsPerFrame);
}
