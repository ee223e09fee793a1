package dev.dreamzoom.color;

import dev.dreamzoom.image.RgbImage;

/** Colour figures of a picture, for reports and tests: mean HSV saturation, mean CIELAB colour. */
public final class Measure {
  private Measure() {}

  /** Mean HSV saturation, 0..255. */
  public static double meanSaturation(RgbImage img) {
    return mean(img, ColorSpace.HSV)[1];
  }

  /** Mean L*, a*, b*. */
  public static double[] meanLab(RgbImage img) {
    return mean(img, ColorSpace.LAB);
  }

  /** Euclidean distance between two colours (CIE76 delta E for Lab). */
  public static double distance(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(d);
  }

  private static double[] mean(RgbImage img, ColorSpace space) {
    float[] p = img.pixels();
    double[] v = new double[3];
    double[] sum = new double[3];
    for (int i = 0; i < p.length; i += 3) {
      space.fromRgb(p[i], p[i + 1], p[i + 2], v);
      for (int c = 0; c < 3; c++) {
        sum[c] += v[c];
      }
    }
    int n = p.length / 3;
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }
}
