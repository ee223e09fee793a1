package dev.dreamzoom.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.BorderMode;
import org.junit.jupiter.api.Test;

class WarpTest {
  /** Red = x, green = y: each pixel says where it is. */
  private static RgbImage coordinates(int w, int h) {
    float[] p = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        p[(y * w + x) * 3] = x;
        p[(y * w + x) * 3 + 1] = y;
      }
    }
    return new RgbImage(w, h, p);
  }

  @Test
  void identityLeavesTheImageUnchanged() {
    RgbImage img = coordinates(9, 7);
    assertArrayEquals(img.pixels(), Warp.warp(img, 1, 0, 0, 0, BorderMode.REFLECT).pixels(), 1e-4f);
  }

  @Test
  void zoomMagnifiesAboutTheCentre() {
    RgbImage out = Warp.warp(coordinates(9, 9), 2, 0, 0, 0, BorderMode.REFLECT);
    // Centre stays; a pixel 2 to the right of it shows what was 1 to the right.
    assertEquals(4, out.get(4, 4, 0), 1e-4);
    assertEquals(5, out.get(6, 4, 0), 1e-4);
    assertEquals(3, out.get(4, 2, 1), 1e-4);
  }

  @Test
  void rotationTurnsContentCounterClockwise() {
    RgbImage out = Warp.warp(coordinates(9, 9), 1, 90, 0, 0, BorderMode.REFLECT);
    // After a quarter turn counter-clockwise, what was right of the centre is now above it.
    assertEquals(6, out.get(4, 2, 0), 1e-3);
    assertEquals(4, out.get(4, 2, 1), 1e-3);
  }

  @Test
  void translationMovesContentRightAndDown() {
    RgbImage out = Warp.warp(coordinates(9, 9), 1, 0, 2, 1, BorderMode.REPLICATE);
    assertEquals(3, out.get(5, 5, 0), 1e-4);
    assertEquals(4, out.get(5, 5, 1), 1e-4);
    assertEquals(0, out.get(0, 0, 0), 1e-4, "replicated edge");
  }

  @Test
  void borderModesMapOutsideCoordinates() {
    int[][] cases = {
      // i, n, reflect, replicate, wrap
      {-1, 5, 1, 0, 4}, {-2, 5, 2, 0, 3}, {5, 5, 3, 4, 0}, {6, 5, 2, 4, 1}, {9, 5, 1, 4, 4}, {2, 5, 2, 2, 2},
    };
    for (int[] c : cases) {
      assertEquals(c[2], Warp.index(c[0], c[1], BorderMode.REFLECT), "reflect " + c[0]);
      assertEquals(c[3], Warp.index(c[0], c[1], BorderMode.REPLICATE), "replicate " + c[0]);
      assertEquals(c[4], Warp.index(c[0], c[1], BorderMode.WRAP), "wrap " + c[0]);
    }
  }
}
