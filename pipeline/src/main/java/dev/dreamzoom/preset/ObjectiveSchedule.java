package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ascent maximizes, frame by frame: weighted sums of {@link Term}s keyed by frame ({@code
 * 0:(layer(a) + 0.5*class(banana)), 150:(channel(b#7))}). When a new sum starts, its weights fade
 * in (and the old ones out) linearly over {@code crossfade} frames. The weights come as one vector
 * over {@link #terms()}, so the graph is built once for every term the clip uses and only fed new
 * weights.
 */
public final class ObjectiveSchedule {
  private final int[] frames;
  private final List<List<WeightedTerm>> sets;
  private final int crossfade;
  private final List<Term> terms;

  public ObjectiveSchedule(int[] frames, List<List<WeightedTerm>> sets, int crossfade) {
    if (frames.length != sets.size()) {
      throw new IllegalArgumentException("one weighted sum per keyframe");
    }
    if (crossfade < 0) {
      throw new IllegalArgumentException("crossfade must be >= 0: " + crossfade);
    }
    for (int i = 1; i < frames.length; i++) {
      if (frames[i] <= frames[i - 1]) {
        throw new IllegalArgumentException("keyframes must increase");
      }
    }
    this.frames = frames.clone();
    this.sets = sets.stream().map(List::copyOf).toList();
    this.crossfade = crossfade;
    Set<Term> all = new LinkedHashSet<>();
    sets.forEach(set -> set.forEach(tw -> all.add(tw.term())));
    this.terms = List.copyOf(all);
  }

  /** One weighted sum for the whole clip. */
  public static ObjectiveSchedule constant(List<WeightedTerm> set) {
    return new ObjectiveSchedule(new int[] {0}, List.of(set), 0);
  }

  /** No terms, keeping the preset's crossfade: the model's default layers or filters apply. */
  public static ObjectiveSchedule none(int crossfade) {
    return new ObjectiveSchedule(new int[0], List.of(), crossfade);
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /** Every term any frame uses, in order of first appearance. */
  public List<Term> terms() {
    return terms;
  }

  /** Every layer any term reads, for checking them against the network. */
  public List<Target> targets() {
    Set<Target> all = new LinkedHashSet<>();
    terms.forEach(t -> all.addAll(t.targets()));
    return List.copyOf(all);
  }

  /** The layers of {@link #targets()}. */
  public java.util.Set<String> layers() {
    Set<String> layers = new LinkedHashSet<>();
    targets().forEach(t -> layers.add(t.layer()));
    return layers;
  }

  public int crossfade() {
    return crossfade;
  }

  /** This schedule with some terms replaced (e.g. class labels resolved to logit indices). */
  public ObjectiveSchedule replacing(Map<Term, Term> replacements) {
    List<List<WeightedTerm>> replaced =
        sets.stream()
            .map(
                set ->
                    set.stream()
                        .map(tw -> tw.with(replacements.getOrDefault(tw.term(), tw.term())))
                        .toList())
            .toList();
    return new ObjectiveSchedule(frames, replaced, crossfade);
  }

  /** The weight of each of {@link #terms()} at frame {@code t}. */
  public float[] weightsAt(int t) {
    if (frames.length == 0) {
      return new float[0];
    }
    // Walk the keys in order: each fade starts from wherever the previous one had got to by its
    // key frame, so overlapping fades stay continuous.
    float[] w = vector(sets.get(0), t);
    for (int k = 1; k < frames.length && frames[k] <= t; k++) {
      int until = k + 1 < frames.length ? Math.min(t, frames[k + 1] - 1) : t;
      double u = crossfade == 0 ? 1 : Math.min(1.0, (until - frames[k] + 1) / (double) crossfade);
      float[] target = vector(sets.get(k), t);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((1 - u) * w[i] + u * target[i]);
      }
    }
    return w;
  }

  private float[] vector(List<WeightedTerm> set, int t) {
    float[] v = new float[terms.size()];
    for (WeightedTerm tw : set) {
      v[terms.indexOf(tw.term())] += (float) tw.weightAt(t);
    }
    return v;
  }

  /**
   * Parses the {@code objective} key: {@code layer(a) + 0.5*class(banana)} (one sum) or {@code
   * 0:(layer(a)), 150:(style(x.jpg, b) - 0.01*tv)} (keyed sums). Image paths resolve against {@code
   * dir}.
   */
  public static ObjectiveSchedule parseObjective(String text, int crossfade, Path dir)
      throws ScheduleException {
    return parseObjective(text, crossfade, dir, Timeline.NONE, 1);
  }

  /**
   * As {@link #parseObjective(String, int, Path)}, where a weight may also be an expression in
   * parentheses, {@code (0.5 + bass)*layer(L)}, read at every frame with the clip's rate, length
   * ({@code total}) and music.
   */
  public static ObjectiveSchedule parseObjective(
      String text, int crossfade, Path dir, Timeline timeline, int total) throws ScheduleException {
    return keyed(text, crossfade, p -> new ObjectiveParser(p, dir, total).sum(), null, timeline);
  }

  /**
   * Parses the older {@code dream.layers} / {@code filters} form, {@code a#3:0.5, b} (one set) or
   * {@code 0:(a#3:0.5, b), 150:c#7} (keyed sets; a single target needs no parentheses): sugar for
   * {@code layer(...)} terms, or {@code channel(...)} terms when {@code filters}.
   */
  public static ObjectiveSchedule parseTargets(String text, int crossfade, boolean filters)
      throws ScheduleException {
    return keyed(
        text,
        crossfade,
        p -> {
          List<WeightedTerm> set = new ArrayList<>();
          do {
            set.add(TargetList.item(p, filters));
          } while (p.accept(','));
          return set;
        },
        p -> List.of(TargetList.item(p, filters)));
  }

  private interface SetParser {
    List<WeightedTerm> parse(Expr.Parser p) throws ScheduleException;
  }

  private static ObjectiveSchedule keyed(String text, int crossfade, SetParser set)
      throws ScheduleException {
    return keyed(text, crossfade, set, null, Timeline.NONE);
  }

  /** {@code unbracketed}, where given, reads a key's set written without parentheses. */
  private static ObjectiveSchedule keyed(
      String text, int crossfade, SetParser set, SetParser unbracketed) throws ScheduleException {
    return keyed(text, crossfade, set, unbracketed, Timeline.NONE);
  }

  private static ObjectiveSchedule keyed(
      String text, int crossfade, SetParser set, SetParser unbracketed, Timeline timeline)
      throws ScheduleException {
    Expr.Parser p = new Expr.Parser(text, 0, timeline);
    List<Integer> keys = new ArrayList<>();
    List<List<WeightedTerm>> sets = new ArrayList<>();
    if (!Schedule.isKeyframed(text)) {
      keys.add(0);
      sets.add(set.parse(p));
    } else {
      do {
        int frame = Schedule.keyFrame(p, keys);
        if (p.accept('(')) {
          sets.add(set.parse(p));
          if (!p.accept(')')) {
            throw p.error("missing ')' after the terms of frame " + frame);
          }
        } else if (unbracketed != null) {
          sets.add(unbracketed.parse(p));
        } else {
          throw p.error("expected '(' after frame " + frame + ": " + frame + ":(terms)");
        }
      } while (p.accept(','));
    }
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peek() + "'");
    }
    return new ObjectiveSchedule(
        keys.stream().mapToInt(Integer::intValue).toArray(), sets, crossfade);
  }
}
