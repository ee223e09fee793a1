package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.Objects;

/** Where the first frame comes from: seeded noise, or a photo cover-cropped to the frame. */
public record SeedSpec(Kind kind, Noise noise, Path image) {
  /** The seed source. */
  public enum Kind {
    NOISE,
    PHOTO
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
  }
}
