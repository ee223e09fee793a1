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
 * @param loop none, pingpong (forward then back) or crossfade (the end fades into the start)
 * @param loopFrames frames over which a crossfade loop blends
 * @param interpolate output frames per rendered frame (1 = none), raising the frame rate
 * @param interpolateMode blend (cross-dissolve) or mci (FFmpeg's motion-compensated minterpolate)
 * @param audio a soundtrack muxed into the videos (trimmed to the clip), or null
 * @param audioFade seconds over which the soundtrack fades out at the clip's end
 */
public record EncodeSpec(List<String> formats, int crf, String x264Preset, int width, int height,
    int keyframeInterval, int posterFrame, String loop, int loopFrames, int interpolate,
    String interpolateMode, java.nio.file.Path audio, double audioFade) {
  public static final Set<String> FORMATS = Set.of("mp4", "webm", "gif");
  public static final Set<String> LOOPS = Set.of("none", "pingpong", "crossfade");
  public static final Set<String> INTERPOLATIONS = Set.of("blend", "mci");

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
    if (!LOOPS.contains(loop) || loopFrames < 1 || interpolate < 1 || interpolate > 8
        || !INTERPOLATIONS.contains(interpolateMode)) {
      throw new IllegalArgumentException("bad loop or interpolation settings: " + loop + ", "
          + loopFrames + ", " + interpolate + ", " + interpolateMode);
    }
    if (!(audioFade >= 0)) {
      throw new IllegalArgumentException("audio fade must be >= 0: " + audioFade);
    }
  }

  /** Plain settings for the given formats and size: no loop, no interpolation. */
  public static EncodeSpec simple(List<String> formats, int crf, String x264Preset, int w, int h) {
    return new EncodeSpec(formats, crf, x264Preset, w, h, 0, 0, "none", 30, 1,
        PresetSchema.key("encode.interpolate_mode").defaultValue(), null, 0);
  }

  /** A copy at another publish size. */
  public EncodeSpec withSize(int w, int h) {
    return new EncodeSpec(formats, crf, x264Preset, w, h, keyframeInterval, posterFrame, loop,
        loopFrames, interpolate, interpolateMode, audio, audioFade);
  }
}
