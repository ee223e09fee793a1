package dev.dreamzoom.preset;

/**
 * A numeric preset value looked up per frame, so that constant values and keyframed schedules are
 * used the same way by every stage.
 */
@FunctionalInterface
public interface Param {
  /** The value at frame {@code t} (0-based). */
  double at(int t);

  /** The value at frame {@code t}, rounded to the nearest integer. */
  default int intAt(int t) {
    return (int) Math.round(at(t));
  }

  static Param constant(double value) {
    return t -> value;
  }
}
