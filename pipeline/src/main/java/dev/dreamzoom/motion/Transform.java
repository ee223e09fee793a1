package dev.dreamzoom.motion;

import dev.dreamzoom.image.RgbImage;

/** Moves the previous frame to where frame {@code t} starts dreaming. */
@FunctionalInterface
public interface Transform {
  RgbImage apply(RgbImage previous, int t);
}
