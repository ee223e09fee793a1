package dev.dreamzoom.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderLockTest {
  private static final Duration STALE = Duration.ofMinutes(10);

  @TempDir Path dir;

  @Test
  void oneHolderAtATimeAndReleasedOnClose() throws Exception {
    Path file = dir.resolve("a.lock");
    RenderLock first = RenderLock.tryAcquire(file, STALE).orElseThrow();
    try (first) {
      assertTrue(RenderLock.tryAcquire(file, STALE).isEmpty(), "a live lock is not taken");
      RenderLock.Holder h = RenderLock.holder(file).orElseThrow();
      assertEquals(ProcessHandle.current().pid(), h.pid());
      assertEquals(RenderLock.hostName(), h.host());
    }
    assertFalse(Files.exists(file));
    RenderLock again = RenderLock.tryAcquire(file, STALE).orElseThrow();
    assertTrue(Files.exists(file));
    again.close();
  }

  @Test
  void lockOfADeadProcessOnThisHostIsTakenOver() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path file = dir.resolve("b.lock");
    Files.writeString(file, "host=" + RenderLock.hostName() + "\npid=" + p.pid() + "\nsince=earlier\n");
    Optional<RenderLock> lock = RenderLock.tryAcquire(file, STALE);
    assertTrue(lock.isPresent(), "stale lock of exited pid " + p.pid());
    lock.get().close();
  }

  @Test
  void lockOfAnotherHostIsStaleOnlyWhenItsHeartbeatStopped() throws Exception {
    Path file = dir.resolve("c.lock");
    Files.writeString(file, "host=elsewhere\npid=1\nsince=earlier\n");
    assertTrue(RenderLock.tryAcquire(file, STALE).isEmpty(), "fresh heartbeat on another host");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
    Optional<RenderLock> lock = RenderLock.tryAcquire(file, STALE);
    assertTrue(lock.isPresent(), "heartbeat 11 minutes old");
    assertEquals(ProcessHandle.current().pid(), RenderLock.holder(file).orElseThrow().pid());
    lock.get().close();
  }

  @Test
  void closingDoesNotRemoveALockSomeoneElseTookOver() throws Exception {
    Path file = dir.resolve("d.lock");
    RenderLock mine = RenderLock.tryAcquire(file, STALE).orElseThrow();
    Files.writeString(file, "host=elsewhere\npid=7\nsince=now\n");
    mine.close();
    assertEquals(7, RenderLock.holder(file).orElseThrow().pid());
  }
}
