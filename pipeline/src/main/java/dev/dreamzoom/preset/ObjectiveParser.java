package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one weighted sum of the {@code objective} key:
 *
 * <pre>
 * sum     := ['+' | '-'] product (('+' | '-') product)*
 * product := [number '*'] ['(' expression ')' '*'] term   (an expression is read per frame)
 * term    := NAME | NAME '(' arguments ')'    (one per {@link TermSyntax#ALL} row)
 * </pre>
 *
 * Every error names the position, as schedule errors do.
 */
final class ObjectiveParser implements TermSyntax.Arguments {
  private final Expr.Parser p;
  private final Path dir;
  private final int total;

  /**
   * @param total the clip's frames, for {@code T} in weights that are expressions
   */
  ObjectiveParser(Expr.Parser p, Path dir, int total) {
    this.p = p;
    this.dir = dir;
    this.total = total;
  }

  List<WeightedTerm> sum() throws ScheduleException {
    List<WeightedTerm> terms = new ArrayList<>();
    double sign = p.accept('-') ? -1 : 1;
    if (sign > 0) {
      p.accept('+');
    }
    while (true) {
      terms.add(product(sign));
      if (p.accept('+')) {
        sign = 1;
      } else if (p.accept('-')) {
        sign = -1;
      } else {
        return terms;
      }
    }
  }

  private WeightedTerm product(double sign) throws ScheduleException {
    p.skipSpace();
    double weight = 1;
    if (!p.atEnd() && (Character.isDigit(p.peek()) || p.peek() == '.')) {
      int numberAt = p.position();
      weight = TargetList.number(p, "a weight (a number)");
      if (!Double.isFinite(weight) || Math.abs(weight) > 1e6) {
        throw p.error("weight " + weight + " is out of range (at most 1e6)");
      }
      p.skipSpace();
      if (!p.atEnd() && p.peek() == ':') {
        throw p.error(
            "a keyframe's frame number is a whole number, 0 or more, as in 0:(layer(L)), 30:(tv);"
                + " got '"
                + (sign < 0 ? "-" : "")
                + p.text().substring(numberAt, p.position()).strip()
                + ":'");
      }
      if (!p.accept('*')) {
        throw p.error("expected '*' between the weight and its term, as in 0.5*layer(L)");
      }
      p.skipSpace();
      if (!p.atEnd() && (Character.isDigit(p.peek()) || p.peek() == '.')) {
        throw p.error("one weight per term: multiply it out (e.g. 6*layer(L), not 2*3*layer(L))");
      }
    }
    if (p.accept('(')) {
      Expr factor = p.expression();
      if (!p.accept(')')) {
        throw p.error(
            p.atEnd()
                ? "missing ')' after the weight"
                : "expected ')' after the weight but found '" + p.peek() + "'");
      }
      if (!p.accept('*')) {
        throw p.error("expected '*' between the weight and its term, as in (0.5 + bass)*layer(L)");
      }
      double fps = p.timeline().fps();
      return new WeightedTerm(term(), sign * weight, t -> factor.eval(t, t / fps, total));
    }
    return new WeightedTerm(term(), sign * weight);
  }

  private Term term() throws ScheduleException {
    p.skipSpace();
    int start = p.position();
    while (!p.atEnd() && (Character.isLetterOrDigit(p.peek()) || p.peek() == '_')) {
      p.accept(p.peek());
    }
    String name = p.text().substring(start, p.position());
    if (name.isEmpty()) {
      throw p.error(
          p.atEnd()
              ? "expected a term such as layer(L)"
              : "expected a term such as layer(L) but found '" + p.peek() + "'");
    }
    List<String> names = TermSyntax.names();
    TermSyntax syntax =
        TermSyntax.named(name)
            .orElseThrow(
                () -> {
                  List<String> hint = Names.closest(name, names, 1);
                  return new ScheduleException(
                      "unknown term '"
                          + name
                          + "'"
                          + (hint.isEmpty() ? "" : " (did you mean '" + hint.get(0) + "'?)")
                          + "; terms: "
                          + String.join(", ", names),
                      start + 1,
                      p.text());
                });
    if (syntax.bare()) {
      return syntax.reader().read(this);
    }
    if (!p.accept('(')) {
      throw p.error("expected '(' after " + name);
    }
    Term term = syntax.reader().read(this);
    if (!p.accept(')')) {
      throw p.error(
          p.atEnd()
              ? "missing ')' after the arguments of " + name
              : "unexpected '" + p.peek() + "' in " + name + "(...)");
    }
    return term;
  }

  @Override
  public Target target() throws ScheduleException {
    return TargetList.target(p);
  }

  @Override
  public Target channelTarget(String term) throws ScheduleException {
    int at = p.position();
    Target t = TargetList.target(p);
    if (t.wholeLayer()) {
      throw new ScheduleException(
          term + "(...) needs a channel: " + term + "(layer#channel)", at + 1, p.text());
    }
    return t;
  }

  @Override
  public String label() throws ScheduleException {
    return TargetList.name(p, ",()", "a class label or logit index");
  }

  @Override
  public boolean more() {
    p.skipSpace();
    return !p.atEnd() && p.peek() == ',';
  }

  @Override
  public String nextLayer(String after) throws ScheduleException {
    if (!p.accept(',')) {
      throw p.error("expected ', layer' after " + after);
    }
    return layer();
  }

  @Override
  public String layer() throws ScheduleException {
    return TargetList.name(p, ",:#() \t", "a layer name");
  }

  /** An image path, relative to the preset's folder; checked by the preset parser. */
  @Override
  public Path image() throws ScheduleException {
    int at = p.position();
    String path = TargetList.name(p, ",()", "an image path");
    try {
      return PresetReader.resolve(dir, path);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ScheduleException("not a usable file path: " + e.getReason(), at + 1, p.text());
    }
  }
}
