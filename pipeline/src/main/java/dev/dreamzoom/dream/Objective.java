package dev.dreamzoom.dream;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What one target contributes to the scalar that gradient ascent maximizes (as lucid's
 * objectives). The step adds up the terms of all targets with weights fed per frame, so changing
 * targets over time never rebuilds the graph.
 */
@FunctionalInterface
public interface Objective {
  /**
   * @param activation the target layer's tensor, shape [1, h, w, channels]
   * @param channel the channel to look at, or -1 for the whole layer
   * @return a scalar
   */
  Operand<TFloat32> term(Ops tf, Operand<TFloat32> activation, int channel);
}
