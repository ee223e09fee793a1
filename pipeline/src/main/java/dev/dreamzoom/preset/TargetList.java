package dev.dreamzoom.preset;

/**
 * The items of the {@code dream.layers} and {@code filters} keys, {@code layer[#channel][:weight]},
 * read as the terms they stand for.
 */
final class TargetList {
  private TargetList() {}

  /** Layer names are operation names, free of ',:#()' and spaces. */
  static WeightedTerm item(Expr.Parser p, boolean filters) throws ScheduleException {
    Target target = target(p);
    double weight = 1.0;
    if (p.accept(':')) {
      weight = number(p, "a weight (a number) after '" + target.layer() + ":'");
      if (!Double.isFinite(weight)) {
        throw p.error("weight of " + target.layer() + " is not finite");
      }
    }
    return new WeightedTerm(filters ? new Term.Channel(target) : new Term.Layer(target), weight);
  }

  /** {@code layer[#channel]}. */
  static Target target(Expr.Parser p) throws ScheduleException {
    String layer = name(p, ",:#() \t", "a layer name");
    int channel = -1;
    if (p.accept('#')) {
      p.skipSpace();
      int start = p.position();
      while (!p.atEnd() && Character.isDigit(p.peek())) {
        p.accept(p.peek());
      }
      if (p.position() == start || p.position() - start > 6) {
        throw new ScheduleException("expected a channel number after '#'", start + 1, p.text());
      }
      channel = Integer.parseInt(p.text().substring(start, p.position()));
    }
    return new Target(layer, channel);
  }

  /** The text up to the next character of {@code stops}; an error if it is empty. */
  static String name(Expr.Parser p, String stops, String what) throws ScheduleException {
    p.skipSpace();
    int start = p.position();
    while (!p.atEnd() && stops.indexOf(p.peek()) < 0) {
      p.accept(p.peek());
    }
    if (p.position() == start) {
      throw p.error(
          p.atEnd() ? "expected " + what : "expected " + what + " but found '" + p.peek() + "'");
    }
    return p.text().substring(start, p.position()).strip();
  }

  /** A decimal number such as {@code 0.5}, {@code 2} or {@code 1e-3}. */
  static double number(Expr.Parser p, String what) throws ScheduleException {
    p.skipSpace();
    int start = p.position();
    String text = p.text();
    int i = start;
    if (i < text.length() && "+-".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    while (i < text.length()
        && ("0123456789.eE".indexOf(text.charAt(i)) >= 0
            || ("+-".indexOf(text.charAt(i)) >= 0 && "eE".indexOf(text.charAt(i - 1)) >= 0))) {
      i++;
    }
    while (p.position() < i) {
      p.accept(p.peek());
    }
    try {
      return Double.parseDouble(p.text().substring(start, p.position()));
    } catch (NumberFormatException e) {
      throw new ScheduleException("expected " + what, start + 1, p.text());
    }
  }
}
