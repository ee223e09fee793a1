package dev.dreamzoom.preset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A mask drawn from shapes in frame coordinates (0..1 across, 0..1 down): {@code ellipse(cx, cy,
 * rx, ry)} and {@code rect(x0, y0, x1, y1)}, whose numbers are schedule expressions read at each
 * frame (so {@code ellipse(0.5, 0.5, 0.2 + 0.1*smooth(bass, 0.05, 0.3), 0.25)} breathes with the
 * music), combined with {@code max}, {@code min}, {@code +}, {@code -}, {@code *}, parentheses and
 * plain numbers ({@code 1 - rect(...)} is everything but the rectangle). A shape is 1 inside and 0
 * outside, sampled at each pixel's centre; the result is clamped to 0..1.
 */
public final class MaskShape {
  /** A shape with its numbers read at one frame. */
  @FunctionalInterface
  private interface Drawn {
    double at(double x, double y);
  }

  /** A shape whose numbers are still schedules. */
  @FunctionalInterface
  private interface Node {
    Drawn at(int t, double s, double total);
  }

  private final String text;
  private final Node root;

  private MaskShape(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /** True when {@code value} reads as a shape expression rather than a file name or a keyword. */
  public static boolean looksLikeShape(String value) {
    return value.contains("(");
  }

  /**
   * Parses a shape expression.
   *
   * @throws ScheduleException naming the position of an unknown function, a missing argument or a
   *     stray character
   */
  public static MaskShape parse(String text, Timeline timeline) throws ScheduleException {
    Expr.Parser p = new Expr.Parser(text, 0, timeline);
    Node root = new ShapeParser(p).sum();
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peek() + "'");
    }
    return new MaskShape(text, root);
  }

  /**
   * The mask at frame {@code t} over a {@code width x height} canvas whose frame (the part
   * coordinates 0..1 refer to) lies {@code margin} pixels inside each edge: one weight 0..1 per
   * pixel, row by row.
   *
   * @param fps frames per second, for schedules that read seconds
   * @param total frames in the clip
   * @throws IllegalArgumentException when a shape's size is not above 0 at this frame
   */
  public float[] draw(int t, double fps, int total, int width, int height, int margin) {
    Drawn d = root.at(t, t / fps, total);
    int fw = width - 2 * margin;
    int fh = height - 2 * margin;
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      double v = (y - margin + 0.5) / fh;
      for (int x = 0; x < width; x++) {
        double u = (x - margin + 0.5) / fw;
        double m = d.at(u, v);
        out[y * width + x] = (float) (m > 1 ? 1 : m > 0 ? m : 0);
      }
    }
    return out;
  }

  /**
   * Reads the shape's numbers at frame {@code t} without drawing it: a preset's check of every
   * frame.
   *
   * @throws IllegalArgumentException when a shape's size is not above 0 at this frame
   */
  public void check(int t, double fps, int total) {
    root.at(t, t / fps, total);
  }

  @Override
  public String toString() {
    return text;
  }

  /** sum := product (('+' | '-') product)* ; product := atom ('*' atom)* */
  private record ShapeParser(Expr.Parser p) {
    Node sum() throws ScheduleException {
      Node left = product();
      while (true) {
        if (p.accept('+')) {
          Node l = left;
          Node r = product();
          left = combine(l, r, Double::sum);
        } else if (p.accept('-')) {
          Node l = left;
          Node r = product();
          left = combine(l, r, (a, b) -> a - b);
        } else {
          return left;
        }
      }
    }

    private Node product() throws ScheduleException {
      Node left = atom();
      while (p.accept('*')) {
        Node l = left;
        Node r = atom();
        left = combine(l, r, (a, b) -> a * b);
      }
      return left;
    }

    private static Node combine(Node l, Node r, java.util.function.DoubleBinaryOperator op) {
      return (t, s, n) -> {
        Drawn a = l.at(t, s, n);
        Drawn b = r.at(t, s, n);
        return (x, y) -> op.applyAsDouble(a.at(x, y), b.at(x, y));
      };
    }

    private Node atom() throws ScheduleException {
      p.skipSpace();
      if (p.atEnd()) {
        throw p.error("expected a shape (ellipse, rect, max, min), a number or '('");
      }
      if (p.accept('(')) {
        Node inner = sum();
        if (!p.accept(')')) {
          throw p.error("expected ')'");
        }
        return inner;
      }
      char c = p.peek();
      if (Character.isDigit(c) || c == '.') {
        double v = number();
        return (t, s, n) -> (x, y) -> v;
      }
      if (!Character.isLetter(c)) {
        throw p.error("unexpected '" + c + "': expected a shape (ellipse, rect, max, min)");
      }
      int at = p.position();
      String name = word();
      if (!p.accept('(')) {
        throw p.error("expected '(' after " + name);
      }
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "ellipse" -> ellipse(numbers(name, 4));
        case "rect" -> rect(numbers(name, 4));
        case "max" -> extreme(shapes(name), true);
        case "min" -> extreme(shapes(name), false);
        default ->
            throw new ScheduleException(
                "unknown mask function '"
                    + name
                    + "': a mask is ellipse(cx, cy, rx, ry), rect(x0, y0, x1, y1), combined with"
                    + " max, min, +, -, * and numbers",
                at + 1,
                p.text());
      };
    }

    private String word() {
      StringBuilder b = new StringBuilder();
      while (!p.atEnd() && Character.isLetterOrDigit(p.peek())) {
        b.append(p.peek());
        p.accept(p.peek());
      }
      return b.toString();
    }

    private double number() throws ScheduleException {
      int start = p.position();
      StringBuilder b = new StringBuilder();
      while (!p.atEnd() && (Character.isDigit(p.peek()) || p.peek() == '.')) {
        b.append(p.peek());
        p.accept(p.peek());
      }
      try {
        return Double.parseDouble(b.toString());
      } catch (NumberFormatException e) {
        throw new ScheduleException("not a number: " + b, start + 1, p.text());
      }
    }

    /** {@code count} schedule expressions separated by commas, then ')'. */
    private Expr[] numbers(String name, int count) throws ScheduleException {
      Expr[] out = new Expr[count];
      for (int i = 0; i < count; i++) {
        if (i > 0 && !p.accept(',')) {
          throw p.error(name + " takes " + count + " numbers, got " + i);
        }
        out[i] = p.expression();
      }
      if (!p.accept(')')) {
        throw p.error(name + " takes " + count + " numbers: expected ')'");
      }
      return out;
    }

    /** Two to eight shapes separated by commas, then ')'. */
    private List<Node> shapes(String name) throws ScheduleException {
      List<Node> out = new ArrayList<>();
      do {
        out.add(sum());
      } while (p.accept(',') && out.size() < 8);
      if (!p.accept(')')) {
        throw p.error(name + " takes two to eight masks: expected ')'");
      }
      if (out.size() < 2) {
        throw p.error(name + " takes two to eight masks, got one");
      }
      return out;
    }

    private static Node ellipse(Expr[] a) {
      return (t, s, n) -> {
        double cx = a[0].eval(t, s, n);
        double cy = a[1].eval(t, s, n);
        double rx = positive(a[2].eval(t, s, n), "ellipse's rx", t);
        double ry = positive(a[3].eval(t, s, n), "ellipse's ry", t);
        return (x, y) -> {
          double dx = (x - cx) / rx;
          double dy = (y - cy) / ry;
          return dx * dx + dy * dy <= 1 ? 1 : 0;
        };
      };
    }

    private static Node rect(Expr[] a) {
      return (t, s, n) -> {
        double x0 = a[0].eval(t, s, n);
        double y0 = a[1].eval(t, s, n);
        double x1 = a[2].eval(t, s, n);
        double y1 = a[3].eval(t, s, n);
        if (!(x1 > x0) || !(y1 > y0)) {
          throw new IllegalArgumentException(
              "rect(x0, y0, x1, y1) needs x1 > x0 and y1 > y0; at frame "
                  + t
                  + " it is rect("
                  + x0
                  + ", "
                  + y0
                  + ", "
                  + x1
                  + ", "
                  + y1
                  + ")");
        }
        return (x, y) -> x >= x0 && x < x1 && y >= y0 && y < y1 ? 1 : 0;
      };
    }

    private static double positive(double v, String what, int t) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException(
            what + " must be above 0; at frame " + t + " it is " + v);
      }
      return v;
    }

    private static Node extreme(List<Node> parts, boolean max) {
      return (t, s, n) -> {
        List<Drawn> d = new ArrayList<>();
        for (Node part : parts) {
          d.add(part.at(t, s, n));
        }
        return (x, y) -> {
          double m = d.get(0).at(x, y);
          for (int i = 1; i < d.size(); i++) {
            double v = d.get(i).at(x, y);
            m = max ? Math.max(m, v) : Math.min(m, v);
          }
          return m;
        };
      };
    }
  }
}
