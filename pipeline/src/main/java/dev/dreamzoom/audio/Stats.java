package dev.dreamzoom.audio;

import java.util.Arrays;

/** Percentiles, for normalizing each curve to its own track. */
final class Stats {
  private Stats() {}

  /** The {@code p}-th percentile (nearest rank) of {@code values}; 0 for none. */
  static double percentile(float[] values, double p) {
    if (values.length == 0) {
      return 0;
    }
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }
}
