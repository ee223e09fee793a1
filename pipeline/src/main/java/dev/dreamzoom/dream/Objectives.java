package dev.dreamzoom.dream;

import dev.dreamzoom.preset.DreamMode;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The objectives the two modes use. */
public final class Objectives {
  private static final int[] ALL_AXES = {0, 1, 2, 3};
  private static final int[] ALL_BUT_CHANNEL = {0, 1, 2};

  private Objectives() {}

  public static Objective forMode(DreamMode mode) {
    return mode == DreamMode.FILTERS ? channelMean() : deepDream();
  }

  /**
   * DeepDream: mean squared activation (of the layer, or of one channel). The mean, not the sum,
   * keeps layers and octaves of different sizes comparable.
   */
  public static Objective deepDream() {
    return (tf, act, channel) -> channel < 0
        ? tf.math.mean(tf.math.square(act), tf.constant(ALL_AXES))
        : tf.math.mean(tf.math.square(channel(tf, act, channel)), tf.constant(ALL_BUT_CHANNEL));
  }

  /**
   * Filter visualization: the channel's mean activation (or the layer's, for a whole layer),
   * taken before a ReLU or ReLU6. ReLU6 caps activations at 6 with zero gradient above, so a
   * channel pushed that far would stop improving while its correlated neighbours catch up; the
   * pre-activation keeps rising (as the TensorFlow DeepDream tutorial's "_pre_relu" layers).
   */
  public static Objective channelMean() {
    return (tf, act, channel) -> {
      Operand<TFloat32> pre = beforeRelu(act);
      return channel < 0
          ? tf.math.mean(pre, tf.constant(ALL_AXES))
          : tf.math.mean(channel(tf, pre, channel), tf.constant(ALL_BUT_CHANNEL));
    };
  }

  /** The input of a ReLU or ReLU6 activation; any other tensor as it is. */
  @SuppressWarnings("unchecked")
  static Operand<TFloat32> beforeRelu(Operand<TFloat32> act) {
    if (act.op() instanceof GraphOperation op
        && (op.type().equals("Relu") || op.type().equals("Relu6"))) {
      return (Operand<TFloat32>) op.input(0);
    }
    return act;
  }

  private static Operand<TFloat32> channel(Ops tf, Operand<TFloat32> act, int channel) {
    return tf.gather(act, tf.constant(channel), tf.constant(3));
  }
}
