package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one weighted sum of the {@code objective} key:
 *
 * <pre>
 * sum     := ['+' | '-'] product (('+' | '-') product)*
 * product := [number '*'] term
 * term    := layer(L[#C]) | channel(L[#C]) | neuron(L#C) | class(LABEL | INDEX)
 *          | guide(IMAGE, L) | style(IMAGE, L, ...) | content(L) | tv | l2
 * </pre>
 *
 * Every error names the position, as schedule errors do.
 */
final class ObjectiveParser {
  static final List<String> TERMS =
      List.of("layer", "channel", "neuron", "class", "guide", "style", "content", "tv", "l2");

  private final Expr.Parser p;
  private final Path dir;

  ObjectiveParser(Expr.Parser p, Path dir) {
    this.p = p;
    this.dir = dir;
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
      weight = TargetList.number(p, "a weight (a number)");
      if (!Double.isFinite(weight) || Math.abs(weight) > 1e6) {
        throw p.error("weight " + weight + " is out of range (at most 1e6)");
      }
      if (!p.accept('*')) {
        throw p.error("expected '*' between the weight and its term, as in 0.5*layer(L)");
      }
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
      throw p.error(p.atEnd() ? "expected a term such as layer(L)"
          : "expected a term such as layer(L) but found '" + p.peek() + "'");
    }
    if (!TERMS.contains(name)) {
      List<String> hint = Names.closest(name, TERMS, 1);
      throw new ScheduleException("unknown term '" + name + "'"
          + (hint.isEmpty() ? "" : " (did you mean '" + hint.get(0) + "'?)")
          + "; terms: " + String.join(", ", TERMS), start + 1, p.text());
    }
    if (name.equals("tv") || name.equals("l2")) {
      return name.equals("tv") ? new Term.TotalVariation() : new Term.L2();
    }
    if (!p.accept('(')) {
      throw p.error("expected '(' after " + name);
    }
    Term term = switch (name) {
      case "layer" -> new Term.Layer(TargetList.target(p));
      case "channel" -> new Term.Channel(TargetList.target(p));
      case "neuron" -> neuron();
      case "class" -> classTerm();
      case "guide" -> new Term.Guide(image(), nextLayer());
      case "style" -> style();
      default -> new Term.Content(layer());
    };
    if (!p.accept(')')) {
      throw p.error(p.atEnd() ? "missing ')' after the arguments of " + name
          : "unexpected '" + p.peek() + "' in " + name + "(...)");
    }
    return term;
  }

  private Term neuron() throws ScheduleException {
    int at = p.position();
    Target t = TargetList.target(p);
    if (t.wholeLayer()) {
      throw new ScheduleException("neuron(...) needs a channel: neuron(layer#channel)", at + 1, p.text());
    }
    return new Term.Neuron(t);
  }

  private Term classTerm() throws ScheduleException {
    String label = TargetList.name(p, ",()", "a class label or logit index");
    if (label.matches("\\d{1,6}")) {
      return new Term.ClassLogit(null, Integer.parseInt(label));
    }
    return new Term.ClassLogit(label, -1);
  }

  private Term style() throws ScheduleException {
    Path image = image();
    List<String> layers = new ArrayList<>();
    do {
      if (!p.accept(',')) {
        throw p.error("expected ', layer' after the style image");
      }
      layers.add(layer());
    } while (!p.atEnd() && peekAfterSpace() == ',');
    return new Term.Style(image, layers);
  }

  private char peekAfterSpace() {
    p.skipSpace();
    return p.atEnd() ? 0 : p.peek();
  }

  private String nextLayer() throws ScheduleException {
    if (!p.accept(',')) {
      throw p.error("expected ', layer' after the image");
    }
    return layer();
  }

  private String layer() throws ScheduleException {
    return TargetList.name(p, ",:#() \t", "a layer name");
  }

  /** An image path, relative to the preset's folder; checked by the preset parser. */
  private Path image() throws ScheduleException {
    int at = p.position();
    String path = TargetList.name(p, ",()", "an image path");
    try {
      return dir.resolve(path).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new ScheduleException("not a usable file path: " + e.getReason(), at + 1, p.text());
    }
  }
}
