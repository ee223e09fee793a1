package dev.dreamzoom.render;

import dev.dreamzoom.image.RgbImage;

/** Dreams on the image that frame {@code t} starts from. */
@FunctionalInterface
public interface FrameDreamer {
  RgbImage dream(RgbImage start, int t);
}
