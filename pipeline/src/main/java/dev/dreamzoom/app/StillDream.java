package dev.dreamzoom.app;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.OctaveDreamer;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.GradientSpec;
import dev.dreamzoom.preset.ObjectiveSchedule;
import dev.dreamzoom.preset.PresetSchema;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.preset.WeightedTerm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One still image dreamed and written as PNG: what {@code dreamzoom dream} does. */
public final class StillDream {
  private StillDream() {}

  /**
   * What to dream, in the preset keys' units and ranges.
   *
   * @param model a catalog name or a path, as the {@code model} key
   * @param objective the terms at frame 0; empty for the model's default layers (or filters)
   * @param ascent octaves, their scale, iterations, step, jitter, blur and decay
   * @param tile as {@code dream.tile}
   * @param seed as {@code random.seed}: the jitter's randomness
   * @param threads TensorFlow compute threads; 0 = all cores
   */
  public record Request(
      Path image,
      Path out,
      String model,
      DreamMode mode,
      ObjectiveSchedule objective,
      Ascent ascent,
      GradientSpec gradient,
      int tile,
      long seed,
      int threads) {
    public Request {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(objective, "objective");
      Objects.requireNonNull(ascent, "ascent");
      Objects.requireNonNull(gradient, "gradient");
      PresetSchema.key("dream.tile").require(tile);
    }
  }

  /** The ascent's settings, each in the range of the preset key that sets it for a render. */
  public record Ascent(
      int octaves,
      double octaveScale,
      int iterations,
      double step,
      int jitter,
      double blur,
      double decay) {
    public Ascent {
      PresetSchema.key("dream.octaves").require(octaves);
      PresetSchema.key("dream.octave_scale").require(octaveScale);
      PresetSchema.key("dream.iterations").require(iterations);
      PresetSchema.key("dream.step").require(step);
      PresetSchema.key("dream.jitter").require(jitter);
      PresetSchema.key("dream.blur").require(blur);
      PresetSchema.key("dream.decay").require(decay);
    }
  }

  /** What was written. */
  public record Result(Path file, int width, int height, double seconds) {}

  /**
   * Dreams {@code r.image()} and writes the PNG atomically.
   *
   * @throws ModelException when the network cannot be loaded, has no default layer, or a class
   *     label of the objective is unknown to it
   */
  public static Result run(Request r, ModelStore store) throws IOException, ModelException {
    java.awt.Dimension size = ImageFiles.dimensions(r.image());
    Network network = Network.load(store.resolve(r.model()));
    ObjectiveSchedule objective =
        r.objective().isEmpty() ? defaults(network, r.mode()) : r.objective();
    if (objective.isEmpty()) {
      throw new ModelException("this model has no default layer; give --layer or --objective");
    }
    MemoryBudget.check(
        "dream of " + r.image().getFileName(),
        size.width,
        size.height,
        r.tile(),
        network,
        objective.layers(),
        "--tile");
    RgbImage image = ImageFiles.read(r.image());
    List<String> problems = new ArrayList<>();
    objective = PreparedRender.resolveClasses(objective, network, problems);
    if (!problems.isEmpty()) {
      throw new ModelException("--objective: " + String.join("; ", problems));
    }
    Ascent s = r.ascent();
    OctaveDreamer.Settings settings =
        new OctaveDreamer.Settings(
            s.octaves(),
            s.octaveScale(),
            s.iterations(),
            s.step(),
            s.jitter(),
            s.blur(),
            s.decay(),
            objective.weightsAt(0));
    try (DreamStep step =
        new DreamStep(
            network,
            objective.terms(),
            new DreamStep.Options(r.threads(), s.blur() > 0, s.decay() > 0, r.gradient()))) {
      long t0 = System.nanoTime();
      RgbImage result =
          new OctaveDreamer(step, r.tile()).dream(image, settings, r.seed(), loss -> {});
      ImageFiles.writePngAtomically(result, r.out());
      return new Result(r.out(), result.width(), result.height(), (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The model's recommended layers, as DeepDream layers or (filters mode) channel terms. */
  private static ObjectiveSchedule defaults(Network network, DreamMode mode) {
    List<WeightedTerm> terms = new ArrayList<>();
    for (String l : network.entry().layers()) {
      Target t = Target.layer(l);
      terms.add(
          new WeightedTerm(mode == DreamMode.FILTERS ? new Term.Channel(t) : new Term.Layer(t), 1));
    }
    return ObjectiveSchedule.constant(terms);
  }
}
