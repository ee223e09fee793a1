package dev.dreamzoom.preset;

import java.util.Map;

/**
 * What an expression's time-shaping needs besides the frame: the clip's rate (to turn seconds into
 * frames) and its soundtrack, when it has one.
 *
 * @param fps frames per second of the clip
 * @param sound the music's per-frame variables, or null for a preset without {@code audio}
 * @param stems the named stems' variables ({@code audio.drums} is {@code drums}), read as {@code
 *     drums.hit}
 */
public record Timeline(double fps, Sound sound, Map<String, Sound> stems) {
  /** For expressions parsed outside a preset (no music; seconds at 30 fps). */
  public static final Timeline NONE = new Timeline(30, null);

  public Timeline {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive: " + fps);
    }
    stems = Map.copyOf(stems);
  }

  public Timeline(double fps, Sound sound) {
    this(fps, sound, Map.of());
  }
}
