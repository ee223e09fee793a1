package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Colour coherence ({@code color.coherence}, {@code color.reference}, {@code color.strength}).
 *
 * @param reference what colours are held to
 * @param image the reference picture when {@code reference} is {@link Reference#IMAGE}, else null
 * @param strength per frame, 0 (off) to 1 (fully matched)
 */
public record ColorSpec(Mode mode, Reference reference, Path image, Param strength) {
  /** In which space statistics are matched. */
  public enum Mode {
    NONE,
    LAB,
    RGB,
    HSV,
    HISTOGRAM
  }

  /** What the reference picture is. */
  public enum Reference {
    /** The first frame, as dreamed and stored. */
    FIRST,
    /** The seed: the photo, or the noise. */
    SEED,
    /** An image file. */
    IMAGE
  }

  public static final ColorSpec NONE =
      new ColorSpec(Mode.NONE, Reference.FIRST, null, Param.constant(1));

  public ColorSpec {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(strength, "strength");
    if ((reference == Reference.IMAGE) != (image != null)) {
      throw new IllegalArgumentException("an image exactly when the reference is an image");
    }
  }
}
