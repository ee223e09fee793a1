package dev.dreamzoom.motion;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.BorderMode;
import dev.dreamzoom.preset.MotionSpec;

/**
 * The camera move between frames ({@link Camera}: tilt, zoom, rotation, translation about a pivot),
 * sampled bilinearly in one pass. Each output pixel looks up where it came from (inverse mapping),
 * so there are no holes; pixels from outside the previous frame are filled by the border mode.
 */
public final class Warp implements CameraMove {
  private final MotionSpec motion;

  public Warp(MotionSpec motion) {
    this.motion = motion;
  }

  @Override
  public RgbImage apply(RgbImage src, int t) {
    return warp(src, camera(t), motion.border());
  }

  private Camera camera(int t) {
    return new Camera(
        motion.zoom().at(t),
        motion.angle().at(t),
        motion.tx().at(t),
        motion.ty().at(t),
        motion.cx().at(t),
        motion.cy().at(t),
        motion.tiltX().at(t),
        motion.tiltY().at(t));
  }

  /** Composes the frames' mappings, so a move over several frames samples the image once. */
  @Override
  public RgbImage carry(RgbImage image, int from, int to) {
    return sampled(image, mappings(from + 1, to, image.width(), image.height()), motion.border());
  }

  /**
   * As {@link CameraMove#between}. Each pixel takes {@code before} where it was at frame {@code
   * from} and {@code after} where it will be at frame {@code to}, weighted (t - from) / (to - from)
   * toward {@code after}; where one of them has not seen the point (it lies outside that frame),
   * the other alone fills it, so no border copies fade in where real content exists.
   */
  @Override
  public RgbImage between(RgbImage before, int from, RgbImage after, int to, int t) {
    int w = before.width();
    int h = before.height();
    Camera.Mapping[] back = mappings(from + 1, t, w, h);
    Camera.Mapping[] ahead = mappings(t + 1, to, w, h);
    float a = (float) (t - from) / (to - from);
    double[] p = new double[2];
    double[] q = new double[2];
    float[] one = new float[3];
    float[] two = new float[3];
    float[] out = new float[before.pixels().length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        forward(back, x, y, p);
        q[0] = x;
        q[1] = y;
        for (Camera.Mapping m : ahead) {
          m.destination(q[0], q[1], q);
        }
        boolean seenBefore = inside(p, w, h);
        boolean seenAfter = inside(q, w, h);
        float weight = seenBefore == seenAfter ? a : seenAfter ? 1 : 0;
        sample(before.pixels(), w, h, p[0], p[1], motion.border(), one, 0);
        sample(after.pixels(), w, h, q[0], q[1], motion.border(), two, 0);
        int o = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          out[o + c] = one[c] * (1 - weight) + two[c] * weight;
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  private Camera.Mapping[] mappings(int first, int last, int w, int h) {
    Camera.Mapping[] maps = new Camera.Mapping[Math.max(0, last - first + 1)];
    for (int t = first; t <= last; t++) {
      maps[t - first] = camera(t).mapping(w, h);
    }
    return maps;
  }

  /**
   * Where pixel (x, y) of the last mapping's frame was before the first: the mappings applied last
   * to first.
   */
  private static void forward(Camera.Mapping[] maps, int x, int y, double[] at) {
    at[0] = x;
    at[1] = y;
    for (int i = maps.length - 1; i >= 0; i--) {
      maps[i].source(at[0], at[1], at);
    }
  }

  private static boolean inside(double[] p, int w, int h) {
    return p[0] >= 0 && p[0] <= w - 1 && p[1] >= 0 && p[1] <= h - 1;
  }

  /** Zoom, rotation and translation about the centre (see {@link Camera}). */
  public static RgbImage warp(
      RgbImage src, double zoom, double degrees, double tx, double ty, BorderMode border) {
    return warp(src, Camera.of(zoom, degrees, tx, ty), border);
  }

  /**
   * {@code image} seen through the camera's whole path from frame 0 to frame {@code t}, sampled
   * once: how a dream over a video sees source frame t when the camera moves too (a slow zoom into
   * a video), the moves of every frame so far composed into one homography.
   */
  public RgbImage view(RgbImage image, int t) {
    if (t == 0) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    double[] m = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    for (int k = 1; k <= t; k++) {
      m = Camera.Mapping.times(m, camera(k).mapping(w, h).matrix());
    }
    float[] in = image.pixels();
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double c = m[6] * x + m[7] * y + m[8];
        double sx = c > 1e-12 ? (m[0] * x + m[1] * y + m[2]) / c : 1e9;
        double sy = c > 1e-12 ? (m[3] * x + m[4] * y + m[5]) / c : 1e9;
        sample(in, w, h, sx, sy, motion.border(), out, (y * w + x) * 3);
      }
    }
    return new RgbImage(w, h, out);
  }

  /** {@code src} seen by {@code camera}, sampled once, bilinearly. */
  public static RgbImage warp(RgbImage src, Camera camera, BorderMode border) {
    return sampled(src, new Camera.Mapping[] {camera.mapping(src.width(), src.height())}, border);
  }

  /** {@code src} moved by {@code maps} (applied in order), sampled once, bilinearly. */
  private static RgbImage sampled(RgbImage src, Camera.Mapping[] maps, BorderMode border) {
    int w = src.width();
    int h = src.height();
    double[] at = new double[2];
    float[] in = src.pixels();
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        forward(maps, x, y, at);
        sample(in, w, h, at[0], at[1], border, out, (y * w + x) * 3);
      }
    }
    return new RgbImage(w, h, out);
  }

  private static void sample(
      float[] in, int w, int h, double sx, double sy, BorderMode border, float[] out, int o) {
    int x0 = (int) Math.floor(sx);
    int y0 = (int) Math.floor(sy);
    float fx = (float) (sx - x0);
    float fy = (float) (sy - y0);
    int xa = index(x0, w, border);
    int xb = index(x0 + 1, w, border);
    int ya = index(y0, h, border);
    int yb = index(y0 + 1, h, border);
    for (int c = 0; c < 3; c++) {
      float top = in[(ya * w + xa) * 3 + c] * (1 - fx) + in[(ya * w + xb) * 3 + c] * fx;
      float bottom = in[(yb * w + xa) * 3 + c] * (1 - fx) + in[(yb * w + xb) * 3 + c] * fx;
      out[o + c] = top * (1 - fy) + bottom * fy;
    }
  }

  /** Maps any integer coordinate into 0..n-1 according to the border mode. */
  static int index(int i, int n, BorderMode border) {
    if (i >= 0 && i < n) {
      return i;
    }
    return switch (border) {
      case REPLICATE -> i < 0 ? 0 : n - 1;
      case WRAP -> Math.floorMod(i, n);
      case REFLECT -> {
        if (n == 1) {
          yield 0;
        }
        // Mirror without repeating the edge pixel: ... 2 1 | 0 1 2 ... n-1 | n-2 ...
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        yield m < n ? m : period - m;
      }
    };
  }
}
