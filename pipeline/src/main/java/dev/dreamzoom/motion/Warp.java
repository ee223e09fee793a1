package dev.dreamzoom.motion;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.BorderMode;
import dev.dreamzoom.preset.MotionSpec;

/**
 * The camera move between frames ({@link Camera}: tilt, zoom, rotation, translation about a
 * pivot), sampled bilinearly in one pass. Each output pixel looks up where it came from (inverse
 * mapping), so there are no holes; pixels from outside the previous frame are filled by the
 * border mode.
 */
public final class Warp implements Transform {
  private final MotionSpec motion;

  public Warp(MotionSpec motion) {
    this.motion = motion;
  }

  @Override
  public RgbImage apply(RgbImage src, int t) {
    return warp(src, new Camera(motion.zoom().at(t), motion.angle().at(t), motion.tx().at(t),
        motion.ty().at(t), motion.cx().at(t), motion.cy().at(t), motion.tiltX().at(t),
        motion.tiltY().at(t)), motion.border());
  }

  /** Zoom, rotation and translation about the centre (see {@link Camera}). */
  public static RgbImage warp(RgbImage src, double zoom, double degrees, double tx, double ty,
      BorderMode border) {
    return warp(src, Camera.of(zoom, degrees, tx, ty), border);
  }

  /** {@code src} seen by {@code camera}, sampled once, bilinearly. */
  public static RgbImage warp(RgbImage src, Camera camera, BorderMode border) {
    int w = src.width();
    int h = src.height();
    Camera.Mapping map = camera.mapping(w, h);
    double[] at = new double[2];
    float[] in = src.pixels();
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        map.source(x, y, at);
        sample(in, w, h, at[0], at[1], border, out, (y * w + x) * 3);
      }
    }
    return new RgbImage(w, h, out);
  }

  private static void sample(float[] in, int w, int h, double sx, double sy, BorderMode border,
      float[] out, int o) {
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
