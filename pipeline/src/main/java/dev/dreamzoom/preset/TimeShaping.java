package dev.dreamzoom.preset;

import java.util.Arrays;
import java.util.List;

/**
 * The functions that shape a signal over time, so the music's raw curves become motion a person
 * wants: {@code smooth(x, attack_s, release_s)} (rises with the attack's time constant, falls with
 * the release's), {@code pulse(x, decay_s)} (jumps to each new peak of x, then decays by a factor e
 * every decay_s seconds) and {@code ahead(x, seconds)} (x that many seconds later, so a move can
 * anticipate a beat). Smoothing and pulses run from frame 0 over every frame up to the one asked,
 * whatever order frames are asked in, so a resumed render reads exactly the values an uninterrupted
 * one did.
 */
final class TimeShaping {
  static final List<String> NAMES = List.of("smooth", "pulse", "ahead");

  private TimeShaping() {}

  /**
   * A time a preset gave smooth, pulse or ahead that they cannot use, found when the value is
   * computed at some frame: the parser reports it on the key, as it does any value out of range.
   */
  static final class BadTime extends RuntimeException {
    BadTime(String message) {
      super(message);
    }
  }

  static int arity(String name) {
    return name.equals("smooth") ? 3 : 2;
  }

  static String usage(String name) {
    return switch (name) {
      case "smooth" -> "smooth(x, attack_s, release_s)";
      case "pulse" -> "pulse(x, decay_s)";
      default -> "ahead(x, seconds)";
    };
  }

  static Expr of(String name, List<Expr> args, Timeline timeline) {
    double fps = timeline.fps();
    Expr x = args.get(0);
    return switch (name) {
      case "ahead" ->
          (t, s, n) -> {
            double seconds = args.get(1).eval(t, s, n);
            // Further than the clip's length would read past anything the clip has (and past
            // memory).
            if (!(Math.abs(seconds) <= Math.max(n, 1) / fps)) {
              throw new BadTime(
                  String.format(
                      java.util.Locale.ROOT,
                      "ahead(x, seconds): %s s at"
                          + " frame %d is further than the clip's length (%.2f s); give at most that",
                      seconds,
                      (long) t,
                      Math.max(n, 1) / fps));
            }
            long shift = Math.round(seconds * fps);
            return x.eval(t + shift, (t + shift) / fps, n);
          };
      case "smooth" ->
          new Series(
              x,
              (k, previous, value, n) -> {
                double attack =
                    time(
                        "smooth(x, attack_s, release_s)",
                        "attack_s",
                        args.get(1).eval(k, k / fps, n),
                        k);
                double release =
                    time(
                        "smooth(x, attack_s, release_s)",
                        "release_s",
                        args.get(2).eval(k, k / fps, n),
                        k);
                double tau = value > previous ? attack : release;
                return previous + (value - previous) * gain(tau, fps);
              },
              fps);
      default ->
          new Series(
              x,
              (k, previous, value, n) -> {
                double decay =
                    time("pulse(x, decay_s)", "decay_s", args.get(1).eval(k, k / fps, n), k);
                return Math.max(value, previous * Math.exp(-1 / (decay * fps)));
              },
              fps);
    };
  }

  /**
   * The share of the way a one-pole filter with time constant {@code tau} seconds moves per frame.
   */
  private static double gain(double tau, double fps) {
    return 1 - Math.exp(-1 / (tau * fps));
  }

  /** {@code seconds}, a time constant, when it is above 0 (it was silently taken as 0 before). */
  private static double time(String usage, String name, double seconds, int frame) {
    if (!(seconds > 0 && seconds <= 86_400)) {
      throw new BadTime(
          usage
              + ": "
              + name
              + " is "
              + seconds
              + " s at frame "
              + frame
              + "; give seconds above 0 (0.001 for nearly instant) and at most a day");
    }
    return seconds;
  }

  @FunctionalInterface
  private interface Step {
    double next(int frame, double previous, double value, double total);
  }

  /** A causal filter of x, computed frame by frame from frame 0 and kept; 0 before frame 0. */
  private static final class Series implements Expr {
    private final Expr x;
    private final Step step;
    private final double fps;
    private double[] values = new double[0];
    private int known;
    private double total = Double.NaN;

    Series(Expr x, Step step, double fps) {
      this.x = x;
      this.step = step;
      this.fps = fps;
    }

    @Override
    public synchronized double eval(double t, double s, double n) {
      int frame = (int) Math.floor(t + 1e-9);
      if (frame < 0) {
        return 0;
      }
      if (n != total) {
        known = 0;
        total = n;
      }
      if (frame >= values.length) {
        values = Arrays.copyOf(values, Math.max(frame + 1, 2 * values.length));
      }
      for (; known <= frame; known++) {
        double value = x.eval(known, known / fps, n);
        values[known] = known == 0 ? value : step.next(known, values[known - 1], value, n);
      }
      return values[frame];
    }
  }
}
