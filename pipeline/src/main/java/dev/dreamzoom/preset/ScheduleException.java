package dev.dreamzoom.preset;

/** A schedule or expression that does not parse; the message names the position and text. */
public final class ScheduleException extends Exception {
  private final int position;

  /**
   * @param position 1-based character position in {@code text}
   */
  public ScheduleException(String problem, int position, String text) {
    super("at position " + position + ": " + problem + " in '" + excerpt(text, position) + "'");
    this.position = position;
  }

  /** The text, or for a long one the part around the position, so a message stays readable. */
  static String excerpt(String text, int position) {
    if (text.length() <= 200) {
      return text;
    }
    int from = Math.max(0, position - 60);
    int to = Math.min(text.length(), position + 60);
    return (from > 0 ? "..." : "")
        + text.substring(from, to)
        + (to < text.length() ? "..." : "")
        + " ("
        + text.length()
        + " characters)";
  }

  public int position() {
    return position;
  }
}
