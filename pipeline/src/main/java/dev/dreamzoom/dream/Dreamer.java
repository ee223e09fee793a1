package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.DreamSpec;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * DeepDream over octaves: ascend on a small copy of the image first, then carry the detail it
 * added up to each larger scale, ending at full size (as in google/deepdream's notebook).
 */
public final class Dreamer {
  /** Octaves whose shorter side would fall below this are skipped: the network sees too little. */
  static final int MIN_OCTAVE_SIDE = 64;

  private final DreamStep step;

  public Dreamer(DreamStep step) {
    this.step = step;
  }

  /** One frame's dream settings, as the preset's values at that frame. */
  public record Settings(int octaves, double octaveScale, int iterations, double step, int jitter) {
    public Settings {
      if (octaves < 1 || iterations < 1 || !(octaveScale > 1) || !(step > 0) || jitter < 0) {
        throw new IllegalArgumentException("invalid dream settings: " + octaves + " octaves, scale "
            + octaveScale + ", " + iterations + " iterations, step " + step + ", jitter " + jitter);
      }
    }

    /** The preset's values at frame {@code t}. */
    public static Settings at(DreamSpec spec, int t) {
      return new Settings(spec.octaves().intAt(t), spec.octaveScale().at(t),
          spec.iterations().intAt(t), spec.step().at(t), spec.jitter().intAt(t));
    }
  }

  /**
   * Dreams {@code image}; all randomness comes from {@code seed}, so the same image, settings and
   * seed give the same result.
   */
  public RgbImage dream(RgbImage image, Settings s, long seed, DoubleConsumer losses) {
    SplittableRandom random = new SplittableRandom(seed);
    int w = image.width();
    int h = image.height();
    int octaves = s.octaves();
    while (octaves > 1
        && Math.min(w, h) / Math.pow(s.octaveScale(), octaves - 1) < MIN_OCTAVE_SIDE) {
      octaves--;
    }
    RgbImage detail = null;
    RgbImage result = image;
    for (int o = octaves - 1; o >= 0; o--) {
      double f = Math.pow(s.octaveScale(), o);
      int ow = Math.max(1, (int) Math.round(w / f));
      int oh = Math.max(1, (int) Math.round(h / f));
      RgbImage base = image.resize(ow, oh);
      RgbImage start = detail == null ? base : base.plus(detail.resize(ow, oh));
      result = step.ascend(start, s.iterations(), (float) s.step(), s.jitter(), random, losses);
      detail = result.minus(base);
    }
    return result;
  }
}
