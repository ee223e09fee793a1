package dev.dreamzoom.dream;

import dev.dreamzoom.model.InputSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The parameterization: how the image the ascent updates (0..255 RGB pixels, outside the graph)
 * becomes what the network reads. The model's input tensor (usually a placeholder) is replaced,
 * inside its GraphDef, by image placeholder → roll by the jitter shift → {@code (p - offset) /
 * scale} per channel → reversed to BGR where the network wants it, the last node taking the input's
 * name so the network's own nodes need no change (TensorFlow Java has no import-time input
 * mapping).
 */
final class NetworkInput {
  static final String SCOPE = "dreamzoom";
  static final String IMAGE = SCOPE + "/image";
  static final String SHIFT = SCOPE + "/shift";

  /** The scaled input in RGB order, where the network reads BGR. */
  private static final String RGB_INPUT = SCOPE + "/rgb_input";

  static final int[] SPATIAL_AXES = {1, 2};

  private NetworkInput() {}

  /**
   * The tensor the gradient is taken with respect to: the network's input, in RGB order so that the
   * gradient, rolled back, lines up with the image's channels.
   */
  static String gradientSource(InputSpec in) {
    return in.bgr() ? RGB_INPUT : in.tensor();
  }

  /**
   * Pixel values (0..255) as a function of {@link #gradientSource}, for terms on the image itself.
   */
  static Operand<TFloat32> pixels(Ops tf, Operand<TFloat32> rgbInput, InputSpec in) {
    return tf.math.add(tf.math.mul(rgbInput, tf.constant(in.scale())), tf.constant(in.offset()));
  }

  /** {@code model} with its input tensor swapped for the preprocessing described above. */
  static GraphDef splice(GraphDef model, InputSpec in) {
    GraphDef prelude;
    try (Graph scratch = new Graph()) {
      Ops root = Ops.create(scratch);
      Ops tf = root.withSubScope(SCOPE);
      Placeholder<TFloat32> image =
          tf.withName("image")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TInt32> shift =
          tf.withName("shift").placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> rolled = tf.roll(image, shift, tf.constant(SPATIAL_AXES));
      Operand<TFloat32> centered = tf.math.sub(rolled, tf.constant(in.offset()));
      if (in.bgr()) {
        Operand<TFloat32> scaled =
            tf.withName("rgb_input").math.div(centered, tf.constant(in.scale()));
        root.withName(in.tensor()).reverse(scaled, tf.constant(new int[] {3}));
      } else {
        root.withName(in.tensor()).math.div(centered, tf.constant(in.scale()));
      }
      prelude = scratch.toGraphDef();
    }
    GraphDef.Builder merged = model.toBuilder().clearNode();
    for (NodeDef n : model.getNodeList()) {
      if (!n.getName().equals(in.tensor())) {
        merged.addNode(n);
      }
    }
    merged.addAllNode(prelude.getNodeList());
    return merged.build();
  }
}
