package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.testing.Held;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real render processes stopped by SIGTERM and SIGINT (Ctrl-C), and by losing their lock, at exact
 * points: each signal is sent while the process is held after a stored frame (TestHold), and the
 * test waits for the process to acknowledge it before letting it go on. The hold is in the frame
 * writer, which runs up to two frames behind the dreaming, so a stop lands after the held frame or
 * one of the (at most three) frames already dreamed; the log says which, and the checkpoint must
 * agree.
 */
@Tag("slow")
class SignalsAndLocksTest {
  private static final int FRAMES = 8;

  @TempDir Path dir;

  private Path preset() throws Exception {
    Path preset = dir.resolve("sig.properties");
    Files.writeString(
        preset,
        """
        name = sig
        seed = noise
        random.seed = 21
        width = 128
        height = 80
        frames = %d
        dream.octaves = 1
        dream.iterations = 2
        motion.zoom = 1.05
        encode.preset = ultrafast
        """
            .formatted(FRAMES));
    return preset;
  }

  private Path reference(Path preset) throws Exception {
    Path ref = dir.resolve("reference");
    CliTest.Run r = CliTest.render(preset, ref);
    assertEquals(0, r.code(), r.err());
    return ref.resolve("sig/frames");
  }

  private static void await(String what, Path log, Process p, Check check) throws Exception {
    for (int i = 0; i < 6000; i++) {
      if (check.ok()) {
        return;
      }
      if (!p.isAlive() && !check.ok()) {
        throw new AssertionError("the process ended before " + what + ": " + Files.readString(log));
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no " + what + " within a minute: " + Files.readString(log));
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void signal(Process p, String name) throws Exception {
    assertEquals(
        0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
  }

  private static List<Path> frames(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
  }

  private static void assertSameFrames(Path expected, Path actual) throws Exception {
    List<Path> e = frames(expected);
    List<Path> a = frames(actual);
    assertEquals(FRAMES, a.size());
    for (int i = 0; i < FRAMES; i++) {
      assertArrayEquals(
          Files.readAllBytes(e.get(i)), Files.readAllBytes(a.get(i)), "frame " + (i + 1));
    }
  }

  private static void resume(Path preset, Path out, int from) throws Exception {
    CliTest.Run r = CliTest.render(preset, out);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("resuming at frame " + from), r.out());
  }

  @Test
  void sigtermAndSigintStopAfterTheFrameWith143And130AndResumeExactly() throws Exception {
    Path preset = preset();
    Path reference = reference(preset);
    for (String[] c : new String[][] {{"TERM", "143", "frame:2"}, {"INT", "130", "frame:4"}}) {
      Path out = dir.resolve("out-" + c[0]);
      Path log = dir.resolve(c[0] + ".log");
      Process p =
          Subprocess.start(
              log,
              List.of("-Ddreamzoom.test.hold=" + c[2]),
              "render",
              preset.toString(),
              "--output",
              out.toString());
      Path held = out.resolve("sig/held");
      Held.await(held, p, log);
      signal(p, c[0]);
      await(
          "the stop notice",
          log,
          p,
          () -> Files.readString(log).contains("stopping after the frame in progress"));
      Files.delete(held);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(Integer.parseInt(c[1]), p.exitValue(), Files.readString(log));
      int heldAt = Integer.parseInt(c[2].substring(6));
      int stoppedAfter = stoppedAfter(Files.readString(log));
      assertTrue(stoppedAfter >= heldAt && stoppedAfter <= heldAt + 3, Files.readString(log));
      assertEquals(
          stoppedAfter, Checkpoint.read(out.resolve("sig/state/checkpoint.bin")).framesDone());
      assertEquals(stoppedAfter, frames(out.resolve("sig/frames")).size());
      assertFalse(Files.exists(out.resolve("sig.lock")), "lock released");
      resume(preset, out, stoppedAfter + 1);
      assertSameFrames(reference, out.resolve("sig/frames"));
    }
  }

  @Test
  void aSecondCtrlCStopsAtOnce() throws Exception {
    Path preset = preset();
    Path out = dir.resolve("out");
    Path log = dir.resolve("twice.log");
    Process p =
        Subprocess.start(
            log,
            List.of("-Ddreamzoom.test.hold=png:3"),
            "render",
            preset.toString(),
            "--output",
            out.toString());
    Path held = out.resolve("sig/held");
    Held.await(held, p, log);
    signal(p, "INT");
    await("the stop notice", log, p, () -> Files.readString(log).contains("press Ctrl-C again"));
    signal(p, "INT");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the second Ctrl-C did not stop it");
    assertEquals(130, p.exitValue());
    assertTrue(Files.exists(held), "stopped while still held in the middle of frame 3");
    Files.delete(held);
    // Frame 3's PNG was stored but not its checkpoint: the resume redoes frame 3.
    assertEquals(2, Checkpoint.read(out.resolve("sig/state/checkpoint.bin")).framesDone());
    resume(preset, out, 3);
    assertSameFrames(reference(preset), out.resolve("sig/frames"));
  }

  @Test
  void aRenderWhoseHeartbeatCannotBeWrittenStopsAfterTheFrameAndResumes() throws Exception {
    Path preset = preset();
    Path out = dir.resolve("out");
    Path log = dir.resolve("lost.log");
    Process p =
        Subprocess.start(
            log,
            List.of("-Ddreamzoom.test.hold=frame:2"),
            "render",
            preset.toString(),
            "--output",
            out.toString(),
            "--lock-stale-after",
            "2");
    Path held = out.resolve("sig/held");
    Held.await(held, p, log);
    // The lock stops being writable (as on a vanished mount): a folder where the file was.
    Path lock = out.resolve("sig.lock");
    Files.delete(lock);
    Files.createDirectories(lock.resolve("x"));
    await("the lost-lock notice", log, p, () -> Files.readString(log).contains("lost the lock"));
    Files.delete(held);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = Files.readString(log);
    assertEquals(1, p.exitValue(), text);
    assertTrue(
        text.contains("this process lost its lock: its heartbeat could not be written"), text);
    int stoppedAfter = stoppedAfter(text);
    assertTrue(stoppedAfter >= 2 && stoppedAfter <= 5, text);
    assertEquals(
        stoppedAfter, frames(out.resolve("sig/frames")).size(), "no frame dreamed after the loss");

    Files.delete(lock.resolve("x"));
    Files.delete(lock);
    resume(preset, out, stoppedAfter + 1);
    assertSameFrames(reference(preset), out.resolve("sig/frames"));
  }

  private static int stoppedAfter(String log) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("stopped after frame (\\d+); run again").matcher(log);
    assertTrue(m.find(), log);
    return Integer.parseInt(m.group(1));
  }
}
