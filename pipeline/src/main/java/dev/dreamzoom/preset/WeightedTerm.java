package dev.dreamzoom.preset;

import java.util.Objects;

/**
 * One objective term with its weight: a number, times a per-frame factor where the preset gives the
 * weight as an expression ({@code (0.5 + bass)*layer(L)}), so an objective can follow the music or
 * the clock.
 *
 * @param factor multiplies {@code weight} at each frame; {@link #CONSTANT} for a plain number
 */
public record WeightedTerm(Term term, double weight, Param factor) {
  /** The factor of a weight that is a plain number. */
  public static final Param CONSTANT = Param.constant(1);

  public WeightedTerm {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(factor, "factor");
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite: " + weight);
    }
  }

  public WeightedTerm(Term term, double weight) {
    this(term, weight, CONSTANT);
  }

  /** The weight at frame {@code t}. */
  public double weightAt(int t) {
    return factor == CONSTANT ? weight : weight * factor.at(t);
  }

  /** This weight on another term. */
  public WeightedTerm with(Term other) {
    return new WeightedTerm(other, weight, factor);
  }
}
