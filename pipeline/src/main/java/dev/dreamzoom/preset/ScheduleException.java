package dev.dreamzoom.preset;

/** A schedule or expression that does not parse; the message names the position and text. */
public final class ScheduleException extends Exception {
  private final int position;

  /**
   * @param position 1-based character position in {@code text}
   */
  public ScheduleException(String problem, int position, String text) {
    super("at position " + position + ": " + problem + " in '" + text + "'");
    this.position = position;
  }

  public int position() {
    return position;
  }
}
