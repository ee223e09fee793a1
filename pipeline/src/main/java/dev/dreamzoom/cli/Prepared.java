package dev.dreamzoom.cli;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.Objectives;
import dev.dreamzoom.model.ModelEntry;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.model.ResolvedModel;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.ModelInput;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.preset.ScheduleException;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.TargetSchedule;
import dev.dreamzoom.preset.TargetWeight;
import java.util.List;

/** A preset's network, loaded, and its spec with the model's default layers filled in. */
record Prepared(Network network, RenderSpec spec) {
  static Prepared load(RenderSpec spec, ModelStore store) throws ModelException, PresetException {
    ResolvedModel resolved = store.resolve(spec.model());
    ModelInput in = spec.modelInput();
    ModelEntry entry = resolved.entry();
    entry = entry.withInput(entry.input().with(in.tensor(), in.offset(), in.scale(), in.bgr()));
    Network network = Network.load(resolved.withEntry(entry));
    if (spec.dream().targets().isEmpty()) {
      spec = spec.withDream(spec.dream().withTargets(defaultTargets(spec, network.entry())));
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

  /**
   * The model's default targets for the preset's mode: its DeepDream layers, or its filter
   * flight; a preset problem when the model has none (a network given by path).
   */
  private static TargetSchedule defaultTargets(RenderSpec spec, ModelEntry entry) throws PresetException {
    boolean filters = spec.dream().mode() == DreamMode.FILTERS;
    String key = filters ? "filters" : "dream.layers";
    if (filters ? entry.filters() == null : entry.layers().isEmpty()) {
      throw new PresetException(String.valueOf(spec.source()), List.of(key + ": model "
          + spec.model() + " has no default " + (filters ? "filters" : "layers") + "; name some"
          + (filters ? " (filters = 0:<layer>#<channel>, ...)" : " (dream.layers = <layer>, ...)")));
    }
    if (!filters) {
      return TargetSchedule.constant(entry.layers().stream()
          .map(l -> new TargetWeight(Target.layer(l), 1.0)).toList());
    }
    try {
      return TargetSchedule.parse(entry.filters(), spec.dream().targets().crossfade());
    } catch (ScheduleException e) {
      throw new IllegalStateException("models.properties: " + entry.name() + ".filters: " + e.getMessage(), e);
    }
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
