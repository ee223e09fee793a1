package dev.dreamzoom.color;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.ColorSpec;

/**
 * A picture's colour statistics in one space: the mean and covariance of its colours (for CIELAB
 * and RGB), per channel mean and standard deviation (HSV, whose hue has a circular mean only), or
 * for {@link ColorSpec.Mode#HISTOGRAM} the cumulative histogram of each RGB channel.
 */
final class Stats {
  private static final int BINS = 256;

  private final ColorSpec.Mode mode;
  private final double[] mean = new double[3];
  private final double[] std = new double[3];
  private final double[] cov = new double[9];

  /** Per RGB channel, the fraction of pixels at or below each level. */
  private final double[][] cdf = new double[3][];

  private Stats(ColorSpec.Mode mode) {
    this.mode = mode;
  }

  static Stats of(ColorSpec.Mode mode, RgbImage img) {
    Stats s = new Stats(mode);
    float[] p = img.pixels();
    int n = p.length / 3;
    if (mode == ColorSpec.Mode.HISTOGRAM) {
      for (int c = 0; c < 3; c++) {
        double[] hist = new double[BINS];
        for (int i = 0; i < n; i++) {
          hist[level(p[i * 3 + c])]++;
        }
        double acc = 0;
        s.cdf[c] = new double[BINS];
        for (int b = 0; b < BINS; b++) {
          acc += hist[b] / n;
          s.cdf[c][b] = acc;
        }
      }
      return s;
    }
    ColorSpace space = space(mode);
    double[] v = new double[3];
    double[] sum = new double[3];
    double[] sq = new double[3];
    double hueSin = 0;
    double hueCos = 0;
    for (int i = 0; i < n; i++) {
      space.fromRgb(p[i * 3], p[i * 3 + 1], p[i * 3 + 2], v);
      for (int c = 0; c < 3; c++) {
        sum[c] += v[c];
        sq[c] += v[c] * v[c];
        for (int d = 0; d < 3; d++) {
          s.cov[c * 3 + d] += v[c] * v[d];
        }
      }
      if (mode == ColorSpec.Mode.HSV) {
        // Hue is an angle: weigh it by saturation, so greys (whose hue means nothing) do not count.
        hueSin += v[1] * Math.sin(Math.toRadians(v[0]));
        hueCos += v[1] * Math.cos(Math.toRadians(v[0]));
      }
    }
    for (int c = 0; c < 3; c++) {
      s.mean[c] = sum[c] / n;
      s.std[c] = Math.sqrt(Math.max(0, sq[c] / n - s.mean[c] * s.mean[c]));
    }
    for (int c = 0; c < 3; c++) {
      for (int d = 0; d < 3; d++) {
        s.cov[c * 3 + d] = s.cov[c * 3 + d] / n - s.mean[c] * s.mean[d];
      }
    }
    if (mode == ColorSpec.Mode.HSV) {
      s.mean[0] = Math.toDegrees(Math.atan2(hueSin, hueCos));
    }
    return s;
  }

  /** {@code img} (whose statistics these are) with the statistics of {@code target}. */
  float[] transferTo(Stats target, RgbImage img) {
    float[] p = img.pixels();
    float[] out = new float[p.length];
    if (mode == ColorSpec.Mode.HISTOGRAM) {
      for (int c = 0; c < 3; c++) {
        double[] map = histogramMap(cdf[c], target.cdf[c]);
        for (int i = c; i < p.length; i += 3) {
          double x = Math.max(0, Math.min(BINS - 1, p[i]));
          int lo = (int) Math.floor(x);
          int hi = Math.min(BINS - 1, lo + 1);
          out[i] = (float) (map[lo] + (x - lo) * (map[hi] - map[lo]));
        }
      }
      return out;
    }
    ColorSpace space = space(mode);
    double[] v = new double[3];
    double[] t = mode == ColorSpec.Mode.HSV ? null : linearTransfer(cov, target.cov);
    for (int i = 0; i < p.length; i += 3) {
      space.fromRgb(p[i], p[i + 1], p[i + 2], v);
      if (t != null) {
        // Pitie and Kokaram's linear Monge-Kantorovitch transfer: the map from this colour
        // distribution's mean and covariance to the target's that moves colours least.
        double d0 = v[0] - mean[0];
        double d1 = v[1] - mean[1];
        double d2 = v[2] - mean[2];
        for (int c = 0; c < 3; c++) {
          v[c] = t[c * 3] * d0 + t[c * 3 + 1] * d1 + t[c * 3 + 2] * d2 + target.mean[c];
        }
        space.toRgb(v, out, i);
        continue;
      }
      for (int c = 0; c < 3; c++) {
        if (mode == ColorSpec.Mode.HSV && c == 0) {
          v[0] += target.mean[0] - mean[0];
        } else {
          double scale = std[c] > 1e-6 ? target.std[c] / std[c] : 1;
          v[c] = (v[c] - mean[c]) * scale + target.mean[c];
        }
      }
      space.toRgb(v, out, i);
    }
    return out;
  }

  /** T = A^(-1/2) (A^(1/2) B A^(1/2))^(1/2) A^(-1/2), which carries covariance A to B. */
  private static double[] linearTransfer(double[] a, double[] b) {
    double[] half = Symmetric3.power(a, 0.5);
    double[] inverseHalf = Symmetric3.power(a, -0.5);
    double[] middle =
        Symmetric3.power(Symmetric3.multiply(half, Symmetric3.multiply(b, half)), 0.5);
    return Symmetric3.multiply(inverseHalf, Symmetric3.multiply(middle, inverseHalf));
  }

  /** For each level of the source, the target level at the same cumulative fraction. */
  private static double[] histogramMap(double[] source, double[] target) {
    double[] map = new double[BINS];
    int j = 0;
    for (int b = 0; b < BINS; b++) {
      while (j < BINS - 1 && target[j] < source[b]) {
        j++;
      }
      double below = j == 0 ? 0 : target[j - 1];
      double span = target[j] - below;
      // Within the target bin, place the level where the source's fraction falls.
      map[b] = j - 1 + (span > 0 ? Math.max(0, Math.min(1, (source[b] - below) / span)) : 1);
    }
    return map;
  }

  private static int level(float v) {
    return (int) Math.max(0, Math.min(BINS - 1, Math.round(v)));
  }

  private static ColorSpace space(ColorSpec.Mode mode) {
    return switch (mode) {
      case LAB -> ColorSpace.LAB;
      case HSV -> ColorSpace.HSV;
      default -> ColorSpace.RGB;
    };
  }
}
