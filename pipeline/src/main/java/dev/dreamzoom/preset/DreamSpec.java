package dev.dreamzoom.preset;

import java.util.Objects;

/**
 * How each frame is dreamed. An empty {@code objective} means "the model's recommended layers" (or
 * filters, in filters mode). The step is in intensity levels of the 0..255 image (how far the
 * normalized gradient moves a pixel's value); jitter and blur are in pixels.
 *
 * @param blur standard deviation in pixels of the Gaussian blur applied to each step's gradient (0
 *     = none); it suppresses the high-frequency static filter visualizations tend to
 * @param decay fraction by which each iteration pulls the image toward mid-grey (0 = none); it
 *     keeps only the structure the objective renews, which makes filter visualizations specific
 * @param tile scales larger than this many pixels a side compute gradients in tiles, bounding
 *     memory for 4K frames; 0 never tiles
 * @param growth for the first frame in filters mode: how many times the canvas grows by {@code
 *     growthScale} from a small start to full size, so structure forms at several scales
 * @param gradient how each step normalizes the gradient, and in which colour basis
 * @param precision what the network computes in
 * @param mask where the dream acts, or null for everywhere
 */
public record DreamSpec(
    DreamMode mode,
    ObjectiveSchedule objective,
    Param octaves,
    Param octaveScale,
    Param iterations,
    Param step,
    Param jitter,
    Param blur,
    Param decay,
    int growth,
    double growthScale,
    int tile,
    GradientSpec gradient,
    Precision precision,
    MaskSpec mask) {
  public DreamSpec {
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(octaves, "octaves");
    Objects.requireNonNull(octaveScale, "octaveScale");
    Objects.requireNonNull(iterations, "iterations");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(jitter, "jitter");
    Objects.requireNonNull(blur, "blur");
    Objects.requireNonNull(decay, "decay");
    Objects.requireNonNull(gradient, "gradient");
    PresetSchema.key("filters.growth").require(growth);
    PresetSchema.key("filters.growth_scale").require(growthScale);
    PresetSchema.key("dream.tile").require(tile);
  }

  /** A copy with another tile size. */
  public DreamSpec withTile(int t) {
    return new DreamSpec(
        mode,
        objective,
        octaves,
        octaveScale,
        iterations,
        step,
        jitter,
        blur,
        decay,
        growth,
        growthScale,
        t,
        gradient,
        precision,
        mask);
  }

  /** A copy with another objective (e.g. the model's defaults filled in). */
  public DreamSpec withObjective(ObjectiveSchedule t) {
    return new DreamSpec(
        mode,
        t,
        octaves,
        octaveScale,
        iterations,
        step,
        jitter,
        blur,
        decay,
        growth,
        growthScale,
        tile,
        gradient,
        precision,
        mask);
  }

  /** A copy computing in another precision. */
  public DreamSpec withPrecision(Precision p) {
    return new DreamSpec(
        mode,
        objective,
        octaves,
        octaveScale,
        iterations,
        step,
        jitter,
        blur,
        decay,
        growth,
        growthScale,
        tile,
        gradient,
        p,
        mask);
  }
}
