package dev.dreamzoom.dream;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The scalar that gradient ascent maximizes, built from the network's tensors (as in lucid's
 * objectives). Implementations only add ops; the step owns the graph and session.
 */
@FunctionalInterface
public interface Objective {
  Operand<TFloat32> build(Ops tf, LayerSource layers);

  /** Looks up a layer's activation tensor by operation name. */
  @FunctionalInterface
  interface LayerSource {
    Operand<TFloat32> layer(String name);
  }
}
