package dev.dreamzoom.preset;

import dev.dreamzoom.audio.MusicVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small arithmetic expression over the frame variables {@code t} (frame index), {@code s}
 * (seconds) and {@code T} (total frames), and, when the preset has a soundtrack, the music's {@link
 * dev.dreamzoom.audio.MusicVariable}s, and a named stem's as {@code stem.variable} ({@code
 * drums.hit} reads {@code audio.drums}). Parsed by a recursive-descent parser of our own: numbers,
 * {@code + - * / % ^}, parentheses, {@code pi}, the functions {@code sin cos tan abs min max pow
 * exp log sqrt floor ceil clamp}, and the time-shaping {@link TimeShaping} functions {@code smooth
 * pulse ahead}. Nothing else is callable, so a preset cannot run code.
 */
@FunctionalInterface
public interface Expr {
  double eval(double t, double s, double total);

  /** Parses a whole string as one expression. */
  static Expr parse(String text) throws ScheduleException {
    return parse(text, Timeline.NONE);
  }

  /** Parses a whole string as one expression that may read the music and shape time. */
  static Expr parse(String text, Timeline timeline) throws ScheduleException {
    Parser p = new Parser(text, 0, timeline);
    Expr e = p.expression();
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peek() + "'");
    }
    return e;
  }

  /** Parses recursive-descent style from a position in a larger text (used by schedules). */
  final class Parser {
    private record Function(int minArgs, int maxArgs, Fn fn) {}

    @FunctionalInterface
    private interface Fn {
      double apply(double[] a);
    }

    private static final Map<String, Function> FUNCTIONS =
        Map.ofEntries(
            Map.entry("sin", new Function(1, 1, a -> Math.sin(a[0]))),
            Map.entry("cos", new Function(1, 1, a -> Math.cos(a[0]))),
            Map.entry("tan", new Function(1, 1, a -> Math.tan(a[0]))),
            Map.entry("abs", new Function(1, 1, a -> Math.abs(a[0]))),
            Map.entry("exp", new Function(1, 1, a -> Math.exp(a[0]))),
            Map.entry("log", new Function(1, 1, a -> Math.log(a[0]))),
            Map.entry("sqrt", new Function(1, 1, a -> Math.sqrt(a[0]))),
            Map.entry("floor", new Function(1, 1, a -> Math.floor(a[0]))),
            Map.entry("ceil", new Function(1, 1, a -> Math.ceil(a[0]))),
            Map.entry("pow", new Function(2, 2, a -> Math.pow(a[0], a[1]))),
            Map.entry(
                "min",
                new Function(
                    2,
                    8,
                    a -> {
                      double m = a[0];
                      for (double v : a) {
                        m = Math.min(m, v);
                      }
                      return m;
                    })),
            Map.entry(
                "max",
                new Function(
                    2,
                    8,
                    a -> {
                      double m = a[0];
                      for (double v : a) {
                        m = Math.max(m, v);
                      }
                      return m;
                    })),
            Map.entry("clamp", new Function(3, 3, a -> Math.max(a[1], Math.min(a[2], a[0])))));

    /** Limits that keep parsing and evaluation far from the stack's depth. */
    static final int MAX_NODES = 2000;

    static final int MAX_DEPTH = 64;

    /** Each smooth or pulse keeps a value per frame of the clip: a bound on their memory. */
    static final int MAX_SHAPING = 8;

    private final String text;
    private final Timeline timeline;
    private int pos;
    private int nodes;
    private int depth;
    private int shaping;

    public Parser(String text, int start) {
      this(text, start, Timeline.NONE);
    }

    public Parser(String text, int start, Timeline timeline) {
      this.text = text;
      this.pos = start;
      this.timeline = timeline;
    }

    public int position() {
      return pos;
    }

    /** The clip's rate and music that expressions read here. */
    public Timeline timeline() {
      return timeline;
    }

    public String text() {
      return text;
    }

    public boolean atEnd() {
      return pos >= text.length();
    }

    public char peek() {
      return text.charAt(pos);
    }

    public void skipSpace() {
      while (!atEnd() && Character.isWhitespace(peek())) {
        pos++;
      }
    }

    /** Consumes {@code c} (after spaces) if it is next. */
    public boolean accept(char c) {
      skipSpace();
      if (!atEnd() && peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    /** Counts a node of the expression tree, refusing trees too large to evaluate safely. */
    private Expr node(Expr e) throws ScheduleException {
      if (++nodes > MAX_NODES) {
        throw error("expression too long (more than " + MAX_NODES + " operations)");
      }
      return e;
    }

    private void enter() throws ScheduleException {
      if (++depth > MAX_DEPTH) {
        throw error("expression nested too deeply (more than " + MAX_DEPTH + " levels)");
      }
    }

    public ScheduleException error(String problem) {
      return new ScheduleException(problem, pos + 1, text);
    }

    /** expression := term (('+' | '-') term)* ; stops before a ',' or ')' it does not own. */
    public Expr expression() throws ScheduleException {
      Expr left = term();
      while (true) {
        if (accept('+')) {
          Expr l = left;
          Expr r = term();
          left = node((t, s, n) -> l.eval(t, s, n) + r.eval(t, s, n));
        } else if (accept('-')) {
          Expr l = left;
          Expr r = term();
          left = node((t, s, n) -> l.eval(t, s, n) - r.eval(t, s, n));
        } else {
          return left;
        }
      }
    }

    private Expr term() throws ScheduleException {
      Expr left = unary();
      while (true) {
        if (accept('*')) {
          Expr l = left;
          Expr r = unary();
          left = node((t, s, n) -> l.eval(t, s, n) * r.eval(t, s, n));
        } else if (accept('/')) {
          Expr l = left;
          Expr r = unary();
          left = node((t, s, n) -> l.eval(t, s, n) / r.eval(t, s, n));
        } else if (accept('%')) {
          Expr l = left;
          Expr r = unary();
          left = node((t, s, n) -> l.eval(t, s, n) % r.eval(t, s, n));
        } else {
          return left;
        }
      }
    }

    private Expr unary() throws ScheduleException {
      boolean minus = accept('-');
      if (!minus && !accept('+')) {
        return power();
      }
      enter();
      Expr e = unary();
      depth--;
      return minus ? node((t, s, n) -> -e.eval(t, s, n)) : e;
    }

    /**
     * power := primary ('^' unary)? — right-associative, binds tighter than unary minus on its
     * left.
     */
    private Expr power() throws ScheduleException {
      Expr base = primary();
      if (accept('^')) {
        Expr exponent = unary();
        return node((t, s, n) -> Math.pow(base.eval(t, s, n), exponent.eval(t, s, n)));
      }
      return base;
    }

    private Expr primary() throws ScheduleException {
      skipSpace();
      if (atEnd()) {
        throw error("expression ends too early");
      }
      char c = peek();
      if (c == '(') {
        enter();
        pos++;
        Expr inner = expression();
        depth--;
        if (!accept(')')) {
          throw error(atEnd() ? "missing ')'" : "expected ')' but found '" + peek() + "'");
        }
        return inner;
      }
      if (Character.isDigit(c) || c == '.') {
        return number();
      }
      if (Character.isLetter(c) || c == '_') {
        return identifier();
      }
      throw error("unexpected '" + c + "'");
    }

    private Expr number() throws ScheduleException {
      int start = pos;
      while (!atEnd() && (Character.isDigit(peek()) || peek() == '.')) {
        pos++;
      }
      if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
        int save = pos;
        pos++;
        if (!atEnd() && (peek() == '+' || peek() == '-')) {
          pos++;
        }
        if (atEnd() || !Character.isDigit(peek())) {
          pos = save;
        } else {
          while (!atEnd() && Character.isDigit(peek())) {
            pos++;
          }
        }
      }
      String literal = text.substring(start, pos);
      try {
        double v = Double.parseDouble(literal);
        return (t, s, n) -> v;
      } catch (NumberFormatException e) {
        pos = start;
        throw error("bad number '" + literal + "'");
      }
    }

    /** Letters, digits and underscores from the position on: a name. */
    private String name() {
      int start = pos;
      while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private Expr identifier() throws ScheduleException {
      int start = pos;
      String name = name();
      if (pos + 1 < text.length() && peek() == '.' && Character.isLetter(text.charAt(pos + 1))) {
        return stemVariable(start, name);
      }
      skipSpace();
      if (!atEnd() && peek() == '(') {
        Function f = FUNCTIONS.get(name);
        if (f == null && !TimeShaping.NAMES.contains(name)) {
          pos = start;
          java.util.Set<String> known = new java.util.TreeSet<>(FUNCTIONS.keySet());
          known.addAll(TimeShaping.NAMES);
          throw error("unknown function '" + name + "' (known: " + String.join(" ", known) + ")");
        }
        pos++;
        enter();
        List<Expr> args = new ArrayList<>();
        if (!accept(')')) {
          do {
            args.add(expression());
          } while (accept(','));
          if (!accept(')')) {
            throw error(
                atEnd()
                    ? "missing ')' after arguments of " + name
                    : "expected ',' or ')' but found '" + peek() + "'");
          }
        }
        depth--;
        if (f == null) {
          if (args.size() != TimeShaping.arity(name)) {
            pos = start;
            throw error(
                TimeShaping.usage(name)
                    + " takes "
                    + TimeShaping.arity(name)
                    + " arguments, got "
                    + args.size());
          }
          if (++shaping > MAX_SHAPING) {
            pos = start;
            throw error("at most " + MAX_SHAPING + " smooth, pulse or ahead in one value");
          }
          return node(TimeShaping.of(name, args, timeline));
        }
        if (args.size() < f.minArgs || args.size() > f.maxArgs) {
          pos = start;
          throw error(
              name
                  + " takes "
                  + (f.minArgs == f.maxArgs ? f.minArgs : f.minArgs + " to " + f.maxArgs)
                  + " argument"
                  + (f.maxArgs == 1 ? "" : "s")
                  + ", got "
                  + args.size());
        }
        Expr[] a = args.toArray(new Expr[0]);
        return node(
            (t, s, n) -> {
              double[] v = new double[a.length];
              for (int i = 0; i < a.length; i++) {
                v[i] = a[i].eval(t, s, n);
              }
              return f.fn.apply(v);
            });
      }
      return switch (name) {
        case "t" -> (t, s, n) -> t;
        case "s" -> (t, s, n) -> s;
        case "T" -> (t, s, n) -> n;
        case "pi" -> (t, s, n) -> Math.PI;
        default -> {
          Optional<MusicVariable> music = MusicVariable.named(name);
          if (music.isPresent()) {
            if (timeline.sound() == null) {
              pos = start;
              throw error(
                  "'" + name + "' reads the music: set audio = <a soundtrack> in the preset");
            }
            Sound sound = timeline.sound();
            MusicVariable v = music.get();
            yield (t, s, n) -> sound.value(v, (int) Math.floor(t + 1e-9));
          }
          pos = start;
          throw error(
              "unknown name '"
                  + name
                  + "' (use t, s, T or pi"
                  + (timeline.sound() == null
                      ? ""
                      : ", or the music's " + String.join(" ", MusicVariable.keys()))
                  + ")");
        }
      };
    }

    /**
     * {@code stem.variable}: a variable of the stem {@code audio.<stem>} names, e.g. {@code
     * drums.hit}.
     */
    private Expr stemVariable(int start, String stem) throws ScheduleException {
      pos++;
      int at = pos;
      String variable = name();
      Sound sound = timeline.stems().get(stem);
      if (sound == null) {
        pos = start;
        throw error(
            "'"
                + stem
                + "."
                + variable
                + "' reads a stem named "
                + stem
                + ": set audio."
                + stem
                + " = <its file> in the preset"
                + (timeline.stems().isEmpty()
                    ? ""
                    : " (stems here: "
                        + String.join(" ", new java.util.TreeSet<>(timeline.stems().keySet()))
                        + ")"));
      }
      MusicVariable v =
          MusicVariable.named(variable)
              .orElseThrow(
                  () -> {
                    pos = at;
                    return error(
                        "unknown music variable '"
                            + variable
                            + "' of stem "
                            + stem
                            + " (use "
                            + String.join(" ", MusicVariable.keys())
                            + ")");
                  });
      skipSpace();
      return (t, s, n) -> sound.value(v, (int) Math.floor(t + 1e-9));
    }
  }
}
