package dev.dreamzoom.dream;

import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.DreamSpec;
import java.util.function.DoubleConsumer;

/** Dreams frame {@code t} the way a preset says: its values and target weights at that frame. */
public final class ScheduledDreamer {
  private final OctaveDreamer dreamer;
  private final DreamSpec spec;
  private final long randomSeed;

  /** {@code step} must have been built for {@code spec.objective().terms()}. */
  public ScheduledDreamer(DreamStep step, DreamSpec spec, long randomSeed) {
    if (!step.terms().equals(spec.objective().terms())) {
      throw new IllegalArgumentException("the step was built for other terms");
    }
    this.dreamer = new OctaveDreamer(step, spec.tile());
    this.spec = spec;
    this.randomSeed = randomSeed;
  }

  /** Frame {@code t}'s settings. */
  public OctaveDreamer.Settings settingsAt(int t) {
    return new OctaveDreamer.Settings(
        spec.octaves().intAt(t),
        spec.octaveScale().at(t),
        spec.iterations().intAt(t),
        spec.step().at(t),
        spec.jitter().intAt(t),
        spec.blur().at(t),
        spec.decay().at(t),
        spec.objective().weightsAt(t));
  }

  /**
   * Dreams on {@code start} as frame {@code t}. In filters mode the first frame grows from a small
   * canvas; every other frame uses octaves.
   */
  public RgbImage dream(RgbImage start, int t, DoubleConsumer losses) {
    return dream(start, t, null, losses);
  }

  /** As {@link #dream(RgbImage, int, DoubleConsumer)}, each update weighted by {@code mask}. */
  public RgbImage dream(RgbImage start, int t, Mask mask, DoubleConsumer losses) {
    OctaveDreamer.Settings s = settingsAt(t);
    long seed = frameSeed(randomSeed, t);
    if (t == 0 && spec.mode() == DreamMode.FILTERS && spec.growth() > 0) {
      return dreamer.grow(start, s, spec.growth(), spec.growthScale(), seed, mask, losses);
    }
    return dreamer.dream(start, s, seed, mask, losses);
  }

  /**
   * Frame {@code t}'s objective and settings dreamed directly onto {@code seed}, as if it were the
   * first frame: a quick look at what the objective paints at that point of the clip.
   */
  public RgbImage dreamFresh(RgbImage seed, int t, Mask mask, DoubleConsumer losses) {
    OctaveDreamer.Settings s = settingsAt(t);
    if (spec.mode() == DreamMode.FILTERS && spec.growth() > 0) {
      return dreamer.grow(
          seed, s, spec.growth(), spec.growthScale(), frameSeed(randomSeed, t), mask, losses);
    }
    return dreamer.dream(seed, s, frameSeed(randomSeed, t), mask, losses);
  }

  /**
   * A stable per-frame random seed, so any frame's randomness is known without replaying others.
   */
  public static long frameSeed(long randomSeed, int t) {
    return randomSeed * 0x9E3779B97F4A7C15L + t;
  }
}
