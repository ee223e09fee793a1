package dev.dreamzoom.color;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.ColorSpec;
import dev.dreamzoom.preset.Param;

/**
 * Keeps a clip's colours where they started: after each frame is dreamed, its colour statistics are
 * moved toward a reference picture's: the mean and covariance of its colours in CIELAB or RGB
 * (Reinhard et al. 2001, "Color Transfer between Images", with Pitie and Kokaram's 2007 linear
 * transfer for the covariance), mean and spread of saturation and value with the hue's circular
 * mean in HSV, or its per-channel histograms; {@code strength} blends between the frame as dreamed
 * (0) and fully matched (1). The reference is taken as it would be stored, rounded to 8 bits, so a
 * resumed render that reads it back from a PNG matches exactly as the uninterrupted one did.
 */
public final class ColorCoherence {
  private final ColorSpec.Mode mode;
  private final Param strength;
  private Stats reference;

  public ColorCoherence(ColorSpec.Mode mode, Param strength) {
    this.mode = mode;
    this.strength = strength;
  }

  public boolean enabled() {
    return mode != ColorSpec.Mode.NONE;
  }

  /** Sets the picture whose colours frames are moved toward. */
  public void setReference(RgbImage picture) {
    reference = Stats.of(mode, ImageFiles.fromBufferedImage(ImageFiles.toBufferedImage(picture)));
  }

  /** Frame {@code t} with its colours moved toward the reference's by the strength at {@code t}. */
  public RgbImage apply(RgbImage frame, int t) {
    double s = strength.at(t);
    if (!enabled() || s <= 0) {
      return frame;
    }
    if (reference == null) {
      throw new IllegalStateException("colour coherence has no reference picture");
    }
    float[] matched = Stats.of(mode, frame).transferTo(reference, frame);
    float[] in = frame.pixels();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      double v = (1 - s) * in[i] + s * matched[i];
      out[i] = (float) Math.max(0, Math.min(255, v));
    }
    return new RgbImage(frame.width(), frame.height(), out);
  }
}
