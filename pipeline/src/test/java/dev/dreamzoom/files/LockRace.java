package dev.dreamzoom.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One contender in RenderLockTest's race, run as its own JVM: says it is ready, waits for the
 * starting file, tries the lock, prints "won" or "lost", and keeps a won lock until the release
 * file appears, so that every loser meets it live however slowly a busy machine runs it.
 */
final class LockRace {
  private LockRace() {}

  public static void main(String[] args) throws Exception {
    Path lock = Path.of(args[0]);
    Path go = Path.of(args[1]);
    Path release = Path.of(args[2]);
    System.out.println("ready");
    System.out.flush();
    while (!Files.exists(go)) {
      Thread.onSpinWait();
    }
    Optional<RenderLock> l = RenderLock.tryAcquire(lock, Duration.ofMinutes(10));
    System.out.println(l.isPresent() ? "won" : "lost");
    System.out.flush();
    if (l.isPresent()) {
      while (!Files.exists(release)) {
        Thread.sleep(20);
      }
      l.get().close();
    }
  }
}
