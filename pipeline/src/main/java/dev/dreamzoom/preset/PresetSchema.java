package dev.dreamzoom.preset;

import dev.dreamzoom.audio.MusicVariable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every key a preset may use, in one table: its kind, default, range ({@link Key#allows}) and
 * one-line meaning. The parser, the commands whose options mirror a key, the manifest and the specs
 * read defaults, ranges and choices from here, and {@code presets/reference.properties} carries
 * each key with exactly this default and this comment (a test holds the two together). The table is
 * long by nature: one entry per key is the point.
 */
public final class PresetSchema {
  /** How a key's value is read. */
  public enum Kind {
    TEXT,
    PATH,
    CHOICE,
    INTEGER,
    NUMBER,
    NUMBERS,
    PER_FRAME,
    PER_FRAME_INTEGER,
    TERMS
  }

  /**
   * One key.
   *
   * @param defaultValue the value when the key is absent, as a preset would write it; null when
   *     there is none or it depends on other keys (the doc says how)
   * @param min smallest allowed value of a numeric key
   * @param max largest allowed value of a numeric key
   * @param expected how the range reads in messages, where "a number in min..max" would not say it
   * @param choices the allowed values of a {@link Kind#CHOICE} key
   * @param openMin true when {@code min} itself is not allowed (a ratio above 1, a scale above 0)
   * @param orZero true when 0 is allowed besides the range (0 = off, as in {@code dream.tile})
   */
  public record Key(
      String name,
      Kind kind,
      String defaultValue,
      double min,
      double max,
      String expected,
      List<String> choices,
      String doc,
      boolean openMin,
      boolean orZero) {
    public Key(
        String name,
        Kind kind,
        String defaultValue,
        double min,
        double max,
        String expected,
        List<String> choices,
        String doc) {
      this(name, kind, defaultValue, min, max, expected, choices, doc, false, false);
    }

    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      choices = List.copyOf(choices);
      if (doc == null || doc.isBlank()) {
        throw new IllegalArgumentException(name + ": every key has a doc line");
      }
      if (kind == Kind.CHOICE
          && (choices.isEmpty() || (defaultValue != null && !choices.contains(defaultValue)))) {
        throw new IllegalArgumentException(
            name + ": default " + defaultValue + " is not among " + choices);
      }
      if (numeric(kind) && defaultValue != null) {
        double d = Double.parseDouble(defaultValue);
        if (!allows(d, kind, min, max, openMin, orZero)) {
          throw new IllegalArgumentException(
              name + ": default " + d + " outside " + min + ".." + max);
        }
      }
      if ((kind == Kind.PER_FRAME || kind == Kind.PER_FRAME_INTEGER)
          && !doc.startsWith("(per frame)")) {
        throw new IllegalArgumentException(
            name + ": the doc of a per-frame key starts with (per frame)");
      }
    }

    /**
     * Whether {@code v} is in this key's range: {@code min..max} (above {@code min} when open), a
     * whole number for integer kinds, or 0 where 0 means off. The one range check every reader of
     * the key uses: the preset parser, the commands that mirror the key, the specs.
     */
    public boolean allows(double v) {
      return allows(v, kind, min, max, openMin, orZero);
    }

    private static boolean allows(
        double v, Kind kind, double min, double max, boolean openMin, boolean orZero) {
      boolean integer = kind == Kind.INTEGER || kind == Kind.PER_FRAME_INTEGER;
      if (!Double.isFinite(v) || (integer && v != Math.rint(v))) {
        return false;
      }
      return (orZero && v == 0) || ((openMin ? v > min : v >= min) && v <= max);
    }

    /**
     * {@code v}, checked as {@link #allows} checks it: for specs built in code.
     *
     * @throws IllegalArgumentException naming the key and its range
     */
    public double require(double v) {
      if (!allows(v)) {
        throw new IllegalArgumentException(name + " must be " + expectedText() + ": " + v);
      }
      return v;
    }

    /**
     * {@code v}, checked against this choice key's choices: for specs built in code.
     *
     * @throws IllegalArgumentException naming the key and its choices
     */
    public String requireChoice(String v) {
      if (!choices.contains(v)) {
        throw new IllegalArgumentException(name + " must be one of " + choicesText() + ": " + v);
      }
      return v;
    }

    /** The choices as messages and help give them: "none | pingpong | crossfade". */
    public String choicesText() {
      return String.join(" | ", choices);
    }

    /** What the key allows, as help gives it: its choices, or its range. */
    public String allowedText() {
      return kind == Kind.CHOICE ? choicesText() : expectedText();
    }

    /** The default as a number; an error for a key without a numeric default. */
    public double defaultNumber() {
      if (!numeric(kind) || defaultValue == null) {
        throw new IllegalStateException(name + " has no numeric default");
      }
      return Double.parseDouble(defaultValue);
    }

    /** The range as messages give it: "an integer in 1..240". */
    public String expectedText() {
      if (expected != null) {
        return expected;
      }
      boolean integer = kind == Kind.INTEGER || kind == Kind.PER_FRAME_INTEGER;
      return (integer ? "an integer" : "a number") + " in " + format(min) + ".." + format(max);
    }

    private static boolean numeric(Kind k) {
      return k == Kind.INTEGER
          || k == Kind.NUMBER
          || k == Kind.NUMBERS
          || k == Kind.PER_FRAME
          || k == Kind.PER_FRAME_INTEGER;
    }

    private static String format(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  /** {@code dream.blur}'s default in filters mode, where it keeps visualizations free of static. */
  public static final double FILTERS_BLUR = 0.5;

  /** The keys in the order the reference preset lists them. */
  public static final List<Key> KEYS =
      List.of(
          text("name", null, "output folder: output/<name>/ (default: the file name)"),
          choice(
              "seed",
              "noise",
              "noise | photo: what the first frame dreams on | video: dream over each frame of seed.video",
              "noise",
              "photo",
              "video"),
          choice(
              "seed.noise",
              "fractal",
              "fractal (smooth coloured clouds) | uniform (grey static)",
              "fractal",
              "uniform"),
          path("seed.image", "seed = photo: a JPEG or PNG, cover-cropped to width x height"),
          path(
              "seed.video",
              "seed = video: anything FFmpeg decodes (MP4, WebM, MOV, GIF), turned upright as its rotation"
                  + " says and cover-cropped to width x height"),
          number(
              "video.start",
              "0",
              0,
              86_400,
              "seconds, 0 or more",
              "seconds into the video where frame 0 is"),
          number(
              "video.end",
              "0",
              0,
              86_400,
              "seconds, 0 or more",
              "seconds into the video where the render stops; 0 = its end"),
          number(
              "video.fps",
              "0",
              0,
              240,
              "a number in 0..240",
              "frames taken from the video per second of it; 0 = the clip's fps, so the clip plays in real"
                  + " time (another value plays it faster or slower)"),
          perFrame(
              "video.blend",
              "0.85",
              0,
              1,
              false,
              "(per frame) share of the previous dream, carried along the video's optical flow, in what"
                  + " frame t dreams on; the rest is the video's own frame (0 = every frame dreamed afresh)"),
          integer(
              "random.seed",
              "42",
              -9.2e18,
              9.2e18,
              "a whole number that fits in 64 bits",
              "all randomness (noise, jitter) derives from it"),
          integer(
              "width", "640", 16, 8192, null, "frame width in pixels (even numbers, for H.264)"),
          integer("height", "360", 16, 8192, null, "frame height in pixels (even numbers)"),
          integer("fps", "30", 1, 240, null, "frames per second of the clip"),
          integer(
              "frames",
              "120",
              1,
              1_000_000,
              "an integer in 1..1000000, or auto",
              "number of frames; auto = the audio track's length at fps, from audio.offset to audio.end"),
          path(
              "audio",
              "a soundtrack (anything FFmpeg reads) whose loudness, bands, onsets and beats every schedule"
                  + " expression may read ("
                  + String.join(" ", MusicVariable.keys())
                  + "); also the clip's"
                  + " soundtrack unless encode.audio is set"),
          number(
              "audio.offset",
              "0",
              0,
              86_400,
              "seconds, 0 to 86400 (a day)",
              "seconds into the audio track where frame 0 starts (the clip's music starts there too)"),
          number(
              "audio.end",
              "0",
              0,
              86_400,
              "seconds, 0 to 86400 (a day); 0 = the track's end",
              "seconds into the audio track where the clip ends with frames = auto (an excerpt); 0 = the"
                  + " track's end"),
          integer(
              "render.checkpoint_every",
              "30",
              1,
              1_000_000,
              null,
              "keep the full-precision canvas of every N-th frame (state/keep/), so any frame can be"
                  + " regenerated exactly (dreamzoom repair); each costs width x height x 12 bytes"
                  + " (2.8 MB at 640x360)"),
          perFrame(
              "render.cadence",
              "1",
              1,
              8,
              true,
              "(per frame) dream every N-th frame; the frames between are the dreamed frames before and"
                  + " after carried by the exact camera motion and cross-dissolved (up to N times the frames"
                  + " per hour; 1 dreams every frame)"),
          text(
              "model",
              "mobilenet_v1_0.75_224_quantized",
              "catalog name (dreamzoom layers NAME; config/models.properties: mobilenet_v1_*, inception5h, inception_v3, vgg16, vgg19; from the ONNX model zoo bvlc_googlenet, inception_v1, vgg16_onnx, vgg19_onnx, resnet50), or a path: a frozen .pb, a SavedModel folder (write ./folder), Keras VGG-style .h5 weights, or an ONNX file (.onnx)"),
          text(
              "model.input",
              null,
              "your own network: the tensor pixels go to; default: the catalog's, a SavedModel's signature input, or the graph's only float placeholder"),
          numbers(
              "model.offset",
              -1e6,
              1e6,
              false,
              "numbers",
              "your own network: pixels p (0..255) are fed as (p - offset) / scale; one value or three (R, G, B); default 127.5 (123.68, 116.779, 103.939 for .h5)"),
          numbers(
              "model.scale",
              0,
              1e6,
              true,
              "numbers above 0",
              "your own network: see model.offset; default 127.5 (1 for .h5)"),
          choice(
              "model.channels",
              null,
              "your own network: rgb | bgr (Caffe-converted networks); default rgb (bgr for .h5)",
              "rgb",
              "bgr"),
          text(
              "model.logits",
              null,
              "your own network: its class logits tensor, shape [1, classes], for class(...) terms; default: the catalog's (MobileNet, inception5h)"),
          path(
              "model.labels",
              "your own network: one label per line (or index:label), logit 0 first, for class(LABEL); default: the catalog's labels file"),
          choice(
              "mode",
              "deepdream",
              "deepdream (amplify whole layers) | filters (paint chosen channels)",
              "deepdream",
              "filters"),
          terms(
              "dream.layers",
              "deepdream: layer[#channel][:weight], ...; or keyed sets 0:(a:1.0), 150:(b, c:0.5); a layer is a tensor name or its alias (conv2d_9, block4_conv3, conv4_3, mixed4c: dreamzoom layers MODEL lists both); default: the model's default layers"),
          terms(
              "filters",
              "filters mode: frame:layer#channel[:weight], or frame:(several); pick channels with dreamzoom atlas MODEL LAYER; without a filters key: the model's default filter flight"),
          terms(
              "objective",
              "instead of dream.layers / filters: a weighted sum of terms, or keyed sums 0:(...), 150:(...) that crossfade like targets. Terms: "
                  + TermSyntax.described()
                  + ". Weights: number*term or (expression)*term (read at every frame,"
                  + " as schedules are: t s T and, with audio, the music), joined with + and -. Paths are relative"
                  + " to this file"),
          integer(
              "filters.crossfade",
              "30",
              0,
              100_000,
              null,
              "frames over which a new target set fades in (both modes)"),
          integer(
              "filters.growth",
              "8",
              0,
              30,
              null,
              "filters mode, first frame: times the canvas grows to full size"),
          new Key(
              "filters.growth_scale",
              Kind.NUMBER,
              "1.3",
              1,
              2,
              "a number in (1, 2]",
              List.of(),
              "filters mode, first frame: size ratio of each growth step",
              true,
              false),
          perFrame(
              "dream.octaves",
              "4",
              1,
              12,
              true,
              "(per frame) scales per frame, smallest first; default 3 over a video"),
          perFrame(
              "dream.octave_scale",
              "1.4",
              1.01,
              4,
              false,
              "(per frame) size ratio between octaves"),
          perFrame(
              "dream.iterations",
              "10",
              1,
              1000,
              true,
              "(per frame) gradient-ascent steps per octave; default 4 over a video (the dream builds up"
                  + " along the flow)"),
          perFrame(
              "dream.step",
              "1.5",
              0.001,
              100,
              false,
              "(per frame) step size, in intensity levels of the 0..255 image"),
          perFrame(
              "dream.jitter", "32", 0, 512, true, "(per frame) random shift per step, in pixels"),
          perFrame(
              "dream.blur",
              "0",
              0,
              2,
              false,
              "(per frame) Gaussian blur (sigma, pixels, 0..2) of each step's gradient; default "
                  + FILTERS_BLUR
                  + " in filters mode"),
          new Key(
              "dream.tile",
              Kind.INTEGER,
              "2048",
              64,
              16384,
              "0 (never) or at least 64, up to 16384",
              List.of(),
              "scales larger than this (pixels a side) compute gradients in moving tiles, bounding memory at 4K; 0 = never",
              false,
              true),
          choice(
              "dream.normalize",
              "meanabs",
              "what each step divides the gradient by: meanabs (its mean absolute value) | std | laplacian (each band of a Laplacian pyramid by its own std, so coarse structure is not drowned by fine)",
              "meanabs",
              "std",
              "laplacian"),
          integer(
              "dream.lap_levels",
              "4",
              1,
              8,
              null,
              "dream.normalize = laplacian: bands of the pyramid"),
          choice(
              "dream.precision",
              "auto",
              "auto | float32 | bfloat16: what the network computes in; bfloat16 is about twice as fast"
                  + " for VGG-style networks on CPUs with native bfloat16; auto takes it only there, and"
                  + " only for a network whose bfloat16 gradient agrees with float32's (checked at render"
                  + " start); the choice is printed and kept for resumes",
              "auto",
              "float32",
              "bfloat16"),
          choice(
              "dream.color_space",
              "rgb",
              "rgb | decorrelated: take each step in lucid's decorrelated ImageNet colour basis (natural colours instead of saturated ones)",
              "rgb",
              "decorrelated"),
          perFrame(
              "dream.decay",
              "0",
              0,
              0.5,
              false,
              "(per frame) pull toward grey per iteration (0..0.5), a filter-visualization regularizer"),
          text(
              "dream.mask",
              null,
              "where the dream acts (white = dream; elsewhere the frame is its source exactly): an image"
                  + " (grey or alpha, fitted like seed.image) | subject | background (a segmentation"
                  + " network's salient-object mask of each frame's source) | shapes in frame"
                  + " coordinates 0..1 whose numbers are schedules: ellipse(cx, cy, rx, ry), rect(x0,"
                  + " y0, x1, y1), combined with max, min, +, -, * (1 - m inverts); default: everywhere"),
          number(
              "dream.mask.feather",
              "4",
              0,
              256,
              null,
              "pixels of soft edge, inside the masked region (what it leaves out stays exact)"),
          choice(
              "dream.mask.invert",
              "false",
              "true: dream where the mask is black instead",
              "false",
              "true"),
          perFrame(
              "motion.zoom",
              "1.02",
              0.5,
              2,
              false,
              "(per frame) scale between frames (> 1 flies in)"),
          perFrame(
              "motion.angle",
              "0",
              -180,
              180,
              false,
              "(per frame) rotation between frames, degrees counter-clockwise"),
          perFrame(
              "motion.tx",
              "0",
              -1000,
              1000,
              false,
              "(per frame) shift right between frames, pixels"),
          perFrame(
              "motion.ty",
              "0",
              -1000,
              1000,
              false,
              "(per frame) shift down between frames, pixels"),
          perFrame(
              "motion.cx",
              "0.5",
              0,
              1,
              false,
              "(per frame) pivot of zoom, rotation and tilt, as a fraction of the width (0.5 = centre)"),
          perFrame(
              "motion.cy",
              "0.5",
              0,
              1,
              false,
              "(per frame) pivot as a fraction of the height (0.5 = centre)"),
          perFrame(
              "motion.tilt_x",
              "0",
              -30,
              30,
              false,
              "(per frame) perspective tilt between frames, degrees: the camera pitches over the picture plane (positive brings the top closer)"),
          perFrame(
              "motion.tilt_y",
              "0",
              -30,
              30,
              false,
              "(per frame) perspective tilt between frames, degrees: the camera yaws (positive brings the right side closer)"),
          integer(
              "motion.overscan",
              "0",
              0,
              1024,
              null,
              "pixels of dreamed canvas beyond each edge of the frame: the dream runs on the larger canvas and frames are cut from its middle, so turning, sideways motion and zooming out reveal dreamed content instead of the border mode's copies"),
          choice(
              "motion.border",
              "reflect",
              "reflect | replicate | wrap: fills what comes in from outside",
              "reflect",
              "replicate",
              "wrap"),
          choice(
              "color.coherence",
              "none",
              "none | lab | rgb | hsv | histogram: after each frame is dreamed, move its colour statistics (mean and spread per channel in that space; histogram: per-channel histogram matching) toward the reference's, so a long clip keeps its palette",
              "none",
              "lab",
              "rgb",
              "hsv",
              "histogram"),
          text(
              "color.reference",
              "first",
              "first (the first frame as dreamed) | seed (the photo or noise) | a path to any image: whose colours are kept"),
          perFrame(
              "color.strength",
              "1",
              0,
              1,
              false,
              "(per frame) how far each frame's colours move toward the reference's: 0 not at all, 1 fully"),
          new Key(
              "encode.format",
              Kind.TEXT,
              "mp4",
              0,
              0,
              null,
              List.of("mp4", "webm", "gif"),
              "mp4 (H.264 High, yuv420p, BT.709, +faststart) | webm (VP9) | gif (own palette per frame); comma list for several"),
          integer(
              "encode.crf",
              "18",
              0,
              51,
              null,
              "quality for H.264 and VP9, 0..51 (lower is better and larger)"),
          choice(
              "encode.preset",
              "slow",
              "x264 speed/size trade-off: ultrafast ... veryslow",
              "ultrafast",
              "superfast",
              "veryfast",
              "faster",
              "fast",
              "medium",
              "slow",
              "slower",
              "veryslow",
              "placebo"),
          integer(
              "encode.width",
              null,
              16,
              7680,
              null,
              "publish width (default: width); frames are scaled with Lanczos (FFmpeg) for mp4 and webm, bicubic for gif"),
          integer("encode.height", null, 16, 4320, null, "publish height (default: height)"),
          integer(
              "encode.keyframes",
              "0",
              0,
              10_000,
              null,
              "frames between keyframes; 0 = two seconds' worth"),
          integer(
              "encode.poster",
              "0",
              0,
              1_000_000,
              null,
              "frame (1-based) saved as <name>-poster.png; 0 = the middle frame"),
          choice(
              "encode.loop",
              "none",
              "none | pingpong (forward, then back) | crossfade (the end fades into the start)",
              "none",
              "pingpong",
              "crossfade"),
          integer(
              "encode.loop_frames",
              null,
              1,
              10_000,
              null,
              "crossfade loop: frames of overlap (default: 1 s, at most half the clip)"),
          integer(
              "encode.interpolate",
              "1",
              1,
              8,
              null,
              "output frames per rendered frame (2 doubles the rate); 1 = off"),
          path(
              "encode.audio",
              "a soundtrack muxed into mp4 (AAC) and webm (Opus), cut at the clip's end"),
          number(
              "encode.audio_fade",
              "2",
              0,
              60,
              "seconds in 0..60",
              "seconds over which the soundtrack fades out before the end"),
          choice(
              "encode.interpolate_mode",
              "mci",
              "mci (FFmpeg's motion-compensated minterpolate) | blend (cross-dissolve)",
              "mci",
              "blend"));

  private static final Map<String, Key> BY_NAME;

  static {
    Map<String, Key> m = new LinkedHashMap<>();
    KEYS.forEach(k -> m.put(k.name(), k));
    BY_NAME = Collections.unmodifiableMap(m);
  }

  private PresetSchema() {}

  /**
   * The key named {@code name}; an {@link IllegalArgumentException} for a name not in the table.
   */
  public static Key key(String name) {
    Key k = BY_NAME.get(name);
    if (k == null) {
      throw new IllegalArgumentException("no preset key '" + name + "' in the schema");
    }
    return k;
  }

  /** The per-frame keys, each of which also has a {@code <key>.interp}. */
  public static List<String> perFrame() {
    List<String> out = new ArrayList<>();
    KEYS.stream()
        .filter(k -> k.kind() == Kind.PER_FRAME || k.kind() == Kind.PER_FRAME_INTEGER)
        .forEach(k -> out.add(k.name()));
    return out;
  }

  private static Key text(String name, String defaultValue, String doc) {
    return new Key(name, Kind.TEXT, defaultValue, 0, 0, null, List.of(), doc);
  }

  private static Key path(String name, String doc) {
    return new Key(name, Kind.PATH, null, 0, 0, null, List.of(), doc);
  }

  private static Key terms(String name, String doc) {
    return new Key(name, Kind.TERMS, null, 0, 0, null, List.of(), doc);
  }

  private static Key choice(String name, String defaultValue, String doc, String... choices) {
    return new Key(name, Kind.CHOICE, defaultValue, 0, 0, null, List.of(choices), doc);
  }

  private static Key integer(
      String name, String defaultValue, double min, double max, String expected, String doc) {
    return new Key(name, Kind.INTEGER, defaultValue, min, max, expected, List.of(), doc);
  }

  private static Key number(
      String name, String defaultValue, double min, double max, String expected, String doc) {
    return new Key(name, Kind.NUMBER, defaultValue, min, max, expected, List.of(), doc);
  }

  private static Key numbers(
      String name, double min, double max, boolean openMin, String expected, String doc) {
    return new Key(name, Kind.NUMBERS, null, min, max, expected, List.of(), doc, openMin, false);
  }

  private static Key perFrame(
      String name, String defaultValue, double min, double max, boolean integer, String doc) {
    return new Key(
        name,
        integer ? Kind.PER_FRAME_INTEGER : Kind.PER_FRAME,
        defaultValue,
        min,
        max,
        null,
        List.of(),
        doc);
  }
}
