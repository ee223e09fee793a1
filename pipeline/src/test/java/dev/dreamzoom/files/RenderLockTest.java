package dev.dreamzoom.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Tmpfs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    Files.writeString(
        file, "host=" + RenderLock.hostName() + "\npid=" + p.pid() + "\nsince=earlier\n");
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

  @Test
  void emptyGarbageAndUnreadableLocksAreTakenOverAtOnceSayingWhy() throws Exception {
    Path empty = dir.resolve("empty.lock");
    Files.write(empty, new byte[0]);
    try (RenderLock l = RenderLock.tryAcquire(empty, STALE).orElseThrow()) {
      assertTrue(l.takeover().orElseThrow().contains("empty"), l.takeover().toString());
    }
    Path garbage = dir.resolve("garbage.lock");
    Files.writeString(garbage, "pid=twelve\nnonsense\n");
    try (RenderLock l = RenderLock.tryAcquire(garbage, STALE).orElseThrow()) {
      assertTrue(
          l.takeover().orElseThrow().contains("did not say who holds it"), l.takeover().toString());
    }
    Path binary = dir.resolve("binary.lock");
    Files.write(binary, new byte[] {(byte) 0xff, 0, 'x', '\n', 'p', 'i', 'd', '='});
    try (RenderLock l = RenderLock.tryAcquire(binary, STALE).orElseThrow()) {
      assertTrue(l.takeover().orElseThrow().contains("could not be read"), l.takeover().toString());
    }
    Path folder = dir.resolve("folder.lock");
    Files.createDirectories(folder.resolve("inside"));
    try (RenderLock l = RenderLock.tryAcquire(folder, STALE).orElseThrow()) {
      assertTrue(l.takeover().orElseThrow().contains("could not be read"), l.takeover().toString());
      assertTrue(Files.isRegularFile(folder));
    }
  }

  @Test
  void aStaleHolderIsNamedInTheReason() throws Exception {
    Path file = dir.resolve("old.lock");
    Files.writeString(file, "host=elsewhere\npid=77\nsince=yesterday\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
    try (RenderLock l = RenderLock.tryAcquire(file, STALE).orElseThrow()) {
      assertTrue(
          l.takeover()
              .orElseThrow()
              .matches(
                  "its holder, process 77 on elsewhere since yesterday, last touched it 1[89]\\d\\d s ago.*"),
          l.takeover().toString());
    }
  }

  @Test
  void aFullDiskAtCreationLeavesNoLock() throws Exception {
    try (Tmpfs disk = Tmpfs.mount(dir.resolve("full"), "size=64k")) {
      Path mount = disk.dir();
      try {
        Files.write(
            mount.resolve("filler"),
            new byte[64 * 1024 + 1],
            java.nio.file.StandardOpenOption.CREATE);
      } catch (IOException expected) {
        // Full now, as intended.
      }
      Path file = mount.resolve("a.lock");
      IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IOException.class, () -> RenderLock.tryAcquire(file, STALE));
      assertTrue(e.getMessage().contains("cannot write the lock " + file), e.getMessage());
      try (var s = Files.list(mount)) {
        assertEquals(
            List.of("filler"),
            s.map(p -> p.getFileName().toString()).toList(),
            "no lock and no temporary file left");
      }
    }
  }

  @Test
  void aHeartbeatThatCannotBeWrittenMarksTheLockLostWithinHalfTheStaleTime() throws Exception {
    Path file = dir.resolve("beat.lock");
    AtomicInteger beats = new AtomicInteger();
    Heartbeat.Beat failing =
        (f, content) -> {
          if (beats.incrementAndGet() > 2) {
            throw new IOException("No space left on device");
          }
        };
    try (RenderLock l = RenderLock.tryAcquire(file, Duration.ofSeconds(2), failing).orElseThrow()) {
      long start = System.nanoTime();
      while (l.lost().isEmpty() && System.nanoTime() - start < 5_000_000_000L) {
        Thread.sleep(20);
      }
      assertTrue(beats.get() > 3, "the heartbeat went on after its first failure: " + beats.get());
      String why = l.lost().orElseThrow();
      assertTrue(
          why.contains("could not be written") && why.contains("No space left on device"), why);
    }
  }

  @Test
  void aHolderNoticesItsLockWasTakenOver() throws Exception {
    Path file = dir.resolve("taken.lock");
    try (RenderLock l = RenderLock.tryAcquire(file, Duration.ofSeconds(2)).orElseThrow()) {
      Files.writeString(file, "host=elsewhere\npid=5\nsince=now\n");
      long start = System.nanoTime();
      while (l.lost().isEmpty() && System.nanoTime() - start < 3_000_000_000L) {
        Thread.sleep(20);
      }
      assertTrue(l.lost().orElseThrow().contains("process 5 on elsewhere"), l.lost().toString());
    }
  }

  /** Real processes judge one stale lock at the same instant; exactly one may win. */
  @Test
  void ofManyProcessesTakingOverOneStaleLockExactlyOneWins() throws Exception {
    for (String stale : new String[] {"", "host=elsewhere\npid=3\nsince=long ago\n"}) {
      Path file = dir.resolve("race.lock");
      Path go = dir.resolve("go");
      Path release = dir.resolve("release");
      Files.deleteIfExists(go);
      Files.deleteIfExists(release);
      Files.writeString(file, stale);
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
      List<Process> racers = new ArrayList<>();
      List<BufferedReader> outs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Process p =
            new ProcessBuilder(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    LockRace.class.getName(),
                    file.toString(),
                    go.toString(),
                    release.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        racers.add(p);
        outs.add(
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      }
      for (BufferedReader r : outs) {
        assertEquals("ready", r.readLine());
      }
      Files.createFile(go);
      int won = 0;
      for (int i = 0; i < outs.size(); i++) {
        String result = outs.get(i).readLine();
        // null: the racer died; its stack trace went to this test's stderr.
        assertTrue("won".equals(result) || "lost".equals(result), "racer " + i + " said " + result);
        won += result.equals("won") ? 1 : 0;
      }
      Files.createFile(release);
      for (Process p : racers) {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
      assertEquals(1, won, "winners over stale lock '" + stale.strip() + "'");
      assertFalse(Files.exists(file), "released by the winner");
      try (var s = Files.list(dir)) {
        assertEquals(
            List.of("go", "release"),
            s.map(p -> p.getFileName().toString()).sorted().toList(),
            "no debris");
      }
    }
  }
}
