package dev.dreamzoom.preset;

import java.util.Objects;

/**
 * How each step treats the gradient before it is applied ({@code dream.normalize},
 * {@code dream.lap_levels}, {@code dream.color_space}).
 *
 * @param lapLevels bands of the Laplacian pyramid, for {@link Normalize#LAPLACIAN}
 * @param decorrelated whether the step is taken in lucid's decorrelated colour basis
 */
public record GradientSpec(Normalize normalize, int lapLevels, boolean decorrelated) {
  /** What the gradient is divided by. */
  public enum Normalize {
    /** Its mean absolute value (the DeepDream notebook's). */
    MEANABS,
    /** Its standard deviation (root mean square). */
    STD,
    /** Each band of its Laplacian pyramid by that band's standard deviation, then mean-abs. */
    LAPLACIAN
  }

  /** Today's treatment: mean-abs normalization in RGB. */
  public static final GradientSpec DEFAULT = new GradientSpec(Normalize.MEANABS, 4, false);

  public GradientSpec {
    Objects.requireNonNull(normalize, "normalize");
    if (lapLevels < 1 || lapLevels > 8) {
      throw new IllegalArgumentException("lap_levels must be in 1..8: " + lapLevels);
    }
  }
}
