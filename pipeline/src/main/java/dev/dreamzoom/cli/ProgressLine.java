package dev.dreamzoom.cli;

import java.io.PrintStream;

/**
 * Progress output: on a terminal one line rewritten in place; elsewhere (a log file, a pipe) one
 * plain line per update, with no carriage returns.
 */
final class ProgressLine {
  private final PrintStream out;
  private final boolean live;
  private int shown;

  ProgressLine(PrintStream out, boolean live) {
    this.out = out;
    this.live = live;
  }

  void update(String text) {
    if (live) {
      out.print("\r" + text + " ".repeat(Math.max(0, shown - text.length())));
      out.flush();
      shown = text.length();
    } else {
      out.println(text);
    }
  }

  /** A line that stays, after ending any live line. */
  void println(String text) {
    if (live && shown > 0) {
      out.println();
      shown = 0;
    }
    out.println(text);
  }
}
