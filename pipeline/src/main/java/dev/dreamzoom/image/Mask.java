package dev.dreamzoom.image;

import java.util.Arrays;

/**
 * A weight 0..1 per pixel, row by row: where a dream acts. Blending with it is exact at its ends:
 * where the weight is 0 the result is the image underneath, bit for bit, and where it is 1 the
 * image on top.
 */
public final class Mask {
  private final int width;
  private final int height;
  private final float[] weights;

  /** Takes {@code weights} (not copied; each clamped to 0..1 here). */
  public Mask(int width, int height, float[] weights) {
    if (weights.length != width * height) {
      throw new IllegalArgumentException(
          "a " + width + "x" + height + " mask needs " + width * height + " weights");
    }
    for (int i = 0; i < weights.length; i++) {
      float w = weights[i];
      weights[i] = w > 1 ? 1 : w > 0 ? w : 0;
    }
    this.width = width;
    this.height = height;
    this.weights = weights;
  }

  /** A picture's grey level (the mean of its channels) as weights: white 1, black 0. */
  public static Mask ofGrey(RgbImage grey) {
    float[] p = grey.pixels();
    float[] w = new float[grey.width() * grey.height()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (p[3 * i] + p[3 * i + 1] + p[3 * i + 2]) / (3 * 255f);
    }
    return new Mask(grey.width(), grey.height(), w);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The weight at {@code (x, y)}. */
  public float at(int x, int y) {
    return weights[y * width + x];
  }

  /** The mean weight: the share of the frame that dreams. */
  public double mean() {
    double sum = 0;
    for (float w : weights) {
      sum += w;
    }
    return sum / weights.length;
  }

  /** 1 minus each weight. */
  public Mask inverted() {
    float[] out = new float[weights.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = 1 - weights[i];
    }
    return new Mask(width, height, out);
  }

  /** The mask as a grey picture (white = 1), to look at. */
  public RgbImage toGrey() {
    float[] p = new float[weights.length * 3];
    for (int i = 0; i < weights.length; i++) {
      Arrays.fill(p, 3 * i, 3 * i + 3, weights[i] * 255);
    }
    return new RgbImage(width, height, p);
  }

  /** The mask cover-cropped to {@code w x h}, as a seed photo is fitted to the frame. */
  public Mask coverCrop(int w, int h) {
    return ofGrey(toGrey().coverCrop(w, h));
  }

  /** The mask at another size (area-averaged down, bilinear up, as {@link RgbImage#resize}). */
  public Mask resize(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    return ofGrey(toGrey().resize(w, h));
  }

  /**
   * The edge made soft over about {@code pixels} pixels, inside the region: the mask is first
   * shrunk by a minimum over a square of half that size, then blurred by a Gaussian cut off at the
   * same half size. A blur never reaches further than the shrink took away, so where the mask was 0
   * it stays exactly 0; across a straight edge the weight rises smoothly and monotonically.
   */
  public Mask feathered(double pixels) {
    int r = (int) Math.ceil(pixels / 2);
    if (r < 1) {
      return this;
    }
    float[] eroded = minimum(minimum(weights, width, height, r, true), width, height, r, false);
    float[] kernel = gaussian(r / 3.0 + 1e-9, r);
    float[] blurred =
        convolve(convolve(eroded, width, height, kernel, true), width, height, kernel, false);
    // The kernel's weights sum to 1 only within rounding: full weight stays exactly full.
    for (int i = 0; i < blurred.length; i++) {
      if (blurred[i] > 1 - 1e-5f) {
        blurred[i] = 1;
      }
    }
    return new Mask(width, height, blurred);
  }

  /**
   * The mask moved along {@code back} (where each pixel of the next frame was in this one), sampled
   * bilinearly with edges clamped: a subject's mask carried to the next frame of its video.
   */
  public Mask carried(FlowField back) {
    if (back.width() != width || back.height() != height) {
      throw new IllegalArgumentException("a flow of another size than the mask");
    }
    float[] out = new float[weights.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        double qx = Math.max(0, Math.min(width - 1, x + back.dx()[i]));
        double qy = Math.max(0, Math.min(height - 1, y + back.dy()[i]));
        int x0 = (int) Math.min(width - 2, Math.floor(qx));
        int y0 = (int) Math.min(height - 2, Math.floor(qy));
        double u = qx - x0;
        double v = qy - y0;
        out[i] =
            (float)
                ((1 - v) * ((1 - u) * at(x0, y0) + u * at(x0 + 1, y0))
                    + v * ((1 - u) * at(x0, y0 + 1) + u * at(x0 + 1, y0 + 1)));
      }
    }
    return new Mask(width, height, out);
  }

  /**
   * {@code over} where the weight is 1, {@code under} where it is 0, and in between {@code under +
   * w (over - under)}; both images at this mask's size.
   */
  public RgbImage blend(RgbImage under, RgbImage over) {
    if (under.width() != width
        || under.height() != height
        || over.width() != width
        || over.height() != height) {
      throw new IllegalArgumentException(
          "mask "
              + width
              + "x"
              + height
              + " blends images of "
              + under.width()
              + "x"
              + under.height()
              + " and "
              + over.width()
              + "x"
              + over.height());
    }
    float[] u = under.pixels();
    float[] o = over.pixels();
    float[] out = new float[u.length];
    for (int i = 0; i < weights.length; i++) {
      float w = weights[i];
      for (int c = 3 * i; c < 3 * i + 3; c++) {
        out[c] = w == 0 ? u[c] : w == 1 ? o[c] : u[c] + w * (o[c] - u[c]);
      }
    }
    return new RgbImage(width, height, out);
  }

  /** A running minimum over {@code 2r + 1} pixels along rows or columns (edges clamp). */
  private static float[] minimum(float[] in, int w, int h, int r, boolean rows) {
    return alongLines(
        in,
        w,
        h,
        rows,
        (line, stride, i, n) -> {
          float m = 1;
          for (int k = Math.max(0, i - r); k <= Math.min(n - 1, i + r); k++) {
            m = Math.min(m, in[line + k * stride]);
          }
          return m;
        });
  }

  private static float[] gaussian(double sigma, int r) {
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      double v = Math.exp(-i * i / (2 * sigma * sigma));
      k[i + r] = (float) v;
      sum += v;
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    return k;
  }

  /** A 1-D convolution along rows or columns, edges clamped. */
  private static float[] convolve(float[] in, int w, int h, float[] k, boolean rows) {
    int r = k.length / 2;
    return alongLines(
        in,
        w,
        h,
        rows,
        (line, stride, i, n) -> {
          float sum = 0;
          for (int j = -r; j <= r; j++) {
            sum += k[j + r] * in[line + Math.min(n - 1, Math.max(0, i + j)) * stride];
          }
          return sum;
        });
  }

  /** A value at position {@code i} of a line of {@code n} pixels starting at {@code line}. */
  @FunctionalInterface
  private interface LineFilter {
    float at(int line, int stride, int i, int n);
  }

  /** {@code f} at every pixel, each computed along its row (or column). */
  private static float[] alongLines(float[] in, int w, int h, boolean rows, LineFilter f) {
    float[] out = new float[in.length];
    int n = rows ? w : h;
    int stride = rows ? 1 : w;
    for (int l = 0; l < (rows ? h : w); l++) {
      int line = rows ? l * w : l;
      for (int i = 0; i < n; i++) {
        out[line + i * stride] = f.at(line, stride, i, n);
      }
    }
    return out;
  }
}
