package dev.dreamzoom.preset;

import java.util.Objects;

/**
 * The warp applied between frames: zoom factor, rotation in degrees and translation in pixels about
 * a pivot (fractions of the frame, 0.5 = centre), and a perspective tilt in degrees.
 *
 * @param overscan pixels of dreamed canvas around the frame on every side, so that motion brings in
 *     dreamed content instead of the border mode's copies
 */
public record MotionSpec(
    Param zoom,
    Param angle,
    Param tx,
    Param ty,
    BorderMode border,
    Param cx,
    Param cy,
    Param tiltX,
    Param tiltY,
    int overscan) {
  public MotionSpec {
    Objects.requireNonNull(zoom, "zoom");
    Objects.requireNonNull(angle, "angle");
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(ty, "ty");
    Objects.requireNonNull(border, "border");
    Objects.requireNonNull(cx, "cx");
    Objects.requireNonNull(cy, "cy");
    Objects.requireNonNull(tiltX, "tiltX");
    Objects.requireNonNull(tiltY, "tiltY");
    if (overscan < 0) {
      throw new IllegalArgumentException("overscan must be >= 0: " + overscan);
    }
  }

  /** About the centre, without tilt. */
  public MotionSpec(Param zoom, Param angle, Param tx, Param ty, BorderMode border) {
    this(
        zoom,
        angle,
        tx,
        ty,
        border,
        Param.constant(0.5),
        Param.constant(0.5),
        Param.constant(0),
        Param.constant(0),
        0);
  }
}
