package dev.dreamzoom.frames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test-only pause at an exact point of storing frames, so that tests can kill a real render
 * process there instead of racing its log. Set the system property {@code
 * dreamzoom.test.hold=POINT:N} with POINT {@code png} (frame N's PNG is stored, its checkpoint not
 * yet) or {@code frame} (frame N and its checkpoint are stored): the process then writes {@code
 * <render folder>/held} and waits until it is killed. Without the property nothing happens.
 */
final class TestHold {
  private static final String PROPERTY = "dreamzoom.test.hold";

  private TestHold() {}

  static void at(String point, int frameNumber, Path renderDir) throws IOException {
    String hold = System.getProperty(PROPERTY);
    if (hold == null || !hold.equals(point + ":" + frameNumber)) {
      return;
    }
    Path held = renderDir.resolve("held");
    Files.writeString(held, hold + "\n");
    try {
      while (Files.exists(held)) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while held at " + hold, e);
    }
  }
}
