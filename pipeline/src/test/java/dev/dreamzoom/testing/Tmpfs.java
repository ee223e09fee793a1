package dev.dreamzoom.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for one test (a real full or read-only disk); needs root, else the test is
 * reported skipped. Unmounted on close.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  public static Tmpfs mount(Path dir, String options) throws Exception {
    Files.createDirectories(dir);
    Process m =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    Required.orSkip(m.waitFor() == 0, "needs root to mount a tmpfs (" + options + "); skipped");
    return new Tmpfs(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Changes the mount's options, e.g. {@code size=20m} to free space. */
  public void remount(String options) throws Exception {
    Process m = new ProcessBuilder("mount", "-o", "remount," + options, dir.toString()).start();
    if (m.waitFor() != 0) {
      throw new IllegalStateException("remount " + options + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    new ProcessBuilder("umount", dir.toString()).start().waitFor();
  }
}
