package dev.dreamzoom.preset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which targets the objective amplifies, and how strongly, frame by frame. Sets of targets are
 * keyed by frame ({@code 0:(a#1), 150:(b#7:0.5, c)}); when a new set starts, its weights fade in
 * (and the old ones out) linearly over {@code crossfade} frames. The weights come as one vector
 * over {@link #targets()}, so the graph is built once for all targets and only fed new weights.
 */
public final class TargetSchedule {
  private final int[] frames;
  private final List<List<TargetWeight>> sets;
  private final int crossfade;
  private final List<Target> targets;

  public TargetSchedule(int[] frames, List<List<TargetWeight>> sets, int crossfade) {
    if (frames.length != sets.size()) {
      throw new IllegalArgumentException("one target set per keyframe");
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
    Set<Target> all = new LinkedHashSet<>();
    sets.forEach(set -> set.forEach(tw -> all.add(tw.target())));
    this.targets = List.copyOf(all);
  }

  /** One set of targets for the whole clip. */
  public static TargetSchedule constant(List<TargetWeight> set) {
    return new TargetSchedule(new int[] {0}, List.of(set), 0);
  }

  /** No targets: the model's recommended layers apply. */
  public static TargetSchedule none() {
    return none(0);
  }

  /** No targets, keeping the preset's crossfade for the model's default filters. */
  public static TargetSchedule none(int crossfade) {
    return new TargetSchedule(new int[0], List.of(), crossfade);
  }

  public boolean isEmpty() {
    return targets.isEmpty();
  }

  /** Every target any frame uses, in order of first appearance. */
  public List<Target> targets() {
    return targets;
  }

  /** The first keyframe's targets with their weights. */
  public List<TargetWeight> weightedTargets() {
    return sets.isEmpty() ? List.of() : sets.get(0);
  }

  public int crossfade() {
    return crossfade;
  }

  /** The weight of each of {@link #targets()} at frame {@code t}. */
  public float[] weightsAt(int t) {
    if (frames.length == 0) {
      return new float[0];
    }
    // Walk the keys in order: each fade starts from wherever the previous one had got to by its
    // key frame, so overlapping fades stay continuous.
    float[] w = vector(sets.get(0));
    for (int k = 1; k < frames.length && frames[k] <= t; k++) {
      int until = k + 1 < frames.length ? Math.min(t, frames[k + 1] - 1) : t;
      double u = crossfade == 0 ? 1 : Math.min(1.0, (until - frames[k] + 1) / (double) crossfade);
      float[] target = vector(sets.get(k));
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((1 - u) * w[i] + u * target[i]);
      }
    }
    return w;
  }

  private float[] vector(List<TargetWeight> set) {
    float[] v = new float[targets.size()];
    for (TargetWeight tw : set) {
      v[targets.indexOf(tw.target())] += (float) tw.weight();
    }
    return v;
  }

  /**
   * Parses {@code a#3:0.5, b} (one set) or {@code 0:(a#3:0.5, b), 150:c#7} (keyed sets; a set with
   * a single target needs no parentheses).
   */
  public static TargetSchedule parse(String text, int crossfade) throws ScheduleException {
    Expr.Parser p = new Expr.Parser(text, 0);
    List<Integer> keys = new ArrayList<>();
    List<List<TargetWeight>> sets = new ArrayList<>();
    if (!Schedule.isKeyframed(text)) {
      keys.add(0);
      sets.add(list(p));
    } else {
      do {
        int frame = Schedule.keyFrame(p, keys);
        if (p.accept('(')) {
          sets.add(list(p));
          if (!p.accept(')')) {
            throw p.error("missing ')' after the targets of frame " + frame);
          }
        } else {
          sets.add(List.of(item(p, text)));
        }
      } while (p.accept(','));
    }
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peek() + "'");
    }
    return new TargetSchedule(keys.stream().mapToInt(Integer::intValue).toArray(), sets, crossfade);
  }

  private static List<TargetWeight> list(Expr.Parser p) throws ScheduleException {
    List<TargetWeight> set = new ArrayList<>();
    do {
      set.add(item(p, p.text()));
    } while (p.accept(','));
    return set;
  }

  /** {@code layer[#channel][:weight]}; layer names are operation names, free of ',:#()' and spaces. */
  private static TargetWeight item(Expr.Parser p, String text) throws ScheduleException {
    p.skipSpace();
    int start = p.position();
    while (!p.atEnd() && ",:#() \t".indexOf(p.peek()) < 0) {
      p.accept(p.peek());
    }
    if (p.position() == start) {
      throw p.error(p.atEnd() ? "expected a layer name" : "expected a layer name but found '" + p.peek() + "'");
    }
    String layer = text.substring(start, p.position());
    int channel = -1;
    if (p.accept('#')) {
      channel = (int) integer(p, text, "a channel number after '#'");
    }
    double weight = 1.0;
    if (p.accept(':')) {
      p.skipSpace();
      int w = p.position();
      while (!p.atEnd() && "0123456789.eE+-".indexOf(p.peek()) >= 0) {
        p.accept(p.peek());
      }
      try {
        weight = Double.parseDouble(text.substring(w, p.position()));
      } catch (NumberFormatException e) {
        throw new ScheduleException("expected a weight (a number) after '" + layer + ":'", w + 1, text);
      }
      if (!Double.isFinite(weight)) {
        throw new ScheduleException("weight of " + layer + " is not finite", w + 1, text);
      }
    }
    return new TargetWeight(new Target(layer, channel), weight);
  }

  private static long integer(Expr.Parser p, String text, String what) throws ScheduleException {
    p.skipSpace();
    int start = p.position();
    while (!p.atEnd() && Character.isDigit(p.peek())) {
      p.accept(p.peek());
    }
    if (p.position() == start || p.position() - start > 6) {
      throw new ScheduleException("expected " + what, start + 1, text);
    }
    return Long.parseLong(text.substring(start, p.position()));
  }
}
