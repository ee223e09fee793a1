package dev.dreamzoom.cli;

/** Short human durations for progress lines: {@code 42s}, {@code 3m05s}, {@code 2h14m}. */
final class Durations {
  private Durations() {}

  static String format(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
