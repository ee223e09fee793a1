package dev.dreamzoom.preset;

import java.util.Objects;

/** The warp applied between frames: zoom factor, rotation in degrees, translation in pixels. */
public record MotionSpec(Param zoom, Param angle, Param tx, Param ty, BorderMode border) {
  public MotionSpec {
    Objects.requireNonNull(zoom, "zoom");
    Objects.requireNonNull(angle, "angle");
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(ty, "ty");
    Objects.requireNonNull(border, "border");
  }
}
