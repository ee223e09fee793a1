package dev.dreamzoom.preset;

import java.util.Objects;

/** One objective term with its weight. */
public record WeightedTerm(Term term, double weight) {
  public WeightedTerm {
    Objects.requireNonNull(term, "term");
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite: " + weight);
    }
  }
}
