package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TilesTest {
  @Test
  void tilesCoverTheFrameInAboutEqualPiecesCutOnTheStrideGrid() {
    assertArrayEquals(new int[] {0, 1920, 3840}, Tiles.cuts(3840, 2048));
    assertArrayEquals(new int[] {0, 720}, Tiles.cuts(720, 2048));
    assertArrayEquals(new int[] {0, 96, 224, 320}, Tiles.cuts(320, 128));
    assertArrayEquals(new int[] {0, 352, 672, 1000}, Tiles.cuts(1000, 384));
    assertArrayEquals(new int[] {0, 320, 600}, Tiles.cuts(600, 384));
    for (int n : new int[] {100, 1000, 2160, 3840, 4097}) {
      for (int tile : new int[] {64, 128, 384, 1024, 2048}) {
        int[] c = Tiles.cuts(n, tile);
        assertEquals(0, c[0]);
        assertEquals(n, c[c.length - 1]);
        for (int i = 1; i < c.length; i++) {
          assertTrue(
              c[i] - c[i - 1] <= tile && c[i] > c[i - 1],
              n + "/" + tile + ": " + java.util.Arrays.toString(c));
          assertTrue(i == c.length - 1 || c[i] % Tiles.ALIGN == 0);
        }
      }
    }
  }

  @Test
  void gradientBlurKernelIsNormalizedAndDeltaAtZero() {
    float[] delta = UpdateRule.gaussianKernel(0, DreamStep.BLUR_SIZE);
    float[] blur = UpdateRule.gaussianKernel(1, DreamStep.BLUR_SIZE);
    double sumDelta = 0;
    double sumBlur = 0;
    for (int i = 0; i < blur.length; i += 3) {
      sumDelta += delta[i];
      sumBlur += blur[i];
    }
    assertEquals(1, sumDelta, 1e-6);
    assertEquals(1, sumBlur, 1e-5);
    int centre = (DreamStep.BLUR_SIZE * DreamStep.BLUR_SIZE / 2) * 3;
    assertEquals(1f, delta[centre]);
    assertTrue(blur[centre] < 0.2f && blur[centre] > blur[centre + 3]);
  }

  @Test
  void rollWrapsAndCutTakesTheTile() {
    float[] px = new float[4 * 2 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = i;
    }
    float[] rolled = Tiles.roll(px, 4, 2, 1, 1);
    // The pixel at (x 3, y 1) wraps to (0, 0).
    assertArrayEquals(new float[] {21, 22, 23}, java.util.Arrays.copyOfRange(rolled, 0, 3));
    assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8}, Tiles.cut(px, 4, 1, 0, 2, 1));
    assertArrayEquals(px, Tiles.roll(rolled, 4, 2, -1, -1));
  }
}
