package dev.dreamzoom.cli;

/**
 * What commands need from the process around them: whether the user asked to stop (and the exit
 * code that then applies), and whether progress may be drawn as a live terminal line.
 */
record Context(Interrupts interrupts, boolean liveProgress) {
  /** No signals, plain progress lines: for tests and embedding. */
  static Context plain() {
    return new Context(Interrupts.none(), false);
  }
}
