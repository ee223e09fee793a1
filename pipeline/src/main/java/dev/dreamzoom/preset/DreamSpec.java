package dev.dreamzoom.preset;

import java.util.List;
import java.util.Objects;

/**
 * How each frame is dreamed. An empty {@code layers} list means "the model's recommended layers".
 * Step and jitter are in pixels of the 0..255 image.
 */
public record DreamSpec(
    List<LayerWeight> layers,
    Param octaves,
    Param octaveScale,
    Param iterations,
    Param step,
    Param jitter) {
  public DreamSpec {
    layers = List.copyOf(layers);
    Objects.requireNonNull(octaves, "octaves");
    Objects.requireNonNull(octaveScale, "octaveScale");
    Objects.requireNonNull(iterations, "iterations");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(jitter, "jitter");
  }
}
