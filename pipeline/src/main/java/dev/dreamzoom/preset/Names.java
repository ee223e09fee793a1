package dev.dreamzoom.preset;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" suggestions for misspelt keys and layer names. */
public final class Names {
  private Names() {}

  /**
   * Up to {@code limit} candidates closest to {@code wanted}: names ending in it come first (a
   * layer given without its scope), then by edit distance, ignoring case; only plausible ones.
   */
  public static List<String> closest(String wanted, Collection<String> candidates, int limit) {
    String w = wanted.toLowerCase(Locale.ROOT);
    int plausible = Math.max(2, wanted.length() / 3);
    return candidates.stream()
        .filter(
            c -> c.endsWith("/" + wanted) || distance(w, c.toLowerCase(Locale.ROOT)) <= plausible)
        .sorted(
            Comparator.<String>comparingInt(c -> c.endsWith("/" + wanted) ? 0 : 1)
                .thenComparingInt(c -> distance(w, c.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()))
        .limit(limit)
        .toList();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
