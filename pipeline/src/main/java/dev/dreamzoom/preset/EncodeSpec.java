package dev.dreamzoom.preset;

import java.util.Objects;

/**
 * How the frames become a clip: H.264 constant rate factor, x264 preset, and the publish size
 * (equal to the dream size unless the preset sets {@code encode.width/height}).
 */
public record EncodeSpec(String format, int crf, String x264Preset, int width, int height) {
  public EncodeSpec {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(x264Preset, "x264Preset");
    if (crf < 0 || crf > 51) {
      throw new IllegalArgumentException("crf must be in 0..51: " + crf);
    }
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("encode size must be positive and even: " + width + "x" + height);
    }
  }
}
