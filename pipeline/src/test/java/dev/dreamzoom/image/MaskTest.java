package dev.dreamzoom.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The weights a dream acts by: exact at 0 and 1, feathered inside, monotone across an edge. */
class MaskTest {
  /** Left {@code share} of a {@code w x h} frame. */
  private static Mask left(int w, int h, int edge) {
    float[] m = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < edge; x++) {
        m[y * w + x] = 1;
      }
    }
    return new Mask(w, h, m);
  }

  private static RgbImage noise(int w, int h, long seed) {
    Random r = new Random(seed);
    float[] p = new float[w * h * 3];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextFloat() * 255;
    }
    return new RgbImage(w, h, p);
  }

  @Test
  void blendIsTheImageUnderneathExactlyWhereTheWeightIsZeroAndOnTopWhereOne() {
    Mask m = left(40, 20, 20).feathered(8);
    RgbImage under = noise(40, 20, 1);
    RgbImage over = noise(40, 20, 2);
    RgbImage out = m.blend(under, over);
    int zeros = 0;
    int ones = 0;
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        for (int c = 0; c < 3; c++) {
          if (m.at(x, y) == 0) {
            assertEquals(under.get(x, y, c), out.get(x, y, c), 0, "pixel " + x + "," + y);
            zeros++;
          } else if (m.at(x, y) == 1) {
            assertEquals(over.get(x, y, c), out.get(x, y, c), 0, "pixel " + x + "," + y);
            ones++;
          }
        }
      }
    }
    assertTrue(zeros > 0 && ones > 0, zeros + " zero and " + ones + " one weights");
  }

  @Test
  void featherLiesInsideTheMaskAndRisesMonotonicallyAcrossTheEdge() {
    int w = 80;
    Mask m = left(w, 10, 40).feathered(16);
    for (int y = 0; y < 10; y++) {
      for (int x = 40; x < w; x++) {
        assertEquals(0, m.at(x, y), 0, "outside the mask at " + x + "," + y);
      }
      for (int x = 1; x < w; x++) {
        assertTrue(m.at(x, y) <= m.at(x - 1, y), "monotone at " + x + "," + y);
      }
      // The soft band: below 1 near the edge, full weight well inside.
      assertTrue(m.at(38, y) < 0.5, "soft at the edge: " + m.at(38, y));
      assertEquals(1, m.at(10, y), 1e-6);
    }
  }

  @Test
  void featherNeverReachesWhereAnyShapeWasZero() {
    Random r = new Random(7);
    float[] w = new float[64 * 48];
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextFloat() < 0.7 ? 1 : 0;
    }
    Mask raw = new Mask(64, 48, w.clone());
    Mask f = raw.feathered(5);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        if (raw.at(x, y) == 0) {
          assertEquals(0, f.at(x, y), 0, "pixel " + x + "," + y);
        }
      }
    }
  }

  @Test
  void invertedAndMeanAreTheComplementAndTheShare() {
    Mask m = left(10, 10, 3);
    assertEquals(0.3, m.mean(), 1e-9);
    assertEquals(0.7, m.inverted().mean(), 1e-6);
  }
}
