package dev.dreamzoom.preset;

import dev.dreamzoom.image.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;

/**
 * Turns a preset ({@code key = value} lines, {@code #} comments, also after a value) into a
 * {@link RenderSpec}. Every problem is collected with its key and line number, and all of them are
 * reported together before any work starts.
 */
public final class PresetParser {
  /** Every key a preset may use; see presets/reference.properties for meaning and defaults. */
  public static final Set<String> KEYS;

  /** Numeric keys that may be keyframed schedules; each also has a {@code <key>.interp}. */
  public static final List<String> SCHEDULED = List.of(
      "dream.octaves", "dream.octave_scale", "dream.iterations", "dream.step", "dream.jitter",
      "dream.blur", "dream.decay", "motion.zoom", "motion.angle", "motion.tx", "motion.ty");

  static {
    Set<String> keys = new java.util.TreeSet<>(List.of(
        "name", "seed", "seed.image", "seed.noise", "random.seed",
        "width", "height", "fps", "frames", "model", "model.input", "model.offset", "model.scale",
        "model.channels", "mode", "dream.layers",
        "filters", "filters.crossfade", "filters.growth", "filters.growth_scale", "dream.tile",
        "motion.border",
        "encode.format", "encode.crf", "encode.preset", "encode.width", "encode.height",
        "encode.keyframes", "encode.poster", "encode.loop", "encode.loop_frames",
        "encode.interpolate", "encode.interpolate_mode", "encode.audio", "encode.audio_fade"));
    for (String k : SCHEDULED) {
      keys.add(k);
      keys.add(k + ".interp");
    }
    KEYS = java.util.Collections.unmodifiableSet(keys);
  }

  public static final String DEFAULT_MODEL = "mobilenet_v1_0.75_224_quantized";

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Set<String> X264_PRESETS = Set.of(
      "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
      "veryslow", "placebo");

  private PresetParser() {}

  /** True for a name usable as one folder under the output root (no separators, no "..") . */
  public static boolean isSafeName(String name) {
    return SAFE_NAME.matcher(name).matches() && !name.contains("..");
  }

  public static RenderSpec parse(Path file) throws IOException, PresetException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("preset not found: " + file);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return parse(text, file);
  }

  /** Parses preset text; {@code file} names it in messages and anchors relative paths. */
  public static RenderSpec parse(String text, Path file) throws PresetException {
    List<String> problems = new ArrayList<>();
    Map<String, Entry> entries = readEntries(text, problems);
    Reader r = new Reader(entries, problems);

    String fallbackName = file.getFileName().toString().replaceFirst("\\.properties$", "");
    String name = r.string("name", fallbackName);
    if (!isSafeName(name)) {
      r.error("name", "must be a plain folder name (letters, digits, '.', '_', '-'; no '/' or '..')");
    }
    Path dir = file.toAbsolutePath().getParent();

    SeedSpec.Kind seedKind = r.choice("seed", SeedSpec.Kind.class, SeedSpec.Kind.NOISE);
    SeedSpec.Noise noise = r.choice("seed.noise", SeedSpec.Noise.class, SeedSpec.Noise.FRACTAL);
    Path image = null;
    String imageValue = r.string("seed.image", null);
    if (imageValue != null) {
      image = dir.resolve(imageValue).normalize();
      if (!Files.isRegularFile(image)) {
        r.error("seed.image", "file not found: " + image);
      } else {
        try {
          ImageFiles.checkReadable(image);
        } catch (IOException e) {
          r.error("seed.image", e.getMessage());
        }
      }
    } else if (seedKind == SeedSpec.Kind.PHOTO) {
      r.error("seed", "seed = photo needs seed.image = <path to a JPEG or PNG>");
    }

    long randomSeed = (long) r.number("random.seed", 42, v -> v == Math.rint(v), "an integer");
    int width = r.integer("width", 640, 16, 8192);
    int height = r.integer("height", 360, 16, 8192);
    if (width % 2 != 0) {
      r.error("width", "must be even (H.264 with yuv420p needs even sizes), got " + width);
    }
    if (height % 2 != 0) {
      r.error("height", "must be even (H.264 with yuv420p needs even sizes), got " + height);
    }
    int fps = r.integer("fps", 30, 1, 240);
    int frames = r.integer("frames", 120, 1, 1_000_000);
    r.clip(fps, frames);
    String model = r.string("model", DEFAULT_MODEL);
    if (r.has("model") && ModelInput.isPath(model)) {
      model = dir.resolve(model).normalize().toString();
    }
    String channels = r.string("model.channels", null);
    if (channels != null && !channels.equals("rgb") && !channels.equals("bgr")) {
      r.error("model.channels", "must be rgb or bgr, got '" + channels + "'");
      channels = null;
    }
    ModelInput modelInput = new ModelInput(
        r.string("model.input", null),
        r.floats("model.offset", v -> Math.abs(v) <= 1e6, "numbers"),
        r.floats("model.scale", v -> v > 0 && v <= 1e6, "numbers above 0"),
        channels == null ? null : channels.equals("bgr"));
    DreamMode mode = r.choice("mode", DreamMode.class, DreamMode.DEEPDREAM);
    int crossfade = r.integer("filters.crossfade", 30, 0, 100_000);
    TargetSchedule targets = TargetSchedule.none();
    if (mode == DreamMode.DEEPDREAM) {
      targets = r.targets("dream.layers", crossfade);
      if (r.has("filters")) {
        r.error("filters", "is only used with mode = filters (deepdream uses dream.layers)");
      }
    } else {
      // Without a filters key the model's default filters are used (checked once it is loaded).
      targets = r.targets("filters", crossfade);
      if (r.has("dream.layers")) {
        r.error("dream.layers", "is only used with mode = deepdream (filters mode uses filters)");
      }
    }

    DreamSpec dream = new DreamSpec(
        mode,
        targets,
        r.param("dream.octaves", 4, 1, 12, true),
        r.param("dream.octave_scale", 1.4, 1.01, 4, false),
        r.param("dream.iterations", 10, 1, 1000, true),
        r.param("dream.step", 1.5, 0.001, 100, false),
        r.param("dream.jitter", 32, 0, 512, true),
        r.param("dream.blur", mode == DreamMode.FILTERS ? 0.5 : 0, 0, 2, false),
        r.param("dream.decay", 0, 0, 0.5, false),
        r.integer("filters.growth", 8, 0, 30),
        r.number("filters.growth_scale", 1.3, v -> v > 1 && v <= 2, "a number in (1, 2]"),
        (int) r.number("dream.tile", 2048, v -> v == 0 || (v >= 64 && v <= 16384 && v == Math.rint(v)),
            "0 (never tile) or an integer in 64..16384"));

    MotionSpec motion = new MotionSpec(
        r.param("motion.zoom", 1.02, 0.5, 2, false),
        r.param("motion.angle", 0, -180, 180, false),
        r.param("motion.tx", 0, -1000, 1000, false),
        r.param("motion.ty", 0, -1000, 1000, false),
        r.choice("motion.border", BorderMode.class, BorderMode.REFLECT));

    List<String> formats = new ArrayList<>();
    for (String f : r.string("encode.format", "mp4").split(",")) {
      String format = f.strip().toLowerCase(Locale.ROOT);
      if (!EncodeSpec.FORMATS.contains(format)) {
        r.error("encode.format", "must be mp4, webm or gif (comma list allowed), got '" + f.strip() + "'");
      } else if (formats.contains(format)) {
        r.error("encode.format", "'" + format + "' is listed twice");
      } else {
        formats.add(format);
      }
    }
    if (formats.isEmpty()) {
      formats.add("mp4");
    }
    int crf = r.integer("encode.crf", 18, 0, 51);
    String x264Preset = r.string("encode.preset", "slow");
    if (!X264_PRESETS.contains(x264Preset)) {
      r.error("encode.preset", "must be one of " + new java.util.TreeSet<>(X264_PRESETS)
          + ", got '" + x264Preset + "'");
    }
    int keyframes = r.integer("encode.keyframes", 0, 0, 10_000);
    int poster = r.integer("encode.poster", 0, 0, 1_000_000);
    if (poster > frames) {
      r.error("encode.poster", "frame " + poster + " is past the clip's " + frames + " frames");
    }
    String loop = r.string("encode.loop", "none");
    if (!EncodeSpec.LOOPS.contains(loop)) {
      r.error("encode.loop", "must be none, pingpong or crossfade, got '" + loop + "'");
      loop = "none";
    }
    int loopFrames = r.integer("encode.loop_frames", Math.max(1, Math.min(fps, frames / 2)), 1, 10_000);
    if (loop.equals("crossfade") && loopFrames > frames / 2) {
      r.error("encode.loop_frames", "a crossfade loop needs at most half the clip's frames ("
          + frames / 2 + "), got " + loopFrames);
    }
    int interpolate = r.integer("encode.interpolate", 1, 1, 8);
    String interpolateMode = r.string("encode.interpolate_mode", "mci");
    if (!EncodeSpec.INTERPOLATIONS.contains(interpolateMode)) {
      r.error("encode.interpolate_mode", "must be mci or blend, got '" + interpolateMode + "'");
      interpolateMode = "mci";
    }
    Path audio = null;
    String audioValue = r.string("encode.audio", null);
    if (audioValue != null) {
      audio = dir.resolve(audioValue).normalize();
      if (!Files.isRegularFile(audio)) {
        r.error("encode.audio", "file not found: " + audio);
      }
    }
    double audioFade = r.number("encode.audio_fade", 2, v -> v >= 0 && v <= 60, "seconds in 0..60");
    int encodeWidth = r.integer("encode.width", width, 16, 7680);
    int encodeHeight = r.integer("encode.height", height, 16, 4320);
    // An odd frame size is reported once, on width/height, not again as the default publish size.
    if (r.has("encode.width") && encodeWidth % 2 != 0) {
      r.error("encode.width", "must be even, got " + encodeWidth);
    }
    if (r.has("encode.height") && encodeHeight % 2 != 0) {
      r.error("encode.height", "must be even, got " + encodeHeight);
    }

    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!KEYS.contains(e.getKey())) {
        List<String> hint = Names.closest(e.getKey(), KEYS, 1);
        problems.add("line " + e.getValue().line + ": unknown key '" + e.getKey() + "'"
            + (hint.isEmpty() ? "" : " (did you mean '" + hint.get(0) + "'?)"));
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(PresetParser::lineOf));
      throw new PresetException(file.toString(), problems);
    }
    return new RenderSpec(name, file, new SeedSpec(seedKind, noise, image), randomSeed,
        width, height, fps, frames, model, modelInput, dream, motion,
        new EncodeSpec(formats, crf, x264Preset, encodeWidth, encodeHeight, keyframes, poster, loop,
            loopFrames, interpolate, interpolateMode, audio, audioFade),
        lines(entries));
  }

  private record Entry(String value, int line) {}

  private static Map<String, Integer> lines(Map<String, Entry> entries) {
    Map<String, Integer> lines = new LinkedHashMap<>();
    entries.forEach((k, e) -> lines.put(k, e.line()));
    return lines;
  }

  /** The line number a problem starts with, or MAX_VALUE for problems about absent keys. */
  private static int lineOf(String problem) {
    if (!problem.startsWith("line ")) {
      return Integer.MAX_VALUE;
    }
    return Integer.parseInt(problem.substring(5, problem.indexOf(':')));
  }

  private static Map<String, Entry> readEntries(String text, List<String> problems) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      StringBuilder logical = new StringBuilder(stripComment(lines[i]));
      // A trailing backslash continues the value on the next line, as in java.util.Properties.
      while (logical.length() > 0 && logical.charAt(logical.length() - 1) == '\\' && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        logical.append(stripComment(lines[++i]).strip());
      }
      String line = logical.toString().strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        problems.add("line " + lineNo + ": expected 'key = value', got '" + line + "'");
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (key.isEmpty()) {
        problems.add("line " + lineNo + ": missing key before '='");
      } else if (entries.containsKey(key)) {
        problems.add("line " + lineNo + ": key '" + key + "' already set on line "
            + entries.get(key).line);
      } else {
        entries.put(key, new Entry(value, lineNo));
      }
    }
    return entries;
  }

  /** Drops a comment: a line starting with # or !, or " #" after a value. */
  private static String stripComment(String line) {
    String s = line.stripLeading();
    if (s.startsWith("#") || s.startsWith("!")) {
      return "";
    }
    for (int i = 1; i < line.length(); i++) {
      if (line.charAt(i) == '#' && Character.isWhitespace(line.charAt(i - 1))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** Typed access to the entries; each failed conversion records a problem and yields the default. */
  private static final class Reader {
    private final Map<String, Entry> entries;
    private final List<String> problems;
    private double fps = 30;
    private int frames = 1;

    Reader(Map<String, Entry> entries, List<String> problems) {
      this.entries = entries;
      this.problems = problems;
    }

    boolean has(String key) {
      return entries.containsKey(key);
    }

    void error(String key, String message) {
      Entry e = entries.get(key);
      problems.add((e == null ? "" : "line " + e.line + ": ") + key + ": " + message);
    }

    String string(String key, String fallback) {
      Entry e = entries.get(key);
      if (e == null) {
        return fallback;
      }
      if (e.value.isEmpty()) {
        error(key, "empty value");
        return fallback;
      }
      return e.value;
    }

    double number(String key, double fallback, DoublePredicate valid, String expected) {
      String s = string(key, null);
      if (s == null) {
        return fallback;
      }
      double v;
      try {
        v = Double.parseDouble(s);
      } catch (NumberFormatException ex) {
        error(key, "expected " + expected + ", got '" + s + "'");
        return fallback;
      }
      if (!Double.isFinite(v) || !valid.test(v)) {
        error(key, "expected " + expected + ", got " + s);
        return fallback;
      }
      return v;
    }

    /** One number or three, comma separated (per R, G, B channel); null when the key is absent. */
    float[] floats(String key, DoublePredicate valid, String expected) {
      String s = string(key, null);
      if (s == null) {
        return null;
      }
      String[] parts = s.split(",");
      float[] v = new float[parts.length];
      for (int i = 0; i < parts.length; i++) {
        double d;
        try {
          d = Double.parseDouble(parts[i].strip());
        } catch (NumberFormatException ex) {
          d = Double.NaN;
        }
        if (!Double.isFinite(d) || !valid.test(d)) {
          error(key, "expected " + expected + ", one or three (R, G, B), got '" + s + "'");
          return null;
        }
        v[i] = (float) d;
      }
      if (v.length != 1 && v.length != 3) {
        error(key, "expected one value or three (R, G, B), got " + v.length);
        return null;
      }
      return v;
    }

    int integer(String key, int fallback, int min, int max) {
      return (int) number(key, fallback, v -> v == Math.rint(v) && v >= min && v <= max,
          "an integer in " + min + ".." + max);
    }

    /** The clip's rate and length, which schedules need for {@code s} and {@code T}. */
    void clip(int fps, int frames) {
      this.fps = fps;
      this.frames = frames;
    }

    /**
     * A per-frame value: a number, an expression, or a keyframed schedule. Every frame's value
     * must lie in [min, max] (integers are rounded first), so a schedule cannot leave the range
     * half-way through a render.
     */
    Param param(String key, double fallback, double min, double max, boolean integer) {
      Interpolation interp = choice(key + ".interp", Interpolation.class, Interpolation.LINEAR);
      String s = string(key, null);
      String expected = (integer ? "an integer" : "a number") + " in " + format(min) + ".." + format(max);
      if (s == null) {
        return Param.constant(fallback);
      }
      Schedule schedule;
      try {
        schedule = Schedule.parse(s, interp, fps, frames);
      } catch (ScheduleException e) {
        error(key, e.getMessage());
        return Param.constant(fallback);
      }
      boolean literal = !Schedule.isKeyframed(s) && isNumber(s);
      for (int t = 0; t < frames; t++) {
        double v = schedule.at(t);
        double checked = integer && !literal ? Math.rint(v) : v;
        boolean ok = Double.isFinite(v) && checked >= min && checked <= max
            && (!integer || checked == Math.rint(checked));
        if (!ok) {
          error(key, literal ? "expected " + expected + ", got " + s
              : "value at frame " + t + " is " + v + ", expected " + expected);
          return Param.constant(fallback);
        }
      }
      return schedule;
    }

    TargetSchedule targets(String key, int crossfade) {
      String s = string(key, null);
      if (s == null) {
        return TargetSchedule.none(crossfade);
      }
      try {
        return TargetSchedule.parse(s, crossfade);
      } catch (ScheduleException e) {
        error(key, e.getMessage());
        return TargetSchedule.none(crossfade);
      }
    }

    private static boolean isNumber(String s) {
      try {
        Double.parseDouble(s);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    private static String format(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
      String s = string(key, null);
      if (s == null) {
        return fallback;
      }
      for (E c : type.getEnumConstants()) {
        if (c.name().equalsIgnoreCase(s)) {
          return c;
        }
      }
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      error(key, "must be one of " + String.join(" | ", names) + ", got '" + s + "'");
      return fallback;
    }
  }
}
