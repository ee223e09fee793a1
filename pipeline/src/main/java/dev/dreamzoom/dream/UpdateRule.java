package dev.dreamzoom.dream;

import dev.dreamzoom.preset.GradientSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The loop's one update rule, used by whole frames and tiles alike: normalize the gradient (so the
 * step is in pixel levels whatever the objective's scale), step, optionally decay toward mid-grey,
 * clip to 0..255. The gradient may first be balanced across the bands of a Laplacian pyramid (the
 * TensorFlow DeepDream notebook's {@code lap_normalize}) and taken in a decorrelated colour basis
 * (lucid's {@code _linear_decorelate_color}).
 */
final class UpdateRule {
  /**
   * The square root of ImageNet's colour correlation, from tensorflow/lucid {@code
   * optvis/param/color.py} ({@code color_correlation_svd_sqrt}), row-major.
   */
  private static final float[] COLOR_CORRELATION_SQRT = {
    0.26f, 0.09f, 0.02f,
    0.27f, 0.00f, -0.05f,
    0.27f, -0.09f, 0.03f
  };

  private UpdateRule() {}

  /**
   * A normalized Gaussian of standard deviation {@code sigma} (a delta for 0) on a {@code size x
   * size} grid, laid out {@code [h, w, in_channels = 3, multiplier = 1]}: the same kernel for R, G
   * and B.
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

  /**
   * @param decay fraction pulled toward mid-grey, or null where the graph has no decay
   */
  static Operand<TFloat32> apply(
      Ops tf,
      Operand<TFloat32> image,
      Operand<TFloat32> gradient,
      Operand<TFloat32> step,
      Operand<TFloat32> decay,
      GradientSpec treatment) {
    Operand<TFloat32> g = gradient;
    if (treatment.decorrelated()) {
      // A step in the decorrelated basis x (rgb = x C^T): its gradient is g C, and the step
      // x moves by shows in rgb as that times C^T.
      g = colors(tf, g, false);
    }
    if (treatment.normalize() == GradientSpec.Normalize.LAPLACIAN) {
      g = Laplacian.normalize(tf, g, treatment.lapLevels());
    }
    // In the decorrelated basis each of its three channels is normalized on its own (as Adam,
    // lucid's optimizer, scales each coordinate), so colour moves with ImageNet's statistics
    // instead of vanishing behind brightness.
    Operand<TInt32> axes =
        treatment.decorrelated() ? tf.constant(new int[] {0, 1, 2}) : allAxes(tf);
    Operand<TFloat32> normalized =
        treatment.normalize() == GradientSpec.Normalize.STD
            ? tf.math.div(
                g,
                tf.math.add(
                    tf.math.sqrt(tf.math.mean(tf.math.square(g), axes, Mean.keepDims(true))),
                    tf.constant(1e-8f)))
            : tf.math.div(
                g,
                tf.math.add(
                    tf.math.mean(tf.math.abs(g), axes, Mean.keepDims(true)), tf.constant(1e-8f)));
    if (treatment.decorrelated()) {
      normalized = colors(tf, normalized, true);
    }
    Operand<TFloat32> updated = tf.math.add(image, tf.math.mul(step, normalized));
    if (decay != null) {
      // Decay keeps only the structure the objective renews (Yosinski et al. 2015).
      Operand<TFloat32> grey = tf.constant(127.5f);
      updated =
          tf.math.add(
              grey, tf.math.mul(tf.math.sub(updated, grey), tf.math.sub(tf.constant(1f), decay)));
    }
    return tf.clipByValue(updated, tf.constant(0f), tf.constant(255f));
  }

  private static Operand<TInt32> allAxes(Ops tf) {
    return tf.constant(new int[] {0, 1, 2, 3});
  }

  /**
   * Each pixel's colour times C (or C^T), C the correlation square root scaled to unit column norm.
   */
  private static Operand<TFloat32> colors(Ops tf, Operand<TFloat32> x, boolean transpose) {
    float[] c = COLOR_CORRELATION_SQRT.clone();
    double maxNorm = 0;
    for (int col = 0; col < 3; col++) {
      maxNorm =
          Math.max(
              maxNorm,
              Math.sqrt(c[col] * c[col] + c[3 + col] * c[3 + col] + c[6 + col] * c[6 + col]));
    }
    for (int i = 0; i < c.length; i++) {
      c[i] /= (float) maxNorm;
    }
    Operand<TFloat32> m = tf.constant(Shape.of(3, 3), DataBuffers.of(c, true, false));
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, 3}));
    Operand<TFloat32> mixed =
        tf.linalg.matMul(flat, m, org.tensorflow.op.linalg.MatMul.transposeB(transpose));
    return tf.reshape(mixed, tf.shape(x));
  }

  /**
   * The TensorFlow DeepDream notebook's Laplacian pyramid, as graph ops on a [1, h, w, 3] tensor.
   */
  static final class Laplacian {
    private static final List<Long> STRIDE_2 = List.of(1L, 2L, 2L, 1L);

    private Laplacian() {}

    /** Every band divided by its own standard deviation, then merged again. */
    static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> img, int levels) {
      List<Operand<TFloat32>> bands = split(tf, img, levels);
      List<Operand<TFloat32>> normalized = new ArrayList<>();
      for (Operand<TFloat32> b : bands) {
        Operand<TFloat32> std = tf.math.sqrt(tf.math.mean(tf.math.square(b), allAxes(tf)));
        normalized.add(tf.math.div(b, tf.math.maximum(std, tf.constant(1e-10f))));
      }
      return merge(tf, normalized);
    }

    /** The bands, coarsest first: the low-pass residue, then each level's detail. */
    static List<Operand<TFloat32>> split(Ops tf, Operand<TFloat32> img, int levels) {
      List<Operand<TFloat32>> his = new ArrayList<>();
      Operand<TFloat32> current = img;
      for (int i = 0; i < levels; i++) {
        Operand<TFloat32> lo = tf.nn.conv2d(current, kernel(tf, 1), STRIDE_2, "SAME");
        Operand<TFloat32> lo2 = up(tf, lo, current);
        his.add(0, tf.math.sub(current, lo2));
        current = lo;
      }
      his.add(0, current);
      return his;
    }

    static Operand<TFloat32> merge(Ops tf, List<Operand<TFloat32>> bands) {
      Operand<TFloat32> img = bands.get(0);
      for (int i = 1; i < bands.size(); i++) {
        img = tf.math.add(up(tf, img, bands.get(i)), bands.get(i));
      }
      return img;
    }

    private static Operand<TFloat32> up(Ops tf, Operand<TFloat32> lo, Operand<TFloat32> like) {
      return tf.nn.conv2dBackpropInput(tf.shape(like), kernel(tf, 4), lo, STRIDE_2, "SAME");
    }

    /** The notebook's 5 x 5 binomial kernel, one per channel without mixing, times {@code gain}. */
    private static Operand<TFloat32> kernel(Ops tf, float gain) {
      float[] k1 = {1, 4, 6, 4, 1};
      float[] k = new float[5 * 5 * 3 * 3];
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 5; x++) {
          for (int c = 0; c < 3; c++) {
            k[((y * 5 + x) * 3 + c) * 3 + c] = gain * k1[y] * k1[x] / 256f;
          }
        }
      }
      return tf.constant(Shape.of(5, 5, 3, 3), DataBuffers.of(k, true, false));
    }
  }
}
