package dev.dreamzoom.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Waiting for a render process to reach its test-only hold (see TestHold in the frames package).
 */
public final class Held {
  private Held() {}

  /**
   * Returns once {@code held} exists; fails, with the process's log, if the process ends first or a
   * minute passes.
   */
  public static void await(Path held, Process p, Path log) throws Exception {
    for (int i = 0; i < 6000; i++) {
      if (Files.exists(held)) {
        return;
      }
      if (!p.isAlive()) {
        throw new AssertionError("the render ended before the hold: " + Files.readString(log));
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no hold within a minute: " + Files.readString(log));
  }
}
