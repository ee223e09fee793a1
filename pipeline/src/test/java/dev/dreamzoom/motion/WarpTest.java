package dev.dreamzoom.motion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
      {-1, 5, 1, 0, 4},
      {-2, 5, 2, 0, 3},
      {5, 5, 3, 4, 0},
      {6, 5, 2, 4, 1},
      {9, 5, 1, 4, 4},
      {2, 5, 2, 2, 2},
    };
    for (int[] c : cases) {
      assertEquals(c[2], Warp.index(c[0], c[1], BorderMode.REFLECT), "reflect " + c[0]);
      assertEquals(c[3], Warp.index(c[0], c[1], BorderMode.REPLICATE), "replicate " + c[0]);
      assertEquals(c[4], Warp.index(c[0], c[1], BorderMode.WRAP), "wrap " + c[0]);
    }
  }

  /** The warp as it was before the camera gained a pivot and tilt, kept to compare bit for bit. */
  private static RgbImage centredWarp(
      RgbImage src, double zoom, double degrees, double tx, double ty) {
    int w = src.width();
    int h = src.height();
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double a = Math.toRadians(degrees);
    double cos = Math.cos(a) / zoom;
    double sin = Math.sin(a) / zoom;
    float[] in = src.pixels();
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      double dy = y - cy - ty;
      for (int x = 0; x < w; x++) {
        double dx = x - cx - tx;
        double sx = cx + cos * dx - sin * dy;
        double sy = cy + sin * dx + cos * dy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        float fx = (float) (sx - x0);
        float fy = (float) (sy - y0);
        int xa = Warp.index(x0, w, BorderMode.REFLECT);
        int xb = Warp.index(x0 + 1, w, BorderMode.REFLECT);
        int ya = Warp.index(y0, h, BorderMode.REFLECT);
        int yb = Warp.index(y0 + 1, h, BorderMode.REFLECT);
        for (int c = 0; c < 3; c++) {
          float top = in[(ya * w + xa) * 3 + c] * (1 - fx) + in[(ya * w + xb) * 3 + c] * fx;
          float bottom = in[(yb * w + xa) * 3 + c] * (1 - fx) + in[(yb * w + xb) * 3 + c] * fx;
          out[(y * w + x) * 3 + c] = top * (1 - fy) + bottom * fy;
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  @Test
  void withoutTiltAndWithTheCentreAsPivotTheCameraIsTheOldWarpBitForBit() {
    RgbImage img = coordinates(31, 17);
    for (double[] m : new double[][] {{1.03, 0.5, 0, 0}, {0.97, -7, 2.5, -1.25}, {1.5, 33, 0, 4}}) {
      RgbImage now =
          Warp.warp(img, new Camera(m[0], m[1], m[2], m[3], 0.5, 0.5, 0, 0), BorderMode.REFLECT);
      assertArrayEquals(centredWarp(img, m[0], m[1], m[2], m[3]).pixels(), now.pixels(), 0f);
    }
  }

  @Test
  void thePivotStaysPut() {
    RgbImage img = coordinates(41, 21);
    // Pivot at (10, 5): 0.25 of 40 and 0.25 of 20.
    RgbImage out = Warp.warp(img, new Camera(1.7, 23, 0, 0, 0.25, 0.25, 0, 0), BorderMode.REFLECT);
    assertEquals(10, out.get(10, 5, 0), 1e-4);
    assertEquals(5, out.get(10, 5, 1), 1e-4);
    RgbImage tilted = Warp.warp(img, new Camera(1, 0, 0, 0, 0.25, 0.25, 8, -5), BorderMode.REFLECT);
    assertEquals(10, tilted.get(10, 5, 0), 1e-4, "tilt turns the plane about the pivot too");
    assertEquals(5, tilted.get(10, 5, 1), 1e-4);
  }

  /** How many source pixels one output pixel spans along x, at row y (red = source x). */
  private static double xScale(RgbImage out, int y) {
    return out.get(out.width() / 2 + 5, y, 0) - out.get(out.width() / 2 - 5, y, 0);
  }

  @Test
  void tiltIsAPerspectiveTheRowsNearerTheCameraAreMagnified() {
    RgbImage img = coordinates(101, 101);
    RgbImage pitched =
        Warp.warp(img, new Camera(1, 0, 0, 0, 0.5, 0.5, 10, 0), BorderMode.REPLICATE);
    double top = xScale(pitched, 10);
    double middle = xScale(pitched, 50);
    double bottom = xScale(pitched, 90);
    assertTrue(
        top < middle && middle < bottom,
        "positive tilt_x brings the top closer: " + top + ", " + middle + ", " + bottom);
    assertEquals(10, middle, 0.2, "the pivot row keeps its scale");
    // A homography keeps straight lines straight: the source points of one output column are
    // collinear (red and green say where each pixel came from).
    RgbImage both = Warp.warp(img, new Camera(1.1, 5, 0, 0, 0.4, 0.6, 7, 4), BorderMode.REPLICATE);
    double[][] p = new double[3][];
    for (int i = 0; i < 3; i++) {
      p[i] = new double[] {both.get(62, 30 + 20 * i, 0), both.get(62, 30 + 20 * i, 1)};
    }
    double cross =
        (p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[1][1] - p[0][1]) * (p[2][0] - p[0][0]);
    assertEquals(0, cross, 0.05, "collinear: " + java.util.Arrays.deepToString(p));
    assertTrue(
        Math.abs(p[2][0] - p[0][0]) > 0.5, "and the column is no longer vertical in the source");
    RgbImage yawed = Warp.warp(img, new Camera(1, 0, 0, 0, 0.5, 0.5, 0, 10), BorderMode.REPLICATE);
    assertTrue(
        yawed.get(90, 55, 1) - yawed.get(90, 45, 1) < yawed.get(10, 55, 1) - yawed.get(10, 45, 1),
        "positive tilt_y brings the right side closer");
  }

  /**
   * The camera's path composed into one homography samples where the frames' moves, one by one, do.
   */
  @Test
  void aViewThroughTheWholePathIsTheMovesComposed() {
    float[] p = new float[96 * 64 * 3];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (128 + 100 * Math.sin(i / 3 % 96 / 5.0) * Math.cos(i / 3 / 96 / 7.0));
    }
    RgbImage img = new RgbImage(96, 64, p);
    for (double tilt : new double[] {0, 3}) {
      Warp w = motion(1.03, 2, 1.5, tilt);
      assertClose(w.apply(img, 1), w.view(img, 1), 1e-3);
      // carry() samples the same composed positions; the view composes them as matrices.
      assertClose(w.carry(img, 0, 4), w.view(img, 4), 1e-2);
    }
    assertArrayEquals(img.pixels(), motion(1.03, 2, 1.5, 0).view(img, 0).pixels());
  }

  private static void assertClose(RgbImage a, RgbImage b, double tolerance) {
    double worst = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      worst = Math.max(worst, Math.abs(a.pixels()[i] - b.pixels()[i]));
    }
    assertTrue(worst <= tolerance, "largest difference " + worst);
  }

  private static Warp motion(double zoom, double degrees, double tx, double tilt) {
    return new Warp(
        new dev.dreamzoom.preset.MotionSpec(
            t -> zoom,
            t -> degrees,
            t -> tx,
            t -> 0,
            BorderMode.REFLECT,
            t -> 0.5,
            t -> 0.4,
            t -> tilt,
            t -> 0,
            0));
  }

  @Test
  void destinationUndoesSource() {
    for (double tilt : new double[] {0, 7}) {
      Camera.Mapping m = new Camera(1.07, 3, 2.5, -1, 0.5, 0.4, tilt, -4).mapping(64, 48);
      double[] p = new double[2];
      for (double[] q : new double[][] {{0, 0}, {10.5, 40.25}, {63, 47}, {31, 20}}) {
        m.source(q[0], q[1], p);
        m.destination(p[0], p[1], p);
        assertEquals(q[0], p[0], 1e-9, "x, tilt " + tilt);
        assertEquals(q[1], p[1], 1e-9, "y, tilt " + tilt);
      }
    }
  }

  @Test
  void carryingOverSeveralFramesIsTheCameraMovesComposedSampledOnce() {
    // On a linear image bilinear sampling is exact, so one composed warp equals three warps in a
    // row wherever no border was reached.
    Warp w = motion(1.05, 2, 1.5, 0);
    RgbImage img = coordinates(60, 40);
    RgbImage once = w.carry(img, 4, 7);
    RgbImage stepwise = w.apply(w.apply(w.apply(img, 5), 6), 7);
    for (int y = 12; y < 28; y++) {
      for (int x = 15; x < 45; x++) {
        assertEquals(stepwise.get(x, y, 0), once.get(x, y, 0), 1e-3, x + "," + y);
        assertEquals(stepwise.get(x, y, 1), once.get(x, y, 1), 1e-3, x + "," + y);
      }
    }
    assertArrayEquals(
        w.apply(img, 5).pixels(), w.carry(img, 4, 5).pixels(), "one frame is the plain warp");
  }

  @Test
  void aFrameBetweenShowsBothDreamedFramesWhereTheyAgreeWithTheCamera() {
    // Content that moves exactly with the camera: the frame before carried forward and the frame
    // after carried back land on the same coordinates, so the frame between equals both.
    Warp w = motion(1.04, 1.5, 0.7, 3);
    RgbImage before = coordinates(64, 48);
    RgbImage after = w.carry(before, 0, 3);
    RgbImage between = w.between(before, 0, after, 3, 1);
    RgbImage expected = w.carry(before, 0, 1);
    for (int y = 14; y < 34; y++) {
      for (int x = 18; x < 46; x++) {
        assertEquals(expected.get(x, y, 0), between.get(x, y, 0), 1e-3, x + "," + y);
        assertEquals(expected.get(x, y, 1), between.get(x, y, 1), 1e-3, x + "," + y);
      }
    }
    // Where they differ, a third of the way from before to after.
    RgbImage brighter = RgbImage.filled(64, 48, 30);
    RgbImage mixed = w.between(RgbImage.filled(64, 48, 0), 0, brighter, 3, 1);
    assertEquals(10, mixed.get(32, 24, 2), 1e-4);
  }
}
