package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fully validated render: everything a preset says, with defaults filled in and relative paths
 * resolved. Built only by {@link PresetParser}, or directly by tests.
 *
 * @param cadence dream every this many frames ({@code render.cadence}), read at each dreamed frame
 * @param lines the line of each key in the preset file, so that problems found later (against the
 *     model) are reported the way parse errors are
 * @param inputs the files the render reads, by the preset key that names each (seed.image,
 *     seed.video, audio, encode.audio, color.reference, objective and objective#2.. for its
 *     images), in that order, each file once: a render's identity beside the preset and the model
 * @param mediaFrames the frames the source video gives from video.start (or else the audio track
 *     from audio.offset to audio.end) at the clip's rate, what {@code frames = auto} takes; 0
 *     without either
 */
public record RenderSpec(
    String name,
    Path source,
    SeedSpec seed,
    long randomSeed,
    int width,
    int height,
    int fps,
    int frames,
    String model,
    ModelInput modelInput,
    DreamSpec dream,
    MotionSpec motion,
    EncodeSpec encode,
    ColorSpec color,
    int checkpointEvery,
    Param cadence,
    Map<String, Integer> lines,
    List<Problem> warnings,
    Map<String, Path> inputs,
    int mediaFrames) {
  public RenderSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelInput, "modelInput");
    Objects.requireNonNull(dream, "dream");
    Objects.requireNonNull(motion, "motion");
    Objects.requireNonNull(encode, "encode");
    Objects.requireNonNull(color, "color");
    Objects.requireNonNull(cadence, "cadence");
    lines = Map.copyOf(lines);
    warnings = List.copyOf(warnings);
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    if (!PresetParser.isSafeName(name)) {
      throw new IllegalArgumentException("name must be a plain folder name: " + name);
    }
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "frame size must be even and at least 16: " + width + "x" + height);
    }
    if (fps <= 0 || frames <= 0) {
      throw new IllegalArgumentException("fps and frames must be positive");
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException(
          "render.checkpoint_every must be at least 1: " + checkpointEvery);
    }
  }

  /** An error about {@code key}, found after parsing (against the model), at the key's line. */
  public Problem error(String key, String message) {
    Integer line = lines.get(key);
    return Problem.error(key, line == null ? 0 : line, message);
  }

  /** A warning about {@code key}, found after parsing, at the key's line. */
  public Problem warning(String key, String message) {
    Integer line = lines.get(key);
    return Problem.warning(key, line == null ? 0 : line, message);
  }

  /** A copy with other dream settings. */
  public RenderSpec withDream(DreamSpec d) {
    return new RenderSpec(
        name,
        source,
        seed,
        randomSeed,
        width,
        height,
        fps,
        frames,
        model,
        modelInput,
        d,
        motion,
        encode,
        color,
        checkpointEvery,
        cadence,
        lines,
        warnings,
        inputs,
        mediaFrames);
  }

  /** A copy at another frame (and publish) size; pixel-valued settings stay as they are. */
  public RenderSpec withSize(int w, int h) {
    return new RenderSpec(
        name,
        source,
        seed,
        randomSeed,
        w,
        h,
        fps,
        frames,
        model,
        modelInput,
        dream,
        motion,
        encode.withSize(w, h),
        color,
        checkpointEvery,
        cadence,
        lines,
        warnings,
        inputs,
        mediaFrames);
  }

  /** A copy dreaming with another network (a catalog name or a path). */
  public RenderSpec withModel(String m) {
    return new RenderSpec(
        name,
        source,
        seed,
        randomSeed,
        width,
        height,
        fps,
        frames,
        m,
        modelInput,
        dream,
        motion,
        encode,
        color,
        checkpointEvery,
        cadence,
        lines,
        warnings,
        inputs,
        mediaFrames);
  }

  /** A copy with a different frame count (the CLI's {@code --frames}). */
  public RenderSpec withFrames(int n) {
    return new RenderSpec(
        name,
        source,
        seed,
        randomSeed,
        width,
        height,
        fps,
        n,
        model,
        modelInput,
        dream,
        motion,
        encode,
        color,
        checkpointEvery,
        cadence,
        lines,
        warnings,
        inputs,
        mediaFrames);
  }
}
