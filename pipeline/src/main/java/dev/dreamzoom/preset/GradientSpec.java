package dev.dreamzoom.preset;

import java.util.Objects;

/**
 * How each step treats the gradient before it is applied ({@code dream.normalize}, {@code
 * dream.lap_levels}, {@code dream.color_space}).
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

  /**
   * The schema's defaults ({@code dream.normalize}, {@code dream.lap_levels}, {@code
   * dream.color_space}).
   */
  public static final GradientSpec DEFAULT =
      new GradientSpec(
          Normalize.valueOf(
              PresetSchema.key("dream.normalize")
                  .defaultValue()
                  .toUpperCase(java.util.Locale.ROOT)),
          (int) PresetSchema.key("dream.lap_levels").defaultNumber(),
          PresetSchema.key("dream.color_space").defaultValue().equals("decorrelated"));

  public GradientSpec {
    Objects.requireNonNull(normalize, "normalize");
    PresetSchema.key("dream.lap_levels").require(lapLevels);
  }
}
