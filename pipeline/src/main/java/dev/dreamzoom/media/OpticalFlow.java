package dev.dreamzoom.media;

import dev.dreamzoom.image.FlowField;
import dev.dreamzoom.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Dense optical flow between two frames by OpenCV's DIS (Kroeger et al., "Fast Optical Flow using
 * Dense Inverse Search", ECCV 2016), on their luma: what a dream over a video carries its previous
 * frame along. Run on one thread, so the same frames give the same field, bit for bit, which is
 * what lets a resumed video render recompute its flows rather than keep them.
 */
public final class OpticalFlow {
  static {
    // Determinism over speed: OpenCV's parallel loops may split the work differently per run.
    opencv_core.setNumThreads(1);
  }

  private OpticalFlow() {}

  /** Where each pixel of {@code from} is in {@code to} (equal sizes). */
  public static FlowField between(RgbImage from, RgbImage to) {
    if (from.width() != to.width() || from.height() != to.height()) {
      throw new IllegalArgumentException(
          "flow between frames of different sizes: "
              + from.width()
              + "x"
              + from.height()
              + " and "
              + to.width()
              + "x"
              + to.height());
    }
    int w = from.width();
    int h = from.height();
    try (Mat a = luma(from);
        Mat b = luma(to);
        Mat flow = new Mat();
        DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM)) {
      dis.calc(a, b, flow);
      FloatBuffer f = flow.createBuffer();
      float[] dx = new float[w * h];
      float[] dy = new float[w * h];
      for (int i = 0; i < w * h; i++) {
        dx[i] = f.get(2 * i);
        dy[i] = f.get(2 * i + 1);
      }
      return new FlowField(w, h, dx, dy);
    }
  }

  /** The image's luma (BT.601 weights) as an 8-bit single-channel matrix. */
  private static Mat luma(RgbImage img) {
    int w = img.width();
    int h = img.height();
    Mat m = new Mat(h, w, opencv_core.CV_8UC1);
    ByteBuffer b = m.createBuffer();
    float[] p = img.pixels();
    for (int i = 0; i < w * h; i++) {
      double y = 0.299 * p[3 * i] + 0.587 * p[3 * i + 1] + 0.114 * p[3 * i + 2];
      b.put(i, (byte) Math.max(0, Math.min(255, Math.round(y))));
    }
    return m;
  }
}
