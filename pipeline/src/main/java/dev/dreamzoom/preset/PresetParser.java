package dev.dreamzoom.preset;

import dev.dreamzoom.image.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a preset ({@code key = value} lines, {@code #} comments, also after a value) into a {@link
 * RenderSpec}. Every problem is collected with its key and line number, and all of them are
 * reported together before any work starts. It reads the keys in the schema's order in one place,
 * which makes it long; the keys with readers of their own (media files in {@link MediaKeys},
 * objectives in {@code ObjectiveParser}) are read there.
 */
public final class PresetParser {
  /** Numeric keys that may be keyframed schedules; each also has a {@code <key>.interp}. */
  public static final List<String> SCHEDULED = PresetSchema.perFrame();

  /**
   * Every key a preset may use: {@link PresetSchema}'s, and a {@code .interp} per schedulable key.
   */
  public static final Set<String> KEYS;

  static {
    Set<String> keys = new java.util.TreeSet<>();
    PresetSchema.KEYS.forEach(k -> keys.add(k.name()));
    SCHEDULED.forEach(k -> keys.add(k + ".interp"));
    KEYS = java.util.Collections.unmodifiableSet(keys);
  }

  public static final String DEFAULT_MODEL = PresetSchema.key("model").defaultValue();

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private PresetParser() {}

  /** True for a name usable as one folder under the output root (no separators, no "..") . */
  public static boolean isSafeName(String name) {
    return SAFE_NAME.matcher(name).matches() && !name.contains("..");
  }

  /** As {@link #parse(Path, Media)}, refusing a preset with a soundtrack. */
  public static RenderSpec parse(Path file) throws IOException, PresetException {
    return parse(file, Media.NONE);
  }

  /**
   * Reads and checks a preset; {@code sounds} analyses its {@code audio} track, if it names one.
   */
  public static RenderSpec parse(Path file, Media sounds) throws IOException, PresetException {
    if (Files.isDirectory(file)) {
      throw new IOException(
          file
              + " is a folder, not a preset file; give a .properties file"
              + " (or render a folder of presets with: dreamzoom batch "
              + file
              + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          Files.exists(file)
              ? file + " is not a regular file; give a preset file"
              : "preset not found: " + file);
    }
    return parse(utf8(Files.readAllBytes(file), file), file, sounds);
  }

  /**
   * The file's text; a byte-order mark is dropped, and bytes that are not UTF-8 are one error
   * naming the line and what to do.
   */
  static String utf8(byte[] bytes, Path file) throws PresetException {
    java.nio.charset.CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    String text;
    try {
      text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
      java.nio.charset.CoderResult result =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(in, java.nio.CharBuffer.allocate(bytes.length + 1), true);
      int bad = in.position();
      int line = 1;
      for (int i = 0; i < bad; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      boolean binary = false;
      for (byte b : bytes) {
        binary |= b == 0;
      }
      throw new PresetException(
          file.toString(),
          Problem.error(
              null,
              line,
              (binary
                  ? "this is not a text file (it holds zero bytes); a preset is key = value lines"
                  : String.format(
                      "byte 0x%02X is not UTF-8 text (%s); save the preset as UTF-8",
                      bytes[bad] & 0xff, result.isMalformed() ? "malformed" : "unmappable"))));
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Parses preset text; {@code file} names it in messages and anchors relative paths. */
  public static RenderSpec parse(String text, Path file) throws PresetException {
    return parse(text, file, Media.NONE);
  }

  /** As {@link #parse(String, Path)}, with {@code sounds} to analyse the preset's soundtrack. */
  public static RenderSpec parse(String text, Path file, Media sounds) throws PresetException {
    List<Problem> problems = new ArrayList<>();
    PresetReader r = PresetReader.read(text, problems);

    String fallbackName = file.getFileName().toString().replaceFirst("\\.properties$", "");
    String name = r.string("name", fallbackName);
    if (!isSafeName(name)) {
      r.error(
          "name",
          "must start with a letter or digit, then up to 99 letters, digits, '.', '_' or"
              + " '-', and contain no '..' (it names the output folder)");
    }
    Path dir = file.toAbsolutePath().getParent();

    SeedSpec.Kind seedKind = r.choice("seed", SeedSpec.Kind.class);
    SeedSpec.Noise noise = r.choice("seed.noise", SeedSpec.Noise.class);
    Path image = r.path("seed.image", dir);
    if (image != null) {
      imageProblem(image).ifPresent(p -> r.error("seed.image", p));
    } else if (seedKind == SeedSpec.Kind.PHOTO && !r.has("seed.image")) {
      r.error("seed", "seed = photo needs seed.image = <path to a JPEG or PNG>");
    }

    long randomSeed = r.longInteger("random.seed");
    int width = r.integer("width");
    int height = r.integer("height");
    if (width % 2 != 0) {
      r.error("width", "must be even (H.264 with yuv420p needs even sizes), got " + width);
    }
    if (height % 2 != 0) {
      r.error("height", "must be even (H.264 with yuv420p needs even sizes), got " + height);
    }
    int fps = r.integer("fps");
    MediaKeys media = MediaKeys.read(r, seedKind, sounds, name, dir, fps);
    VideoKeys video = media.video;
    int frames = media.frames;
    int checkpointEvery = r.integer("render.checkpoint_every");
    // Per-frame values are checked at every frame of the clip: the clip first.
    // A track that is set but unusable is reported once, on audio; expressions that read the music
    // are then checked against silence rather than each told to set audio.
    r.clip(
        fps,
        frames,
        media.sound != null || media.track == null ? media.sound : Sound.silent(frames),
        media.stems);
    // Checked at every frame whatever the seed, as every per-frame key is.
    Param blend = r.param("video.blend");
    VideoSpec videoSpec = video == null ? null : video.spec(blend);
    Param cadence = r.param("render.cadence");
    String model = r.string("model");
    // A value that names a file beside the preset is that file, whatever it is called, so that
    // "model = notes.txt" is reported as not a network rather than as an unknown catalog name.
    if (r.has("model") && (ModelInput.isPath(model) || existsBeside(dir, model))) {
      Path modelPath = r.path("model", dir);
      model = modelPath == null ? model : modelPath.toString();
    }
    String channels = r.choice("model.channels");
    Path labels = r.path("model.labels", dir);
    if (labels != null) {
      if (!Files.isRegularFile(labels)) {
        r.error(
            "model.labels", "file not found: " + labels + " (one label per line, logit 0 first)");
      }
    }
    ModelInput modelInput =
        new ModelInput(
            r.string("model.input", null),
            r.floats("model.offset"),
            r.floats("model.scale"),
            channels == null ? null : channels.equals("bgr"),
            r.string("model.logits", null),
            labels);
    DreamMode mode = r.choice("mode", DreamMode.class);
    int crossfade = r.integer("filters.crossfade");
    ObjectiveSchedule objective = objective(r, mode, crossfade, dir);
    MaskSpec mask = mask(r, dir);
    DreamSpec dream =
        new DreamSpec(
            mode,
            objective,
            // Over a video the dream builds up along the flow: fewer octaves and iterations a frame
            // dream plainly and flicker less (measured on five kinds of footage, README: Dreaming
            // over a video).
            video != null ? r.param("dream.octaves", 3) : r.param("dream.octaves"),
            r.param("dream.octave_scale"),
            video != null ? r.param("dream.iterations", 4) : r.param("dream.iterations"),
            r.param("dream.step"),
            r.param("dream.jitter"),
            r.param("dream.blur", mode == DreamMode.FILTERS ? PresetSchema.FILTERS_BLUR : 0),
            r.param("dream.decay"),
            r.integer("filters.growth"),
            r.number("filters.growth_scale"),
            r.integer("dream.tile"),
            new GradientSpec(
                r.choice("dream.normalize", GradientSpec.Normalize.class),
                r.integer("dream.lap_levels"),
                r.choice("dream.color_space").equals("decorrelated")),
            r.choice("dream.precision", Precision.class),
            mask);

    MotionSpec motion =
        new MotionSpec(
            // Over a video the camera holds still unless the preset moves it (the default zooms a
            // still seed).
            video != null ? r.param("motion.zoom", 1) : r.param("motion.zoom"),
            r.param("motion.angle"),
            r.param("motion.tx"),
            r.param("motion.ty"),
            r.choice("motion.border", BorderMode.class),
            r.param("motion.cx"),
            r.param("motion.cy"),
            r.param("motion.tilt_x"),
            r.param("motion.tilt_y"),
            r.integer("motion.overscan"));

    List<String> formats = new ArrayList<>();
    for (String f : r.string("encode.format").split(",")) {
      String format = f.strip().toLowerCase(Locale.ROOT);
      if (!EncodeSpec.FORMATS.contains(format)) {
        r.error(
            "encode.format",
            "must be mp4, webm or gif (comma list allowed), got '" + f.strip() + "'");
      } else if (formats.contains(format)) {
        r.error("encode.format", "'" + format + "' is listed twice");
      } else {
        formats.add(format);
      }
    }
    if (formats.isEmpty()) {
      formats.add("mp4");
    }
    int crf = r.integer("encode.crf");
    String x264Preset = r.choice("encode.preset");
    int keyframes = r.integer("encode.keyframes");
    int poster = r.integer("encode.poster");
    if (poster > frames) {
      r.error("encode.poster", "frame " + poster + " is past the clip's " + frames + " frames");
    }
    String loop = r.choice("encode.loop");
    int loopFrames = r.integer("encode.loop_frames", Math.max(1, Math.min(fps, frames / 2)));
    if (loop.equals("crossfade") && loopFrames > frames / 2) {
      r.error(
          "encode.loop_frames",
          "a crossfade loop needs at most half the clip's frames ("
              + frames / 2
              + "), got "
              + loopFrames);
    }
    int interpolate = r.integer("encode.interpolate");
    String interpolateMode = r.choice("encode.interpolate_mode");
    MediaKeys.Soundtrack soundtrack = media.soundtrack(r, dir, fps);
    double audioFade = r.number("encode.audio_fade");
    int encodeWidth = r.integer("encode.width", width);
    int encodeHeight = r.integer("encode.height", height);
    // An odd frame size is reported once, on width/height, not again as the default publish size.
    if (r.has("encode.width") && encodeWidth % 2 != 0) {
      r.error("encode.width", "must be even, got " + encodeWidth);
    }
    if (r.has("encode.height") && encodeHeight % 2 != 0) {
      r.error("encode.height", "must be even, got " + encodeHeight);
    }

    ColorSpec color = color(r, dir);

    r.lines()
        .forEach(
            (key, line) -> {
              if (!KEYS.contains(key) && MediaKeys.stemName(key) == null) {
                List<String> hint = Names.closest(key, KEYS, 1);
                problems.add(
                    Problem.error(
                        null,
                        line,
                        "unknown key '"
                            + key
                            + "'"
                            + (hint.isEmpty() ? "" : " (did you mean '" + hint.get(0) + "'?)")));
              }
            });
    if (!problems.isEmpty()) {
      problems.sort(Problem.BY_LINE);
      throw new PresetException(file.toString(), problems);
    }
    return new RenderSpec(
        name,
        file,
        new SeedSpec(seedKind, noise, image, videoSpec),
        randomSeed,
        width,
        height,
        fps,
        frames,
        model,
        modelInput,
        dream,
        motion,
        new EncodeSpec(
            formats,
            crf,
            x264Preset,
            encodeWidth,
            encodeHeight,
            keyframes,
            poster,
            loop,
            loopFrames,
            interpolate,
            interpolateMode,
            soundtrack.file(),
            soundtrack.start(),
            audioFade),
        color,
        checkpointEvery,
        cadence,
        r.lines(),
        r.warnings(),
        inputs(
            seedKind == SeedSpec.Kind.PHOTO ? image : null,
            videoSpec,
            media,
            soundtrack.file(),
            color,
            objective,
            mask),
        video != null ? video.frames() : media.music);
  }

  /** The files a render reads, by the key that names each; a file named twice is listed once. */
  private static Map<String, Path> inputs(
      Path image,
      VideoSpec video,
      MediaKeys media,
      Path soundtrack,
      ColorSpec color,
      ObjectiveSchedule objective,
      MaskSpec mask) {
    Map<String, Path> in = new java.util.LinkedHashMap<>();
    java.util.function.BiConsumer<String, Path> add =
        (key, file) -> {
          if (file != null && !in.containsValue(file)) {
            in.put(key, file);
          }
        };
    add.accept("seed.image", image);
    add.accept("seed.video", video == null ? null : video.file());
    add.accept("audio", media.track);
    media.stemFiles.forEach(add);
    add.accept("encode.audio", soundtrack);
    add.accept("color.reference", color.image());
    add.accept("dream.mask", mask == null ? null : mask.image());
    int n = 0;
    for (Term t : objective.terms()) {
      for (Path file : t.images()) {
        if (!in.containsValue(file)) {
          add.accept(n++ == 0 ? "objective" : "objective#" + n, file);
        }
      }
    }
    return in;
  }

  private static boolean existsBeside(Path dir, String name) {
    try {
      return Files.exists(dir.resolve(name));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** What is wrong with {@code image} as a picture to read, if anything. */
  private static java.util.Optional<String> imageProblem(Path image) {
    if (Files.isDirectory(image)) {
      return java.util.Optional.of(image + " is a folder, not an image file (JPEG or PNG)");
    }
    if (!Files.exists(image)) {
      return java.util.Optional.of("file not found: " + image);
    }
    if (!Files.isRegularFile(image)) {
      return java.util.Optional.of(image + " is not a regular file; give a JPEG or PNG");
    }
    try {
      ImageFiles.checkReadable(image);
      return java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  /**
   * {@code dream.mask}: a keyword, a shape expression (its numbers checked at every frame) or an
   * image (checked as seed.image is); null when the preset dreams everywhere.
   */
  private static MaskSpec mask(PresetReader r, Path dir) {
    double feather = r.number("dream.mask.feather");
    boolean invert = r.choice("dream.mask.invert").equals("true");
    if (!r.has("dream.mask")) {
      return null;
    }
    String value = r.string("dream.mask", "").strip();
    if (value.equals("subject") || value.equals("background")) {
      MaskSpec.Kind kind =
          value.equals("subject") ? MaskSpec.Kind.SUBJECT : MaskSpec.Kind.BACKGROUND;
      return new MaskSpec(kind, null, null, feather, invert);
    }
    if (MaskShape.looksLikeShape(value)) {
      try {
        MaskShape shape = MaskShape.parse(value, r.timeline());
        int empty = 0;
        int firstEmpty = -1;
        for (int t = 0; t < r.frames(); t++) {
          shape.check(t, r.timeline().fps(), r.frames());
          if (isZero(shape.draw(t, r.timeline().fps(), r.frames(), 64, 36, 0))) {
            firstEmpty = firstEmpty < 0 ? t : firstEmpty;
            empty++;
          }
        }
        if (empty > 0) {
          r.warn(
              "dream.mask",
              empty == r.frames()
                  ? "is 0 everywhere at every frame: nothing will dream"
                  : "is 0 everywhere at "
                      + empty
                      + " of the "
                      + r.frames()
                      + " frames (the first: frame "
                      + (firstEmpty + 1)
                      + "): nothing dreams there");
        }
        return new MaskSpec(MaskSpec.Kind.SHAPE, null, shape, feather, invert);
      } catch (ScheduleException | IllegalArgumentException | TimeShaping.BadTime e) {
        r.error("dream.mask", e.getMessage());
        return null;
      }
    }
    Path image = r.path("dream.mask", dir);
    if (image == null) {
      return null;
    }
    java.util.Optional<String> problem = imageProblem(image);
    if (problem.isPresent()) {
      r.error(
          "dream.mask",
          problem.get()
              + " (dream.mask is an image, subject, background or shapes such as ellipse(0.5, 0.5,"
              + " 0.3, 0.3))");
      return null;
    }
    return new MaskSpec(MaskSpec.Kind.IMAGE, image, null, feather, invert);
  }

  private static boolean isZero(float[] weights) {
    for (float w : weights) {
      if (w > 0) {
        return false;
      }
    }
    return true;
  }

  /** Colour coherence; a reference that is neither first nor seed is an image path. */
  private static ColorSpec color(PresetReader r, Path dir) {
    ColorSpec.Mode mode = r.choice("color.coherence", ColorSpec.Mode.class);
    String ref = r.string("color.reference");
    Param strength = r.param("color.strength");
    if (ref.equals("first") || ref.equals("seed")) {
      return new ColorSpec(
          mode,
          ref.equals("first") ? ColorSpec.Reference.FIRST : ColorSpec.Reference.SEED,
          null,
          strength);
    }
    Path image = r.path("color.reference", dir);
    if (image == null) {
      return new ColorSpec(mode, ColorSpec.Reference.FIRST, null, strength);
    }
    imageProblem(image)
        .ifPresent(p -> r.error("color.reference", "must be first, seed or an image; " + p));
    return new ColorSpec(mode, ColorSpec.Reference.IMAGE, image, strength);
  }

  /**
   * The preset's objective: the {@code objective} key, or the {@code dream.layers} / {@code
   * filters} sugar for the mode; empty when none is given (the model's defaults apply). Images the
   * terms name get the checks {@code seed.image} gets.
   */
  private static ObjectiveSchedule objective(
      PresetReader r, DreamMode mode, int crossfade, Path dir) {
    boolean filters = mode == DreamMode.FILTERS;
    String sugar = filters ? "filters" : "dream.layers";
    String other = filters ? "dream.layers" : "filters";
    if (r.has(other)) {
      r.error(
          other,
          filters
              ? "is only used with mode = deepdream (filters mode uses filters)"
              : "is only used with mode = filters (deepdream uses dream.layers)");
    }
    String text = r.string("objective", null);
    if (text == null) {
      return r.targets(sugar, crossfade, filters);
    }
    if (r.has(sugar)) {
      r.error(
          sugar,
          "a preset gives either objective or "
              + sugar
              + ", not both ("
              + sugar
              + " is short for "
              + (filters ? "channel(...)" : "layer(...)")
              + " terms)");
    }
    ObjectiveSchedule objective;
    try {
      objective = ObjectiveSchedule.parseObjective(text, crossfade, dir, r.timeline(), r.frames());
    } catch (ScheduleException e) {
      r.error("objective", e.getMessage());
      return ObjectiveSchedule.none(crossfade);
    }
    for (int t = 0; t < r.frames(); t++) {
      float[] weights;
      try {
        weights = objective.weightsAt(t);
      } catch (TimeShaping.BadTime e) {
        // A time-shaping function given a time it cannot use, as in any schedule (TimeShaping says
        // which).
        r.error("objective", e.getMessage());
        return ObjectiveSchedule.none(crossfade);
      }
      for (float w : weights) {
        if (!Float.isFinite(w) || Math.abs(w) > 1e6) {
          r.error(
              "objective",
              "a weight at frame " + t + " is " + w + ", expected a finite number of at most 1e6");
          return ObjectiveSchedule.none(crossfade);
        }
      }
    }
    for (Term t : objective.terms()) {
      for (Path image : t.images()) {
        imageProblem(image).ifPresent(p -> r.error("objective", t + ": " + p));
      }
    }
    return objective;
  }
}
