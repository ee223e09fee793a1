package dev.dreamzoom.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One contender in RenderLockTest's race, run as its own JVM: says it is ready, waits for the
 * starting file, tries the lock, prints "won" or "lost", and keeps a won lock a while so that
 * the losers meet it live.
 */
final class LockRace {
  private LockRace() {}

  public static void main(String[] args) throws Exception {
    Path lock = Path.of(args[0]);
    Path go = Path.of(args[1]);
    System.out.println("ready");
    System.out.flush();
    while (!Files.exists(go)) {
      Thread.onSpinWait();
    }
    Optional<RenderLock> l = RenderLock.tryAcquire(lock, Duration.ofMinutes(10));
    System.out.println(l.isPresent() ? "won" : "lost");
    System.out.flush();
    if (l.isPresent()) {
      Thread.sleep(3000);
      l.get().close();
    }
  }
}
