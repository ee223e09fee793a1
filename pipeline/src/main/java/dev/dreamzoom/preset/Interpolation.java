package dev.dreamzoom.preset;

/** How a schedule moves between its keyframes. */
public enum Interpolation {
  /** Straight line from one key to the next. */
  LINEAR,
  /** Catmull-Rom spline through the keys: smooth speed changes, no corners. */
  CUBIC,
  /** Holds each key's value until the next key. */
  STEP
}
