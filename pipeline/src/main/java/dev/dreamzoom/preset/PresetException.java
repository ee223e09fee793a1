package dev.dreamzoom.preset;

import java.util.List;

/** A preset that cannot be rendered, with every problem found (not just the first). */
public final class PresetException extends Exception {
  private final List<String> problems;

  public PresetException(String file, List<String> problems) {
    super(format(file, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(String file, List<String> problems) {
    StringBuilder sb = new StringBuilder("invalid preset ").append(file).append(':');
    for (String p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
