package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the frames become clips: the formats (mp4, webm, gif; several at once), quality (CRF, used by
 * H.264 and VP9), the x264 preset, the publish size (equal to the dream size unless the preset sets
 * {@code encode.width/height}), the keyframe interval and the poster frame.
 *
 * @param keyframeInterval frames between keyframes; 0 = two seconds' worth
 * @param posterFrame the frame (1-based) saved as the poster PNG; 0 = the middle frame
 * @param loop none, pingpong (forward then back) or crossfade (the end fades into the start)
 * @param loopFrames frames over which a crossfade loop blends
 * @param interpolate output frames per rendered frame (1 = none), raising the frame rate
 * @param interpolateMode blend (cross-dissolve) or mci (FFmpeg's motion-compensated minterpolate)
 * @param audio a soundtrack muxed into the videos (trimmed to the clip), or null
 * @param audioStart seconds into the soundtrack where the clip's first frame is ({@code
 *     audio.offset} when the soundtrack is the analysed track)
 * @param audioFade seconds over which the soundtrack fades out at the clip's end
 */
public record EncodeSpec(
    List<String> formats,
    int crf,
    String x264Preset,
    int width,
    int height,
    int keyframeInterval,
    int posterFrame,
    String loop,
    int loopFrames,
    int interpolate,
    String interpolateMode,
    Path audio,
    double audioStart,
    double audioFade) {
  /** The formats, as the schema's {@code encode.format} lists them. */
  public static final List<String> FORMATS = PresetSchema.key("encode.format").choices();

  /**
   * Crossfade frames where the clip's length is not known (the preset's default is one second, at
   * most half the clip).
   */
  static final int LOOP_FRAMES_UNKNOWN_CLIP = 30;

  public EncodeSpec {
    formats = List.copyOf(formats);
    Objects.requireNonNull(x264Preset, "x264Preset");
    if (formats.isEmpty() || !FORMATS.containsAll(formats)) {
      throw new IllegalArgumentException("formats must be among " + FORMATS + ": " + formats);
    }
    PresetSchema.key("encode.crf").require(crf);
    PresetSchema.key("encode.interpolate").require(interpolate);
    PresetSchema.key("encode.audio_fade").require(audioFade);
    PresetSchema.key("audio.offset").require(audioStart);
    PresetSchema.key("encode.preset").requireChoice(x264Preset);
    PresetSchema.key("encode.loop").requireChoice(loop);
    PresetSchema.key("encode.interpolate_mode").requireChoice(interpolateMode);
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "encode size must be positive and even: " + width + "x" + height);
    }
    if (keyframeInterval < 0 || posterFrame < 0) {
      throw new IllegalArgumentException("keyframe interval and poster frame must be >= 0");
    }
    if (loopFrames < 1) {
      throw new IllegalArgumentException("loop frames must be at least 1: " + loopFrames);
    }
  }

  /** The settings as the preset keys that say them, as a render's manifest keeps them. */
  public Map<String, String> toKeys() {
    Map<String, String> k = new LinkedHashMap<>();
    k.put("encode.format", String.join(",", formats));
    k.put("encode.crf", Integer.toString(crf));
    k.put("encode.preset", x264Preset);
    k.put("encode.width", Integer.toString(width));
    k.put("encode.height", Integer.toString(height));
    k.put("encode.keyframes", Integer.toString(keyframeInterval));
    k.put("encode.poster", Integer.toString(posterFrame));
    k.put("encode.loop", loop);
    k.put("encode.loop_frames", Integer.toString(loopFrames));
    k.put("encode.interpolate", Integer.toString(interpolate));
    k.put("encode.interpolate_mode", interpolateMode);
    if (audio != null) {
      k.put("encode.audio", audio.toAbsolutePath().toString());
      k.put("audio.offset", Double.toString(audioStart));
    }
    k.put("encode.audio_fade", Double.toString(audioFade));
    return k;
  }

  /**
   * Settings read back from {@link #toKeys()}'s keys; a key an older manifest lacks takes the
   * schema's default. Sizes have no default there and are required.
   *
   * @throws IllegalArgumentException for a missing size or a value out of range
   */
  public static EncodeSpec fromKeys(Function<String, String> keys) {
    Function<String, String> get =
        k -> {
          String v = keys.apply(k);
          return v != null ? v : PresetSchema.key(k).defaultValue();
        };
    Function<String, Integer> integer =
        k -> {
          String v = get.apply(k);
          if (v == null) {
            throw new IllegalArgumentException(k + " is missing");
          }
          return Integer.parseInt(v.strip());
        };
    String loopFrames = keys.apply("encode.loop_frames");
    String audio = keys.apply("encode.audio");
    return new EncodeSpec(
        List.of(get.apply("encode.format").split(",")),
        integer.apply("encode.crf"),
        get.apply("encode.preset"),
        integer.apply("encode.width"),
        integer.apply("encode.height"),
        integer.apply("encode.keyframes"),
        integer.apply("encode.poster"),
        get.apply("encode.loop"),
        loopFrames == null ? LOOP_FRAMES_UNKNOWN_CLIP : Integer.parseInt(loopFrames.strip()),
        integer.apply("encode.interpolate"),
        get.apply("encode.interpolate_mode"),
        audio == null ? null : Path.of(audio),
        Double.parseDouble(get.apply("audio.offset")),
        Double.parseDouble(get.apply("encode.audio_fade")));
  }

  /** Plain settings for the given formats and size: no loop, no interpolation. */
  public static EncodeSpec simple(List<String> formats, int crf, String x264Preset, int w, int h) {
    return new EncodeSpec(
        formats,
        crf,
        x264Preset,
        w,
        h,
        0,
        0,
        "none",
        LOOP_FRAMES_UNKNOWN_CLIP,
        1,
        PresetSchema.key("encode.interpolate_mode").defaultValue(),
        null,
        0,
        0);
  }

  /** A copy at another publish size. */
  public EncodeSpec withSize(int w, int h) {
    return new EncodeSpec(
        formats,
        crf,
        x264Preset,
        w,
        h,
        keyframeInterval,
        posterFrame,
        loop,
        loopFrames,
        interpolate,
        interpolateMode,
        audio,
        audioStart,
        audioFade);
  }
}
