package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One fully validated render: everything a preset says, with defaults filled in and relative
 * paths resolved. Built only by {@link PresetParser}, or directly by tests.
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
    DreamSpec dream,
    MotionSpec motion,
    EncodeSpec encode) {
  public RenderSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dream, "dream");
    Objects.requireNonNull(motion, "motion");
    Objects.requireNonNull(encode, "encode");
    if (!PresetParser.isSafeName(name)) {
      throw new IllegalArgumentException("name must be a plain folder name: " + name);
    }
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("frame size must be even and at least 16: " + width + "x" + height);
    }
    if (fps <= 0 || frames <= 0) {
      throw new IllegalArgumentException("fps and frames must be positive");
    }
  }

  /** A copy with other dream settings. */
  public RenderSpec withDream(DreamSpec d) {
    return new RenderSpec(name, source, seed, randomSeed, width, height, fps, frames, model, d, motion, encode);
  }

  /** A copy with a different frame count (the CLI's {@code --frames}). */
  public RenderSpec withFrames(int n) {
    return new RenderSpec(name, source, seed, randomSeed, width, height, fps, n, model, dream, motion, encode);
  }
}
