package dev.dreamzoom.image;

import java.util.Arrays;

/**
 * A full-precision RGB image: interleaved {@code float} samples in row-major order, 0..255.
 *
 * <p>Every stage works on this type so that no precision is lost between frames; only the frame
 * writer quantizes to 8 bits.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final float[] pixels;

  /** Wraps {@code pixels} (length {@code width * height * 3}) without copying. */
  public RgbImage(int width, int height, float[] pixels) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (pixels.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected "
              + width * height * 3
              + " samples for "
              + width
              + "x"
              + height
              + ", got "
              + pixels.length);
    }
    this.width = width;
    this.height = height;
    this.pixels = pixels;
  }

  /** A uniformly filled image. */
  public static RgbImage filled(int width, int height, float value) {
    float[] p = new float[width * height * 3];
    Arrays.fill(p, value);
    return new RgbImage(width, height, p);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The backing samples, shared with this image. */
  public float[] pixels() {
    return pixels;
  }

  public float get(int x, int y, int c) {
    return pixels[(y * width + x) * 3 + c];
  }

  public RgbImage copy() {
    return new RgbImage(width, height, pixels.clone());
  }

  /** This image plus {@code other}, sample by sample; sizes must match. */
  public RgbImage plus(RgbImage other) {
    requireSameSize(other);
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = pixels[i] + other.pixels[i];
    }
    return new RgbImage(width, height, out);
  }

  /** This image minus {@code other}, sample by sample; sizes must match. */
  public RgbImage minus(RgbImage other) {
    requireSameSize(other);
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = pixels[i] - other.pixels[i];
    }
    return new RgbImage(width, height, out);
  }

  /**
   * Resamples to {@code w x h}. Shrinking by more than 2x first halves the image with a box filter
   * as often as needed, so large reductions average pixels instead of aliasing.
   */
  public RgbImage resize(int w, int h) {
    if (w == width && h == height) {
      return copy();
    }
    RgbImage src = this;
    while (src.width >= 2 * w && src.height >= 2 * h) {
      src = src.halve();
    }
    return src.bilinear(w, h);
  }

  private RgbImage halve() {
    int w = width / 2;
    int h = height / 2;
    float[] out = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float sum =
              get(2 * x, 2 * y, c)
                  + get(2 * x + 1, 2 * y, c)
                  + get(2 * x, 2 * y + 1, c)
                  + get(2 * x + 1, 2 * y + 1, c);
          out[(y * w + x) * 3 + c] = sum * 0.25f;
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  private RgbImage bilinear(int w, int h) {
    float[] out = new float[w * h * 3];
    double sx = (double) width / w;
    double sy = (double) height / h;
    for (int y = 0; y < h; y++) {
      // Pixel centres map to pixel centres (half-pixel convention), as in most image libraries.
      double fy = Math.max(0, Math.min(height - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) fy;
      int y1 = Math.min(y0 + 1, height - 1);
      float wy = (float) (fy - y0);
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, Math.min(width - 1, (x + 0.5) * sx - 0.5));
        int x0 = (int) fx;
        int x1 = Math.min(x0 + 1, width - 1);
        float wx = (float) (fx - x0);
        for (int c = 0; c < 3; c++) {
          float top = get(x0, y0, c) * (1 - wx) + get(x1, y0, c) * wx;
          float bottom = get(x0, y1, c) * (1 - wx) + get(x1, y1, c) * wx;
          out[(y * w + x) * 3 + c] = top * (1 - wy) + bottom * wy;
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * The centred crop of the largest region with the aspect ratio of {@code w x h}, resized to
   * exactly {@code w x h} ("cover" fit: no borders, nothing stretched).
   */
  public RgbImage coverCrop(int w, int h) {
    double scale = Math.max((double) w / width, (double) h / height);
    int cropW = Math.min(width, (int) Math.round(w / scale));
    int cropH = Math.min(height, (int) Math.round(h / scale));
    int x0 = (width - cropW) / 2;
    int y0 = (height - cropH) / 2;
    float[] out = new float[cropW * cropH * 3];
    for (int y = 0; y < cropH; y++) {
      System.arraycopy(pixels, ((y0 + y) * width + x0) * 3, out, y * cropW * 3, cropW * 3);
    }
    return new RgbImage(cropW, cropH, out).resize(w, h);
  }

  /** The {@code w x h} region whose top-left pixel is {@code (x0, y0)}. */
  public RgbImage crop(int x0, int y0, int w, int h) {
    if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > width || y0 + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + "+" + x0 + "+" + y0 + " outside " + width + "x" + height);
    }
    float[] out = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(pixels, ((y0 + y) * width + x0) * 3, out, y * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }

  /** This image without a border of {@code margin} pixels on every side. */
  public RgbImage inset(int margin) {
    return margin == 0 ? this : crop(margin, margin, width - 2 * margin, height - 2 * margin);
  }

  private void requireSameSize(RgbImage other) {
    if (other.width != width || other.height != height) {
      throw new IllegalArgumentException(
          "size mismatch: " + width + "x" + height + " vs " + other.width + "x" + other.height);
    }
  }
}
