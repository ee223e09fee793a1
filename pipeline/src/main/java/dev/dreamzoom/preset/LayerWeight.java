package dev.dreamzoom.preset;

import java.util.Objects;

/** One DeepDream objective term: a layer tensor name and the weight of its mean squared activation. */
public record LayerWeight(String layer, double weight) {
  public LayerWeight {
    Objects.requireNonNull(layer, "layer");
    if (layer.isBlank()) {
      throw new IllegalArgumentException("layer name is empty");
    }
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("layer weight must be finite: " + weight);
    }
  }
}
