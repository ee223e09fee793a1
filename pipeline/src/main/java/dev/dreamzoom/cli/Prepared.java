package dev.dreamzoom.cli;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.Objectives;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.TargetSchedule;
import dev.dreamzoom.preset.TargetWeight;
import java.util.List;

/** A preset's network, loaded, and its spec with the model's default layers filled in. */
record Prepared(Network network, RenderSpec spec) {
  static Prepared load(RenderSpec spec, ModelStore store) throws ModelException, PresetException {
    Network network = Network.load(store.resolve(spec.model()));
    if (spec.dream().targets().isEmpty()) {
      List<TargetWeight> defaults = network.entry().layers().stream()
          .map(l -> new TargetWeight(Target.layer(l), 1.0)).toList();
      if (defaults.isEmpty()) {
        throw new PresetException(String.valueOf(spec.source()),
            List.of("dream.layers: model " + spec.model() + " has no default layers; name some"));
      }
      spec = spec.withDream(spec.dream().withTargets(TargetSchedule.constant(defaults)));
    }
    // Layers and channels are checked against the graph before any work, and reported as
    // preset problems, with key and line.
    String where = spec.where(spec.dream().mode() == DreamMode.FILTERS ? "filters" : "dream.layers");
    List<String> problems = network.targetProblems(spec.dream().targets().targets()).stream()
        .map(p -> where + ": " + p).toList();
    if (!problems.isEmpty()) {
      throw new PresetException(String.valueOf(spec.source()), problems);
    }
    return new Prepared(network, spec);
  }

  /** The step for every target the spec uses; validates layers and channels. */
  DreamStep newStep(int threads) throws ModelException {
    return new DreamStep(network, spec.dream().targets().targets(),
        Objectives.forMode(spec.dream().mode()),
        new DreamStep.Options(threads, usedAnywhere(spec.dream().blur()), usedAnywhere(spec.dream().decay())));
  }

  /** True if the value is above zero at any frame of the clip. */
  private boolean usedAnywhere(dev.dreamzoom.preset.Param p) {
    for (int t = 0; t < spec.frames(); t++) {
      if (p.at(t) > 0) {
        return true;
      }
    }
    return false;
  }

  /** The targets, for progress lines. */
  String describeTargets() {
    List<Target> t = spec.dream().targets().targets();
    return t.size() <= 4 ? t.toString() : t.subList(0, 4) + " and " + (t.size() - 4) + " more";
  }
}
