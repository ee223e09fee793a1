package dev.dreamzoom.preset;

/** How the motion warp fills pixels that come from outside the previous frame. */
public enum BorderMode {
  REFLECT,
  REPLICATE,
  WRAP
}
