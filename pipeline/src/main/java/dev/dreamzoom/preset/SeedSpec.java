package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the frames come from: seeded noise or a photo cover-cropped to the frame, then the camera;
 * or a video, each of its frames in turn.
 *
 * @param video the source video, for {@link Kind#VIDEO}; null otherwise
 */
public record SeedSpec(Kind kind, Noise noise, Path image, VideoSpec video) {
  /** The seed source. */
  public enum Kind {
    NOISE,
    PHOTO,
    VIDEO
  }

  public SeedSpec(Kind kind, Noise noise, Path image) {
    this(kind, noise, image, null);
  }

  /** The noise pattern for {@link Kind#NOISE}. */
  public enum Noise {
    UNIFORM,
    FRACTAL
  }

  public SeedSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(noise, "noise");
    if (kind == Kind.PHOTO && image == null) {
      throw new IllegalArgumentException("a photo seed needs an image path");
    }
    if ((kind == Kind.VIDEO) != (video != null)) {
      throw new IllegalArgumentException("a video seed, and only it, has a video");
    }
  }
}
