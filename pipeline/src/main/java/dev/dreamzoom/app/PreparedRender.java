package dev.dreamzoom.app;

import dev.dreamzoom.color.ColorCoherence;
import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.ScheduledDreamer;
import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Labels;
import dev.dreamzoom.model.ModelEntry;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.model.ResolvedModel;
import dev.dreamzoom.motion.CameraMove;
import dev.dreamzoom.motion.FlowCarry;
import dev.dreamzoom.motion.Warp;
import dev.dreamzoom.preset.ColorSpec;
import dev.dreamzoom.preset.DreamMode;
import dev.dreamzoom.preset.MaskSpec;
import dev.dreamzoom.preset.ModelInput;
import dev.dreamzoom.preset.ObjectiveSchedule;
import dev.dreamzoom.preset.Param;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.Problem;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.preset.ScheduleException;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.preset.VideoSpec;
import dev.dreamzoom.render.Renderer;
import dev.dreamzoom.seed.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated spec turned into a ready render: the network loaded with the preset's model keys
 * applied, the objective completed (the model's default layers or filters where the preset names
 * none, class labels resolved to logits) and checked against the graph. The one place that wires
 * the stages for {@code render}, {@code batch}, {@code preview} and {@code bench}; problems found
 * here are reported as preset problems, with key and line.
 *
 * @param precision what the network computes in: float32 until {@link #choosingPrecision} or {@link
 *     #withPrecision} says otherwise
 * @param segmentation the segmentation network's verified file, fetched here when {@code
 *     dream.mask} needs it; null otherwise
 */
public record PreparedRender(
    Network network, RenderSpec spec, PrecisionChoice precision, Path segmentation) {
  public static PreparedRender load(RenderSpec spec, ModelStore store)
      throws ModelException, PresetException {
    Network network = Network.load(withPresetKeys(store.resolve(spec.model()), spec.modelInput()));
    ObjectiveSchedule objective = spec.dream().objective();
    if (objective.isEmpty()) {
      objective = defaultObjective(spec, network.entry());
    }
    objective = resolveClasses(spec, objective, network);
    spec = spec.withDream(spec.dream().withObjective(objective));
    String key = objectiveKey(spec);
    RenderSpec s = spec;
    List<Problem> problems =
        new ArrayList<>(
            network.targetProblems(objective.targets()).stream()
                .map(p -> s.error(key, p))
                .toList());
    if (objective.terms().stream().anyMatch(t -> t instanceof Term.ClassLogit)) {
      try {
        network.logits();
      } catch (ModelException e) {
        problems.add(spec.error(key, e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new PresetException(String.valueOf(spec.source()), problems);
    }
    MaskSpec mask = spec.dream().mask();
    Path segmentation = mask != null && mask.segmented() ? segmentation(spec, store) : null;
    return new PreparedRender(network, spec, PrecisionChoice.FLOAT32, segmentation);
  }

  /** The segmentation network's file; a preset problem on dream.mask when it cannot be had. */
  private static Path segmentation(RenderSpec spec, ModelStore store) throws PresetException {
    try {
      return store.segmentation().resolve();
    } catch (ModelException e) {
      throw new PresetException(
          String.valueOf(spec.source()),
          List.of(
              spec.error(
                  "dream.mask",
                  spec.dream().mask().kind().name().toLowerCase(java.util.Locale.ROOT)
                      + " needs the segmentation network, which cannot be had: "
                      + e.getMessage())));
    }
  }

  /**
   * This render with {@code dream.precision} resolved for this machine (auto measures; see {@link
   * PrecisionChoice}).
   */
  public PreparedRender choosingPrecision(int threads) throws ModelException, IOException {
    return withPrecision(PrecisionChoice.resolve(this, threads));
  }

  /** This render computing in {@code p}, e.g. what a resumed render's manifest recorded. */
  public PreparedRender withPrecision(PrecisionChoice p) {
    return new PreparedRender(network, spec, p, segmentation);
  }

  /** The resolved model with the preset's {@code model.*} keys in place of the catalog's. */
  static ResolvedModel withPresetKeys(ResolvedModel resolved, ModelInput in) {
    ModelEntry entry = resolved.entry();
    entry = entry.withInput(entry.input().with(in.tensor(), in.offset(), in.scale(), in.bgr()));
    if (in.logits() != null) {
      ModelEntry.Classifier c = entry.classifier();
      entry =
          entry.withClassifier(
              new ModelEntry.Classifier(
                  in.logits(), c == null ? null : c.labels(), c == null ? null : c.headPool()));
    }
    ResolvedModel r = resolved.withEntry(entry);
    return in.labels() == null ? r : r.withLabels(in.labels());
  }

  /** The key the objective came from, for messages. */
  private static String objectiveKey(RenderSpec spec) {
    if (spec.lines().containsKey("objective")) {
      return "objective";
    }
    return spec.dream().mode() == DreamMode.FILTERS ? "filters" : "dream.layers";
  }

  /**
   * The model's default objective for the preset's mode: its DeepDream layers, or its filter
   * flight; a preset problem when the model has none (a network given by path).
   */
  private static ObjectiveSchedule defaultObjective(RenderSpec spec, ModelEntry entry)
      throws PresetException {
    boolean filters = spec.dream().mode() == DreamMode.FILTERS;
    String key = filters ? "filters" : "dream.layers";
    if (filters ? entry.filters() == null : entry.layers().isEmpty()) {
      throw new PresetException(
          String.valueOf(spec.source()),
          spec.error(
              key,
              "model "
                  + spec.model()
                  + " has no default "
                  + (filters ? "filters" : "layers")
                  + "; name some"
                  + (filters
                      ? " (filters = 0:<layer>#<channel>, ...)"
                      : " (dream.layers = <layer>, ...)")));
    }
    try {
      return filters
          ? ObjectiveSchedule.parseTargets(
              entry.filters(), spec.dream().objective().crossfade(), true)
          : ObjectiveSchedule.parseTargets(String.join(", ", entry.layers()), 0, false);
    } catch (ScheduleException e) {
      throw new IllegalStateException(
          "models.properties: " + entry.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Class terms named by label, replaced by their logit index; unknown or ambiguous labels are
   * preset problems.
   */
  private static ObjectiveSchedule resolveClasses(
      RenderSpec spec, ObjectiveSchedule objective, Network network) throws PresetException {
    List<String> problems = new ArrayList<>();
    ObjectiveSchedule resolved = resolveClasses(objective, network, problems);
    if (!problems.isEmpty()) {
      String key = objectiveKey(spec);
      throw new PresetException(
          String.valueOf(spec.source()), problems.stream().map(p -> spec.error(key, p)).toList());
    }
    return resolved;
  }

  /**
   * {@code objective} with its class terms named by label replaced by their logit index; each label
   * that is unknown or ambiguous, or that no labels file can resolve, adds a problem.
   */
  public static ObjectiveSchedule resolveClasses(
      ObjectiveSchedule objective, Network network, List<String> problems) {
    List<Term.ClassLogit> named =
        objective.terms().stream()
            .filter(t -> t instanceof Term.ClassLogit c && c.label() != null)
            .map(t -> (Term.ClassLogit) t)
            .toList();
    if (named.isEmpty()) {
      return objective;
    }
    Map<Term, Term> resolved = new HashMap<>();
    try {
      Labels labels = network.labels();
      for (Term.ClassLogit c : named) {
        try {
          resolved.put(c, c.resolved(labels.find(c.label())));
        } catch (IllegalArgumentException e) {
          problems.add(c + ": " + e.getMessage());
        }
      }
    } catch (ModelException e) {
      problems.add(named.get(0) + ": " + e.getMessage());
    }
    return objective.replacing(resolved);
  }

  /** The step for every term the spec uses. */
  public DreamStep newStep(int threads) throws ModelException {
    return new DreamStep(
        network,
        spec.dream().objective().terms(),
        new DreamStep.Options(
            threads,
            usedAnywhere(spec.dream().blur()),
            usedAnywhere(spec.dream().decay()),
            spec.dream().gradient(),
            precision.bfloat16()));
  }

  /** Frames dreamed the way the spec says, with {@code step} from {@link #newStep}. */
  public ScheduledDreamer dreamer(DreamStep step) {
    return new ScheduledDreamer(step, spec.dream(), spec.randomSeed());
  }

  /**
   * The render loop from frame 0: dream, hold the colours, warp, hand each frame to {@code sink}.
   */
  public Renderer renderer(DreamStep step, FrameSink sink) throws IOException {
    return renderer(step, sink, null);
  }

  /**
   * The render loop, which may start at any frame.
   *
   * @param firstFrame the stored first frame, when resuming a render whose colours are held to it
   *     ({@code color.reference = first}, or a dream over a video: its saturation); null otherwise
   */
  public Renderer renderer(DreamStep step, FrameSink sink, RgbImage firstFrame) throws IOException {
    return renderer(step, sink, firstFrame, null, null);
  }

  /**
   * The masks a render with {@code dream.mask} dreams within, open until closed (they may hold the
   * segmentation network); null for a render that dreams everywhere.
   *
   * @param video the render's source video ({@link #openVideo}), whose frames a subject is found in
   */
  FrameMasks openMasks(VideoFrames video) throws ModelException, IOException {
    return spec.dream().mask() == null
        ? null
        : FrameMasks.open(spec, segmentation, video == null ? seed() : null, video);
  }

  /**
   * The source a dream over a video reads its frames and flows from, open until closed; null for a
   * render from a still seed.
   */
  VideoFrames openVideo() throws IOException {
    VideoSpec video = spec.seed().video();
    int margin = spec.motion().overscan();
    return video == null
        ? null
        : VideoFrames.open(
            video, spec.width() + 2 * margin, spec.height() + 2 * margin, new Warp(spec.motion()));
  }

  /**
   * As {@link #renderer(DreamStep, FrameSink, RgbImage)}; a dream over a video carries each frame
   * along {@code video}'s flow ({@link #openVideo}) where a still seed's is moved by the camera.
   */
  Renderer renderer(
      DreamStep step, FrameSink sink, RgbImage firstFrame, VideoFrames video, FrameMasks masks)
      throws IOException {
    if ((video != null) != (spec.seed().video() != null)) {
      throw new IllegalArgumentException(
          video == null
              ? "a dream over a video needs its source: openVideo()"
              : "a still seed has no video source");
    }
    if ((masks != null) != (spec.dream().mask() != null)) {
      throw new IllegalArgumentException(
          masks == null
              ? "a masked dream needs its masks: openMasks()"
              : "this render has no mask");
    }
    FlowCarry flow = video == null ? null : new FlowCarry(video, spec.seed().video().blend());
    CameraMove move = flow == null ? new Warp(spec.motion()) : flow;
    ScheduledDreamer dreamer = dreamer(step);
    ColorCoherence coherence = coherence(firstFrame);
    boolean holdToFirst = spec.color().reference() == ColorSpec.Reference.FIRST;
    int margin = spec.motion().overscan();
    // Over a video, every later frame's saturation is held to the ratio the first frame, as stored,
    // has.
    double[] saturation = {
      flow != null && firstFrame != null ? flow.saturationRatio(firstFrame, margin) : 1
    };
    return new Renderer(
        (img, t) -> {
          // The undreamed frame: what the camera carried here, or over a video its own frame.
          RgbImage source = video == null ? img : video.frame(t);
          Mask mask = masks == null ? null : masks.at(t);
          RgbImage dreamed = dreamer.dream(img, t, mask, loss -> {});
          boolean first = t == 0;
          if (!(coherence.enabled() && holdToFirst && first)) {
            dreamed = coherence.apply(dreamed, t);
          }
          if (flow != null && !first) {
            dreamed = flow.holdSaturation(dreamed, t, saturation[0]);
          }
          // Last, so that where the mask is 0 the frame is its source bit for bit.
          RgbImage frame = mask == null ? dreamed : mask.blend(source, dreamed);
          // The first frame, as stored, is what later frames hold their colours to: a resumed
          // render reads it back from its PNG.
          if (first && coherence.enabled() && holdToFirst) {
            coherence.setReference(frameOf(frame));
          }
          if (first && flow != null) {
            RgbImage stored =
                ImageFiles.fromBufferedImage(ImageFiles.toBufferedImage(frameOf(frame)));
            saturation[0] = flow.saturationRatio(stored, margin);
          }
          return frame;
        },
        move,
        sink,
        t -> spec.cadence().intAt(t));
  }

  /**
   * The stored first frame that a render continuing at frame {@code from} holds its colours to
   * ({@code color.reference = first}, or over a video its saturation), or null when it needs none.
   */
  public RgbImage storedFirstFrame(dev.dreamzoom.frames.RenderFolder folder, int from)
      throws IOException {
    boolean heldToFirst =
        spec.color().mode() != ColorSpec.Mode.NONE
            && spec.color().reference() == ColorSpec.Reference.FIRST;
    return from > 0 && (heldToFirst || spec.seed().video() != null)
        ? ImageFiles.read(folder.frames().file(0))
        : null;
  }

  /** Colour coherence with its reference set, except a first frame still to be dreamed. */
  private ColorCoherence coherence(RgbImage firstFrame) throws IOException {
    ColorSpec c = spec.color();
    ColorCoherence coherence = new ColorCoherence(c.mode(), c.strength());
    if (!coherence.enabled()) {
      return coherence;
    }
    switch (c.reference()) {
      case SEED -> coherence.setReference(frameOf(seed()));
      case IMAGE -> coherence.setReference(ImageFiles.read(c.image()));
      case FIRST -> {
        if (firstFrame != null) {
          coherence.setReference(firstFrame);
        }
      }
    }
    return coherence;
  }

  /** The first frame's seed: noise or the photo, at the size of the canvas (with its overscan). */
  public RgbImage seed() throws IOException {
    int margin = spec.motion().overscan();
    if (spec.seed().video() != null) {
      return VideoFrames.first(
          spec.seed().video(), spec.width() + 2 * margin, spec.height() + 2 * margin);
    }
    return Seeds.create(
        spec.seed(), spec.width() + 2 * margin, spec.height() + 2 * margin, spec.randomSeed());
  }

  /** The frame a dreamed canvas shows: its middle, without the overscan. */
  public RgbImage frameOf(RgbImage canvas) {
    return canvas.inset(spec.motion().overscan());
  }

  /** True if the value is above zero at any frame of the clip. */
  private boolean usedAnywhere(Param p) {
    for (int t = 0; t < spec.frames(); t++) {
      if (p.at(t) > 0) {
        return true;
      }
    }
    return false;
  }

  /** The objective's terms, for progress lines. */
  public String describeObjective() {
    List<Term> t = spec.dream().objective().terms();
    return t.size() <= 4 ? t.toString() : t.subList(0, 4) + " and " + (t.size() - 4) + " more";
  }
}
