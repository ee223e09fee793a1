package dev.dreamzoom.preset;

import java.util.List;

/** A preset that cannot be rendered, with every problem found (not just the first). */
public final class PresetException extends Exception {
  private final List<Problem> problems;

  public PresetException(String file, List<Problem> problems) {
    super(format(file, problems));
    this.problems = List.copyOf(problems);
  }

  public PresetException(String file, Problem problem) {
    this(file, List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String format(String file, List<Problem> problems) {
    StringBuilder sb = new StringBuilder("invalid preset ").append(file).append(':');
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
