package dev.dreamzoom.dream;

import dev.dreamzoom.model.Natives;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * What this machine can do through the same TensorFlow runtime: the GFLOP/s of a large matrix
 * product in float32 or bfloat16, the best case for arithmetic throughput. The dream step's
 * GFLOP/s is reported as a fraction of the ceiling of the precision it computes in.
 */
public final class Ceiling {
  private Ceiling() {}

  /** GFLOP/s of a float32 {@code n x n} by {@code n x n} product, best of {@code repeats} runs after a warm-up. */
  public static double matmulGflops(int n, int repeats, int threads) {
    return matmulGflops(n, repeats, threads, false);
  }

  /**
   * As {@link #matmulGflops(int, int, int)}, in bfloat16 where asked (the operands converted once,
   * before the timed runs).
   */
  public static double matmulGflops(int n, int repeats, int threads, boolean bfloat16) {
    Natives.tensorFlow();
    float[] values = new float[n * n];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextDouble(-1, 1);
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.withName("a").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(n, n)));
      Placeholder<TBfloat16> b = tf.withName("b").placeholder(TBfloat16.class,
          Placeholder.shape(Shape.of(n, n)));
      Operand<TBfloat16> toBfloat16 = tf.dtypes.cast(a, TBfloat16.class);
      // Summing the product keeps the fetch tiny, so the copy out does not count as compute.
      Operand<?> sum = bfloat16
          ? tf.sum(tf.dtypes.cast(tf.linalg.matMul(b, b), TFloat32.class), tf.constant(new int[] {0, 1}))
          : tf.sum(tf.linalg.matMul(a, a), tf.constant(new int[] {0, 1}));
      try (Session s = new Session(g, DreamStep.config(threads));
          TFloat32 input = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false));
          Result converted = bfloat16 ? s.runner().feed("a", input).fetch(toBfloat16).run() : null) {
        Tensor operand = bfloat16 ? converted.get(0) : input;
        String fed = bfloat16 ? "b" : "a";
        double best = Double.MAX_VALUE;
        for (int i = 0; i <= repeats; i++) {
          long t0 = System.nanoTime();
          try (Result res = s.runner().feed(fed, operand).fetch(sum).run()) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (i > 0) {
              best = Math.min(best, seconds);
            }
          }
        }
        return 2.0 * n * n * n / best / 1e9;
      }
    }
  }
}
