package dev.dreamzoom.preset;

import java.util.Comparator;

/**
 * One thing to tell a user about a preset or a render: an error that stops it, a warning about
 * something used as read, or a note on what was done. Errors and warnings name the key and the
 * preset line where they have one, so every command prints them alike ({@code line 4: fps: ...}).
 *
 * @param key the preset key or command option it is about, or null
 * @param line the preset line, or 0 for none (a key left at its default, a file-level problem)
 */
public record Problem(Severity severity, String key, int line, String message) {
  public enum Severity {
    ERROR,
    WARNING,
    NOTE
  }

  /** By line, problems without one last, so a list reads top to bottom as the file does. */
  public static final Comparator<Problem> BY_LINE =
      Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line());

  public Problem {
    if (severity == null || message == null || message.isBlank()) {
      throw new IllegalArgumentException("a problem needs a severity and a message");
    }
    if (line < 0) {
      throw new IllegalArgumentException("line " + line);
    }
  }

  public static Problem error(String key, int line, String message) {
    return new Problem(Severity.ERROR, key, line, message);
  }

  /** An error about the file or the command as a whole. */
  public static Problem error(String message) {
    return new Problem(Severity.ERROR, null, 0, message);
  }

  public static Problem warning(String key, int line, String message) {
    return new Problem(Severity.WARNING, key, line, message);
  }

  public static Problem warning(String message) {
    return new Problem(Severity.WARNING, null, 0, message);
  }

  public static Problem note(String message) {
    return new Problem(Severity.NOTE, null, 0, message);
  }

  /**
   * How a command prints it: {@code error: } or {@code warning: } (a note as it is), then the
   * preset {@code file} where the problem is about one of its keys or lines.
   */
  public String describe(String file) {
    String where = file != null && (line > 0 || key != null) ? file + ": " : "";
    String kind =
        switch (severity) {
          case ERROR -> "error: ";
          case WARNING -> "warning: ";
          case NOTE -> "";
        };
    return kind + where + this;
  }

  /** {@code line N: key: message}, leaving out what it does not have. */
  @Override
  public String toString() {
    return (line > 0 ? "line " + line + ": " : "") + (key != null ? key + ": " : "") + message;
  }
}
