package dev.dreamzoom.preset;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the frames become clips: the formats (mp4, webm, gif; several at once), quality (CRF, used
 * by H.264 and VP9), the x264 preset, the publish size (equal to the dream size unless the preset
 * sets {@code encode.width/height}), the keyframe interval and the poster frame.
 *
 * @param keyframeInterval frames between keyframes; 0 = two seconds' worth
 * @param posterFrame the frame (1-based) saved as the poster PNG; 0 = the middle frame
 */
public record EncodeSpec(List<String> formats, int crf, String x264Preset, int width, int height,
    int keyframeInterval, int posterFrame) {
  public static final Set<String> FORMATS = Set.of("mp4", "webm", "gif");

  public EncodeSpec {
    formats = List.copyOf(formats);
    Objects.requireNonNull(x264Preset, "x264Preset");
    if (formats.isEmpty() || !FORMATS.containsAll(formats)) {
      throw new IllegalArgumentException("formats must be among " + FORMATS + ": " + formats);
    }
    if (crf < 0 || crf > 51) {
      throw new IllegalArgumentException("crf must be in 0..51: " + crf);
    }
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("encode size must be positive and even: " + width + "x" + height);
    }
    if (keyframeInterval < 0 || posterFrame < 0) {
      throw new IllegalArgumentException("keyframe interval and poster frame must be >= 0");
    }
  }

  /** A copy at another publish size. */
  public EncodeSpec withSize(int w, int h) {
    return new EncodeSpec(formats, crf, x264Preset, w, h, keyframeInterval, posterFrame);
  }
}
