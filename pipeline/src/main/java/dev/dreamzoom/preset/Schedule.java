package dev.dreamzoom.preset;

import java.util.ArrayList;
import java.util.List;

/**
 * A keyframed value, {@code 0:(1.02), 120:(1.05), 240:(1.0+0.01*sin(t/24))} (Deforum's notation),
 * or a single expression. Each key's expression is evaluated at the frame being looked up; between
 * keys the two (for cubic, four) neighbouring keys are interpolated. Before the first key its value
 * holds; after the last key the last expression goes on.
 */
public final class Schedule implements Param {
  private final int[] frames;
  private final Expr[] values;
  private final Interpolation interpolation;
  private final double fps;
  private final double total;

  private Schedule(
      int[] frames, Expr[] values, Interpolation interpolation, double fps, int total) {
    this.frames = frames;
    this.values = values;
    this.interpolation = interpolation;
    this.fps = fps;
    this.total = total;
  }

  /** True if {@code text} starts like a keyframe list ({@code frame:}). */
  public static boolean isKeyframed(String text) {
    return text.strip().matches("(?s)\\d+\\s*:.*");
  }

  /**
   * @param fps frames per second, for {@code s}
   * @param total total frames of the clip, for {@code T}
   */
  public static Schedule parse(String text, Interpolation interpolation, double fps, int total)
      throws ScheduleException {
    return parse(text, interpolation, new Timeline(fps, null), total);
  }

  /** As {@link #parse(String, Interpolation, double, int)}, with the music when there is some. */
  public static Schedule parse(
      String text, Interpolation interpolation, Timeline timeline, int total)
      throws ScheduleException {
    double fps = timeline.fps();
    if (!isKeyframed(text)) {
      return new Schedule(
          new int[] {0}, new Expr[] {Expr.parse(text, timeline)}, interpolation, fps, total);
    }
    List<Integer> keys = new ArrayList<>();
    List<Expr> exprs = new ArrayList<>();
    Expr.Parser p = new Expr.Parser(text, 0, timeline);
    do {
      keyFrame(p, keys);
      exprs.add(p.expression());
    } while (p.accept(','));
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peek() + "' (keys are separated by ',')");
    }
    return new Schedule(
        keys.stream().mapToInt(Integer::intValue).toArray(),
        exprs.toArray(new Expr[0]),
        interpolation,
        fps,
        total);
  }

  /**
   * Reads {@code frame:} at the parser's position, checks that it follows the keys before it, and
   * appends it to {@code keys}; shared with {@link ObjectiveSchedule}'s keyed sets.
   */
  static int keyFrame(Expr.Parser p, List<Integer> keys) throws ScheduleException {
    p.skipSpace();
    int start = p.position();
    while (!p.atEnd() && Character.isDigit(p.peek())) {
      p.accept(p.peek());
    }
    if (p.position() == start) {
      throw p.error(
          "expected a frame number (a whole number, 0 or more"
              + (!p.atEnd() && p.peek() == '-' ? "; frames count from 0, never below)" : ")"));
    }
    int frame;
    try {
      frame = Integer.parseInt(p.text().substring(start, p.position()));
    } catch (NumberFormatException e) {
      throw new ScheduleException("frame number too large", start + 1, p.text());
    }
    if (!keys.isEmpty() && frame <= keys.get(keys.size() - 1)) {
      throw new ScheduleException(
          "keyframes must be in increasing order, but "
              + frame
              + " follows "
              + keys.get(keys.size() - 1),
          start + 1,
          p.text());
    }
    if (!p.accept(':')) {
      throw p.error("expected ':' after frame " + frame);
    }
    keys.add(frame);
    return frame;
  }

  @Override
  public double at(int t) {
    int n = frames.length;
    if (t <= frames[0]) {
      return value(0, t);
    }
    if (t >= frames[n - 1]) {
      return value(n - 1, t);
    }
    int i = 0;
    while (frames[i + 1] <= t) {
      i++;
    }
    double u = (double) (t - frames[i]) / (frames[i + 1] - frames[i]);
    double a = value(i, t);
    double b = value(i + 1, t);
    return switch (interpolation) {
      case STEP -> a;
      case LINEAR -> a + u * (b - a);
      case CUBIC -> {
        double before = i > 0 ? value(i - 1, t) : a;
        double after = i + 2 < n ? value(i + 2, t) : b;
        yield catmullRom(before, a, b, after, u);
      }
    };
  }

  private double value(int key, int t) {
    return values[key].eval(t, t / fps, total);
  }

  private static double catmullRom(double p0, double p1, double p2, double p3, double u) {
    double u2 = u * u;
    double u3 = u2 * u;
    return 0.5
        * (2 * p1
            + (p2 - p0) * u
            + (2 * p0 - 5 * p1 + 4 * p2 - p3) * u2
            + (3 * p1 - p0 - 3 * p2 + p3) * u3);
  }
}
