package dev.dreamzoom.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.FlowField;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.TestVideos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow a dream over a video follows, on a clip made from a real photo along a known camera path
 * (pan, zoom, a pasted patch sliding over a still background), encoded to H.264 and decoded again
 * as a user's clip would be: on textured areas the flow is within half a pixel of the true motion.
 */
@Tag("slow")
class OpticalFlowTest {
  static final int W = 256;
  static final int H = 160;
  static final int FPS = 25;

  @TempDir Path dir;

  @Test
  void theFlowRecoversTheKnownMotionWithinHalfAPixelOnTexturedAreas() throws Exception {
    Path mp4 = new TestVideos(W, H).clip(dir, "known", 30, FPS, null);
    TestVideos truth = new TestVideos(W, H);
    List<RgbImage> frames = new ArrayList<>();
    try (VideoReader r = VideoReader.open(mp4, 0, FPS, W, H)) {
      for (int k = 0; k < 30; k++) {
        frames.add(r.frame(k));
      }
    }
    String[] parts = {"pan", "zoom", "moving patch"};
    for (int part = 0; part < 3; part++) {
      double sum = 0;
      int n = 0;
      double objectSum = 0;
      int objectN = 0;
      List<Double> errors = new ArrayList<>();
      for (int k = 10 * part + 1; k < 10 * part + 10; k++) {
        FlowField f = OpticalFlow.between(frames.get(k - 1), frames.get(k));
        RgbImage prev = truth.frame(k - 1);
        for (int y = 8; y < H - 8; y++) {
          for (int x = 8; x < W - 8; x++) {
            if (!textured(prev, x, y) || truth.nearObjectEdge(k, x, y, 4)) {
              continue;
            }
            double[] m = truth.motion(k, x, y);
            int i = y * W + x;
            double e = Math.hypot(f.dx()[i] - m[0], f.dy()[i] - m[1]);
            sum += e;
            n++;
            errors.add(e);
            if (truth.insideObject(k - 1, x, y, 4)) {
              objectSum += e;
              objectN++;
            }
          }
        }
      }
      errors.sort(null);
      double mean = sum / n;
      double median = errors.get(errors.size() / 2);
      System.out.printf(
          "%s: mean endpoint error %.3f px, median %.3f px over %d textured pixels%n",
          parts[part], mean, median, n);
      assertTrue(n > 5000, parts[part] + ": enough textured pixels: " + n);
      Margins.atMost(parts[part] + ": mean endpoint error (px)", mean, 0.5);
      if (part == 2) {
        System.out.printf(
            "  on the moving patch alone: %.3f px over %d pixels%n", objectSum / objectN, objectN);
        assertTrue(objectN > 500, "the patch's own pixels: " + objectN);
        Margins.atMost(
            "the patch's own motion: mean endpoint error (px)", objectSum / objectN, 0.5);
      }
    }
  }

  @Test
  void theSameFramesGiveTheSameFlowBitForBit() throws Exception {
    TestVideos v = new TestVideos(W, H);
    FlowField a = OpticalFlow.between(v.frame(12), v.frame(13));
    FlowField b = OpticalFlow.between(v.frame(12), v.frame(13));
    assertArrayEquals(a.dx(), b.dx());
    assertArrayEquals(a.dy(), b.dy());
  }

  /** Luma gradient of at least 12 levels a pixel: where flow is defined by the picture. */
  private static boolean textured(RgbImage img, int x, int y) {
    float[] p = img.pixels();
    int w = img.width();
    double gx = luma(p, w, x + 1, y) - luma(p, w, x - 1, y);
    double gy = luma(p, w, x, y + 1) - luma(p, w, x, y - 1);
    return Math.hypot(gx, gy) / 2 >= 12;
  }

  private static double luma(float[] p, int w, int x, int y) {
    int i = (y * w + x) * 3;
    return 0.299 * p[i] + 0.587 * p[i + 1] + 0.114 * p[i + 2];
  }
}
