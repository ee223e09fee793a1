package dev.dreamzoom.cli;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM: the first asks the render to stop once the frame in progress is
 * stored, leaving everything resumable, and the program then exits with 128 + the signal number
 * (130, 143); a second one stops at once, which is safe because every file is written atomically.
 */
final class Interrupts implements BooleanSupplier {
  private final PrintStream err;
  private volatile int signal;

  private Interrupts(PrintStream err) {
    this.err = err;
  }

  /** Never asks to stop: for tests and embedding. */
  static Interrupts none() {
    return new Interrupts(null);
  }

  /** Takes over SIGINT and SIGTERM for this process. */
  static Interrupts install(PrintStream err) {
    Interrupts i = new Interrupts(err);
    Signal.handle(new Signal("INT"), s -> i.received(2));
    Signal.handle(new Signal("TERM"), s -> i.received(15));
    return i;
  }

  private void received(int number) {
    if (signal != 0) {
      Runtime.getRuntime().halt(128 + signal);
    }
    signal = number;
    err.println();
    err.println(
        "stopping after the frame in progress; the render resumes where it stopped"
            + " (press Ctrl-C again to stop at once)");
  }

  @Override
  public boolean getAsBoolean() {
    return signal != 0;
  }

  /** The exit code for the signal received. */
  int exitCode() {
    return 128 + signal;
  }
}
