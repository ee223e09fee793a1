package dev.dreamzoom.dream;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The loop's one update rule, used by whole frames and tiles alike: divide the gradient by its
 * mean absolute value (so the step is in pixel levels whatever the objective's scale), step,
 * optionally decay toward mid-grey, clip to 0..255.
 */
final class UpdateRule {
  private UpdateRule() {}

  /**
   * @param decay fraction pulled toward mid-grey, or null where the graph has no decay
   */
  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> image, Operand<TFloat32> gradient,
      Operand<TFloat32> step, Operand<TFloat32> decay) {
    Operand<TFloat32> meanAbs = tf.math.mean(tf.math.abs(gradient), tf.constant(new int[] {0, 1, 2, 3}));
    Operand<TFloat32> normalized = tf.math.div(gradient, tf.math.add(meanAbs, tf.constant(1e-8f)));
    Operand<TFloat32> updated = tf.math.add(image, tf.math.mul(step, normalized));
    if (decay != null) {
      // Decay keeps only the structure the objective renews (Yosinski et al. 2015).
      Operand<TFloat32> grey = tf.constant(127.5f);
      updated = tf.math.add(grey,
          tf.math.mul(tf.math.sub(updated, grey), tf.math.sub(tf.constant(1f), decay)));
    }
    return tf.clipByValue(updated, tf.constant(0f), tf.constant(255f));
  }
}
