package dev.dreamzoom.dream;

import dev.dreamzoom.model.Natives;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.tensorflow.types.family.TNumber;

/**
 * What this machine can do through the same TensorFlow runtime, in float32 or bfloat16: the best
 * GFLOP/s of a large matrix product, a 3x3 convolution and that convolution's input gradient (the
 * two kernels a dream step spends its FLOPs in). The dream step's GFLOP/s is reported as a fraction
 * of the ceiling of the precision it computes in. A matrix product alone is not a ceiling: on a CPU
 * with AMX, TensorFlow's bfloat16 convolutions ran at 1.3 times its bfloat16 matrix product.
 */
public final class Ceiling {
  private Ceiling() {}

  /** Each kernel's GFLOP/s; {@link #best()} is the ceiling. */
  public record Figures(double matmul, double convolution, double inputGradient) {
    public double best() {
      return Math.max(matmul, Math.max(convolution, inputGradient));
    }

    public String describe() {
      return String.format(
          Locale.ROOT,
          "%.0f GFLOP/s (matrix product %.0f, 3x3 convolution %.0f," + " its input gradient %.0f)",
          best(),
          matmul,
          convolution,
          inputGradient);
    }
  }

  /**
   * Measures the three kernels, each the best of {@code repeats} runs after a warm-up; {@code
   * quick} uses sizes about a sixty-fourth of the full ones.
   */
  public static Figures measure(boolean bfloat16, boolean quick, int repeats, int threads) {
    int n = quick ? 1024 : 4096;
    // VGG16's conv3 shape at 640x360 (a quarter of the frame a side), or a sixteenth of its area.
    long h = quick ? 24 : 90;
    long w = quick ? 40 : 160;
    long c = 256;
    long convFlops = 2 * h * w * c * c * 9;
    List<Long> ones = List.of(1L, 1L, 1L, 1L);
    Shape image = Shape.of(1, h, w, c);
    Shape filter = Shape.of(3, 3, c, c);
    double matmul =
        gflops(
            2.0 * n * n * n,
            threads,
            repeats,
            bfloat16,
            List.of(Shape.of(n, n)),
            (tf, in) -> tf.linalg.matMul(in.get(0), in.get(0)));
    double conv =
        gflops(
            convFlops,
            threads,
            repeats,
            bfloat16,
            List.of(image, filter),
            (tf, in) -> tf.nn.conv2d(in.get(0), in.get(1), ones, "SAME"));
    double gradient =
        gflops(
            convFlops,
            threads,
            repeats,
            bfloat16,
            List.of(image, filter),
            (tf, in) ->
                tf.nn.conv2dBackpropInput(
                    tf.constant(new int[] {1, (int) h, (int) w, (int) c}),
                    in.get(1),
                    in.get(0),
                    ones,
                    "SAME"));
    return new Figures(matmul, conv, gradient);
  }

  /** The op a ceiling times, built from its operands in the precision measured. */
  private interface Kernel {
    Operand<TNumber> build(Ops tf, List<Operand<TNumber>> operands);
  }

  private static double gflops(
      double flops, int threads, int repeats, boolean bfloat16, List<Shape> shapes, Kernel kernel) {
    Natives.tensorFlow();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Placeholder<TFloat32>> floats = new ArrayList<>();
      for (int i = 0; i < shapes.size(); i++) {
        floats.add(
            tf.withName("f" + i).placeholder(TFloat32.class, Placeholder.shape(shapes.get(i))));
      }
      List<Operand<TBfloat16>> casts = new ArrayList<>();
      List<Operand<TNumber>> operands = new ArrayList<>();
      for (int i = 0; i < shapes.size(); i++) {
        if (bfloat16) {
          casts.add(tf.dtypes.cast(floats.get(i), TBfloat16.class));
          operands.add(
              numbers(
                  tf.withName("b" + i)
                      .placeholder(TBfloat16.class, Placeholder.shape(shapes.get(i)))));
        } else {
          operands.add(numbers(floats.get(i)));
        }
      }
      // Summing the result keeps the fetch tiny, so the copy out does not count as compute.
      Operand<TFloat32> result = tf.dtypes.cast(kernel.build(tf, operands), TFloat32.class);
      Operand<?> sum = tf.sum(result, tf.range(tf.constant(0), tf.rank(result), tf.constant(1)));
      List<TFloat32> inputs = new ArrayList<>();
      List<Result> converted = new ArrayList<>();
      try (Session s = new Session(g, DreamStep.config(threads))) {
        for (int i = 0; i < shapes.size(); i++) {
          inputs.add(random(shapes.get(i), i));
          // Operands are converted once, before the timed runs.
          if (bfloat16) {
            converted.add(s.runner().feed("f" + i, inputs.get(i)).fetch(casts.get(i)).run());
          }
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r <= repeats; r++) {
          Session.Runner runner = s.runner();
          for (int i = 0; i < shapes.size(); i++) {
            Tensor operand = bfloat16 ? converted.get(i).get(0) : inputs.get(i);
            runner.feed((bfloat16 ? "b" : "f") + i, operand);
          }
          long t0 = System.nanoTime();
          try (Result res = runner.fetch(sum).run()) {
            if (r > 0) {
              best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
          }
        }
        return flops / best / 1e9;
      } finally {
        converted.forEach(Result::close);
        inputs.forEach(Tensor::close);
      }
    }
  }

  @SuppressWarnings("unchecked") // the kernels are built for any number type
  private static Operand<TNumber> numbers(Operand<? extends TNumber> x) {
    return (Operand<TNumber>) x;
  }

  private static TFloat32 random(Shape shape, long seed) {
    float[] values = new float[(int) shape.size()];
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextDouble(-1, 1);
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }
}
