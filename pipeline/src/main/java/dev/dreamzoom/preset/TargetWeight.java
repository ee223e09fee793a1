package dev.dreamzoom.preset;

import java.util.Objects;

/** One objective term with its weight. */
public record TargetWeight(Target target, double weight) {
  public TargetWeight {
    Objects.requireNonNull(target, "target");
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite: " + weight);
    }
  }
}
