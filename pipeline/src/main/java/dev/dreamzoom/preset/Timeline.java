package dev.dreamzoom.preset;

/**
 * What an expression's time-shaping needs besides the frame: the clip's rate (to turn seconds into
 * frames) and its soundtrack, when it has one.
 *
 * @param fps frames per second of the clip
 * @param sound the music's per-frame variables, or null for a preset without {@code audio}
 */
public record Timeline(double fps, Sound sound) {
  /** For expressions parsed outside a preset (no music; seconds at 30 fps). */
  public static final Timeline NONE = new Timeline(30, null);

  public Timeline {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive: " + fps);
    }
  }
}
