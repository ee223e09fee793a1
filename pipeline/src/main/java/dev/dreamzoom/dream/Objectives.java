package dev.dreamzoom.dream;

import dev.dreamzoom.preset.LayerWeight;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The objectives a preset can ask for. */
public final class Objectives {
  private Objectives() {}

  /**
   * DeepDream: the weighted sum over layers of each layer's mean squared activation. The mean (not
   * the sum) keeps layers of different sizes, and octaves of different sizes, comparable.
   */
  public static Objective deepDream(List<LayerWeight> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("DeepDream needs at least one layer");
    }
    List<LayerWeight> terms = List.copyOf(layers);
    return (tf, source) -> {
      Operand<TFloat32> total = null;
      for (LayerWeight lw : terms) {
        Operand<TFloat32> act = source.layer(lw.layer());
        Operand<TFloat32> meanSq = tf.math.mean(tf.math.square(act), tf.constant(new int[] {0, 1, 2, 3}));
        Operand<TFloat32> term = tf.math.mul(meanSq, tf.constant((float) lw.weight()));
        total = total == null ? term : tf.math.add(total, term);
      }
      return total;
    };
  }
}
