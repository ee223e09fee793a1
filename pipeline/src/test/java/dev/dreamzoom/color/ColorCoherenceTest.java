package dev.dreamzoom.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.ColorSpec;
import dev.dreamzoom.preset.Param;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorCoherenceTest {
  /** Smooth colours around a base colour, in range, so nothing is clipped by the transfer. */
  private static RgbImage picture(double r, double g, double b, double spread, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int w = 40;
    int h = 30;
    float[] p = new float[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      double common = rnd.nextGaussian() * spread;
      p[i * 3] = (float) (r + common + rnd.nextGaussian() * spread / 3);
      p[i * 3 + 1] = (float) (g + 0.5 * common + rnd.nextGaussian() * spread / 3);
      p[i * 3 + 2] = (float) (b - 0.3 * common + rnd.nextGaussian() * spread / 3);
    }
    return new RgbImage(w, h, p);
  }

  private static double[] meanAndCovariance(RgbImage img) {
    float[] p = img.pixels();
    int n = p.length / 3;
    double[] m = new double[3];
    for (int i = 0; i < p.length; i++) {
      m[i % 3] += p[i] / n;
    }
    double[] out = new double[12];
    System.arraycopy(m, 0, out, 0, 3);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        for (int d = 0; d < 3; d++) {
          out[3 + c * 3 + d] += (p[i * 3 + c] - m[c]) * (p[i * 3 + d] - m[d]) / n;
        }
      }
    }
    return out;
  }

  @Test
  void rgbTransferGivesTheReferencesMeanAndCovarianceExactly() {
    RgbImage ref = picture(150, 90, 60, 12, 1);
    RgbImage frame = picture(100, 120, 140, 25, 2);
    ColorCoherence c = new ColorCoherence(ColorSpec.Mode.RGB, Param.constant(1));
    c.setReference(ref);
    double[] got = meanAndCovariance(c.apply(frame, 0));
    // The reference is taken as stored (8-bit), so compare with the rounded reference.
    double[] want =
        meanAndCovariance(
            dev.dreamzoom.image.ImageFiles.fromBufferedImage(
                dev.dreamzoom.image.ImageFiles.toBufferedImage(ref)));
    assertArrayEquals(want, got, 0.05);
  }

  @Test
  void labHoldsTheMeanColourAndStrengthBlends() {
    RgbImage ref = picture(150, 90, 60, 12, 1);
    RgbImage frame = picture(90, 160, 200, 30, 2);
    ColorCoherence full = new ColorCoherence(ColorSpec.Mode.LAB, Param.constant(1));
    full.setReference(ref);
    RgbImage held = full.apply(frame, 0);
    assertEquals(0, Measure.distance(Measure.meanLab(held), Measure.meanLab(ref)), 0.5);
    ColorCoherence half = new ColorCoherence(ColorSpec.Mode.LAB, t -> t == 0 ? 0 : 0.5);
    half.setReference(ref);
    assertSame(frame, half.apply(frame, 0), "strength 0 leaves the frame as it is");
    RgbImage blended = half.apply(frame, 1);
    for (int i = 0; i < 30; i++) {
      assertEquals((frame.pixels()[i] + held.pixels()[i]) / 2, blended.pixels()[i], 1e-3);
    }
  }

  @Test
  void hsvHoldsSaturationAndHistogramMatchesTheDistribution() {
    RgbImage ref = picture(150, 90, 60, 12, 1);
    RgbImage frame = picture(40, 200, 90, 30, 2);
    ColorCoherence hsv = new ColorCoherence(ColorSpec.Mode.HSV, Param.constant(1));
    hsv.setReference(ref);
    assertEquals(Measure.meanSaturation(ref), Measure.meanSaturation(hsv.apply(frame, 0)), 2);
    ColorCoherence hist = new ColorCoherence(ColorSpec.Mode.HISTOGRAM, Param.constant(1));
    hist.setReference(ref);
    RgbImage matched = hist.apply(frame, 0);
    double[] a = meanAndCovariance(matched);
    double[] b = meanAndCovariance(ref);
    for (int c = 0; c < 3; c++) {
      assertEquals(b[c], a[c], 1.5, "channel " + c + " mean");
      assertEquals(
          Math.sqrt(b[3 + c * 4]), Math.sqrt(a[3 + c * 4]), 1.5, "channel " + c + " spread");
    }
  }

  @Test
  void noneLeavesFramesAlone() {
    RgbImage frame = picture(40, 200, 90, 30, 2);
    ColorCoherence none = new ColorCoherence(ColorSpec.Mode.NONE, Param.constant(1));
    assertSame(frame, none.apply(frame, 3));
    assertTrue(!none.enabled());
  }
}
