package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Plain-Java image arithmetic the transforms need: tile cuts, rolls, the blur kernel, tensors. */
final class Tiles {
  private Tiles() {}

  /**
   * Inner tile boundaries fall on multiples of this: the networks' overall stride (32 for
   * MobileNet, VGG, Inception), so a tile samples the same grid of positions the whole frame
   * does and its gradient equals the whole frame's away from the seams.
   */
  static final int ALIGN = 32;

  /**
   * Boundaries of about equal pieces of {@code 0..n}, none longer than {@code tile}, the inner
   * ones on multiples of {@link #ALIGN}: the {@code ceil(n / ALIGN)} grid cells are shared out as
   * evenly as whole cells allow.
   */
  static int[] cuts(int n, int tile) {
    int cells = (n + ALIGN - 1) / ALIGN;
    int perPiece = Math.max(1, tile / ALIGN);
    int pieces = (cells + perPiece - 1) / perPiece;
    int[] c = new int[pieces + 1];
    for (int i = 1; i < pieces; i++) {
      c[i] = (int) Math.round((double) i * cells / pieces) * ALIGN;
    }
    c[pieces] = n;
    return c;
  }

  /** The image shifted down by {@code dy} and right by {@code dx}, wrapping around. */
  static float[] roll(float[] src, int w, int h, int dy, int dx) {
    float[] out = new float[src.length];
    for (int y = 0; y < h; y++) {
      int ty = Math.floorMod(y + dy, h);
      for (int x = 0; x < w; x++) {
        int tx = Math.floorMod(x + dx, w);
        System.arraycopy(src, (y * w + x) * 3, out, (ty * w + tx) * 3, 3);
      }
    }
    return out;
  }

  /** The {@code tw x th} piece of a {@code w}-wide image at {@code (x0, y0)}. */
  static float[] cut(float[] src, int w, int x0, int y0, int tw, int th) {
    float[] part = new float[tw * th * 3];
    for (int y = 0; y < th; y++) {
      System.arraycopy(src, ((y0 + y) * w + x0) * 3, part, y * tw * 3, tw * 3);
    }
    return part;
  }

  /**
   * A normalized Gaussian of standard deviation {@code sigma} (a delta for 0) on a {@code size x
   * size} grid, laid out {@code [h, w, in_channels = 3, multiplier = 1]}: the same kernel for R,
   * G and B.
   */
  static float[] gaussianKernel(double sigma, int size) {
    int r = size / 2;
    float[] k2 = new float[size * size];
    if (sigma <= 0) {
      k2[r * size + r] = 1;
    } else {
      double sum = 0;
      for (int y = -r; y <= r; y++) {
        for (int x = -r; x <= r; x++) {
          double v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
          k2[(y + r) * size + x + r] = (float) v;
          sum += v;
        }
      }
      for (int i = 0; i < k2.length; i++) {
        k2[i] /= (float) sum;
      }
    }
    float[] k = new float[k2.length * 3];
    for (int i = 0; i < k2.length; i++) {
      for (int c = 0; c < 3; c++) {
        k[i * 3 + c] = k2[i];
      }
    }
    return k;
  }

  static TFloat32 tensor(RgbImage img) {
    return tensor(img.pixels(), img.width(), img.height());
  }

  static TFloat32 tensor(float[] px, int w, int h) {
    return TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(px, true, false));
  }

  static RgbImage image(TFloat32 t, int w, int h) {
    float[] out = new float[w * h * 3];
    t.copyTo(DataBuffers.of(out, false, false));
    return new RgbImage(w, h, out);
  }
}
