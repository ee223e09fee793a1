package dev.dreamzoom.preset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * A preset's {@code key = value} lines ({@code #} comments, also after a value; a trailing
 * backslash continues a value), with typed access that takes defaults and ranges from {@link
 * PresetSchema}. Each failed conversion records a problem, with key and line, and yields the
 * default, so every problem of a preset is reported at once. One accessor per kind of value makes
 * it about 300 lines; splitting it would only spread the line and key bookkeeping around.
 */
final class PresetReader {
  private record Entry(String value, int line) {}

  private final Map<String, Entry> entries;
  private final List<Problem> problems;
  private final List<Problem> warnings = new java.util.ArrayList<>();
  private double fps = 30;
  private int frames = 1;
  private Sound sound;
  private Map<String, Sound> stems = Map.of();

  private PresetReader(Map<String, Entry> entries, List<Problem> problems) {
    this.entries = entries;
    this.problems = problems;
  }

  /** The line of each key the preset set. */
  Map<String, Integer> lines() {
    Map<String, Integer> lines = new LinkedHashMap<>();
    entries.forEach((k, e) -> lines.put(k, e.line()));
    return lines;
  }

  /**
   * Reads {@code key = value} lines; problems of form (missing '=', repeated keys) go to {@code
   * problems}.
   */
  static PresetReader read(String text, List<Problem> problems) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      StringBuilder logical = new StringBuilder(stripComment(lines[i]));
      // A trailing backslash continues the value on the next line, as in java.util.Properties.
      while (logical.length() > 0
          && logical.charAt(logical.length() - 1) == '\\'
          && i + 1 < lines.length) {
        logical.setLength(logical.length() - 1);
        logical.append(stripComment(lines[++i]).strip());
      }
      String line = logical.toString().strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        problems.add(Problem.error(null, lineNo, "expected 'key = value', got '" + line + "'"));
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (key.isEmpty()) {
        problems.add(Problem.error(null, lineNo, "missing key before '='"));
      } else if (entries.containsKey(key)) {
        problems.add(
            Problem.error(
                null, lineNo, "key '" + key + "' already set on line " + entries.get(key).line));
      } else {
        entries.put(key, new Entry(value, lineNo));
      }
    }
    return new PresetReader(entries, problems);
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

  boolean has(String key) {
    return entries.containsKey(key);
  }

  void error(String key, String message) {
    Entry e = entries.get(key);
    problems.add(Problem.error(key, e == null ? 0 : e.line, message));
  }

  /** Something the preset may mean, used as read, that the user should hear about. */
  void warn(String key, String message) {
    Entry e = entries.get(key);
    warnings.add(Problem.warning(key, e == null ? 0 : e.line, message));
  }

  List<Problem> warnings() {
    return List.copyOf(warnings);
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

  /**
   * {@code path} against {@code dir}, with {@code ..} resolved by the file system (through links,
   * as the operating system does) where the file exists, and on the text where it does not (for the
   * message that says it is missing).
   */
  static java.nio.file.Path resolve(java.nio.file.Path dir, String path) {
    java.nio.file.Path p = dir.resolve(path);
    try {
      return p.toRealPath();
    } catch (java.io.IOException e) {
      return p.normalize();
    }
  }

  /**
   * The key's value as a path resolved against {@code dir}; null when the key is absent, or (with
   * the problem recorded) when it is not a usable path.
   */
  java.nio.file.Path path(String key, java.nio.file.Path dir) {
    String s = string(key, null);
    if (s == null) {
      return null;
    }
    try {
      return resolve(dir, s);
    } catch (java.nio.file.InvalidPathException e) {
      error(key, "not a usable file path (" + e.getReason() + ")");
      return null;
    }
  }

  /** The key's value or its schema default (null when it has none). */
  String string(String key) {
    return string(key, PresetSchema.key(key).defaultValue());
  }

  /** A number the schema's range allows; else the schema default. */
  double number(String key) {
    PresetSchema.Key k = PresetSchema.key(key);
    return number(key, k.defaultNumber(), k::allows, k.expectedText());
  }

  private double number(String key, double fallback, DoublePredicate valid, String expected) {
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
  float[] floats(String key) {
    String s = string(key, null);
    if (s == null) {
      return null;
    }
    PresetSchema.Key k = PresetSchema.key(key);
    DoublePredicate valid = k::allows;
    String expected = k.expectedText();
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

  /**
   * A whole number, exactly as written when it fits in 64 bits; a longer one is taken modulo 2^64
   * with a warning (still one fixed seed per number); anything else is a problem and the default.
   */
  long longInteger(String key) {
    long fallback = Long.parseLong(PresetSchema.key(key).defaultValue());
    String s = string(key, null);
    if (s == null) {
      return fallback;
    }
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      if (s.strip().matches("[-+]?\\d{1,10000}")) {
        long reduced = new java.math.BigInteger(s.strip()).longValue();
        warn(
            key,
            (s.length() > 40 ? s.substring(0, 40) + "..." : s.strip())
                + " does not fit in 64 bits;"
                + " using "
                + reduced
                + " (its value modulo 2^64), so the same number always gives the same frames");
        return reduced;
      }
      error(
          key,
          "expected a whole number from "
              + Long.MIN_VALUE
              + " to "
              + Long.MAX_VALUE
              + ", got '"
              + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
              + "'");
      return fallback;
    }
  }

  /** An integer in the schema's range, or the schema default. */
  int integer(String key) {
    return integer(key, Integer.parseInt(PresetSchema.key(key).defaultValue()));
  }

  /**
   * An integer in the schema's range, or {@code fallback} (for defaults that depend on other keys).
   */
  int integer(String key, int fallback) {
    PresetSchema.Key k = PresetSchema.key(key);
    return (int) number(key, fallback, k::allows, k.expectedText());
  }

  /** The clip's rate and length, which schedules need for {@code s} and {@code T}. */
  void clip(int fps, int frames, Sound sound, Map<String, Sound> stems) {
    this.fps = fps;
    this.frames = frames;
    this.sound = sound;
    this.stems = stems;
  }

  /** The clip's rate and music, once {@link #clip} has set them. */
  Timeline timeline() {
    return new Timeline(fps, sound, stems);
  }

  int frames() {
    return frames;
  }

  Param param(String key) {
    return param(key, Double.parseDouble(PresetSchema.key(key).defaultValue()));
  }

  /**
   * A per-frame value: a number, an expression, or a keyframed schedule. Every frame's value must
   * lie in the schema's range (integers are rounded first), so a schedule cannot leave the range
   * half-way through a render.
   */
  Param param(String key, double fallback) {
    PresetSchema.Key k = PresetSchema.key(key);
    boolean integer = k.kind() == PresetSchema.Kind.PER_FRAME_INTEGER;
    Interpolation interp = choice(key + ".interp", Interpolation.class, Interpolation.LINEAR);
    String s = string(key, null);
    String expected = k.expectedText();
    if (s == null) {
      return Param.constant(fallback);
    }
    Schedule schedule;
    try {
      schedule = Schedule.parse(s, interp, timeline(), frames);
    } catch (ScheduleException e) {
      error(key, e.getMessage());
      return Param.constant(fallback);
    }
    boolean literal = !Schedule.isKeyframed(s) && isNumber(s);
    for (int t = 0; t < frames; t++) {
      double v;
      try {
        v = schedule.at(t);
      } catch (TimeShaping.BadTime e) {
        // A time-shaping function given a time it cannot use (TimeShaping says which).
        error(key, e.getMessage());
        return Param.constant(fallback);
      }
      double checked = integer && !literal ? Math.rint(v) : v;
      boolean ok = Double.isFinite(v) && k.allows(checked);
      if (!ok) {
        error(
            key,
            literal
                ? "expected " + expected + ", got " + s
                : "value at frame " + t + " is " + v + ", expected " + expected);
        return Param.constant(fallback);
      }
    }
    return schedule;
  }

  ObjectiveSchedule targets(String key, int crossfade, boolean filters) {
    String s = string(key, null);
    if (s == null) {
      return ObjectiveSchedule.none(crossfade);
    }
    try {
      return ObjectiveSchedule.parseTargets(s, crossfade, filters);
    } catch (ScheduleException e) {
      error(key, e.getMessage());
      return ObjectiveSchedule.none(crossfade);
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

  /** One of the schema's choices for {@code key}, or its default (null when it has none). */
  String choice(String key) {
    PresetSchema.Key k = PresetSchema.key(key);
    String s = string(key, null);
    if (s == null) {
      return k.defaultValue();
    }
    for (String c : k.choices()) {
      if (c.equalsIgnoreCase(s)) {
        return c;
      }
    }
    error(key, "must be one of " + k.choicesText() + ", got '" + s + "'");
    return k.defaultValue();
  }

  /** As {@link #choice(String)}, as an enum constant named like the choice. */
  <E extends Enum<E>> E choice(String key, Class<E> type) {
    String c = choice(key);
    return c == null ? null : Enum.valueOf(type, c.toUpperCase(Locale.ROOT));
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
