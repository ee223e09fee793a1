package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.encode.VideoInfo;
import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render killed with SIGKILL at any point and resumed gives the same bytes, frame for frame,
 * as a render that was never interrupted.
 */
@Tag("slow")
class ResumeTest {
  static final int FRAMES = 16;

  @TempDir Path dir;

  private Path preset() throws Exception {
    Path preset = dir.resolve("resume.properties");
    Files.writeString(preset, """
        name = resume
        seed = noise
        random.seed = 9
        width = 160
        height = 96
        frames = %d
        dream.octaves = 2
        dream.iterations = 3
        motion.zoom = 1.04
        motion.angle = 2
        encode.preset = ultrafast
        """.formatted(FRAMES));
    return preset;
  }

  private static List<Path> list(Path frames) throws Exception {
    try (Stream<Path> s = Files.list(frames)) {
      return s.sorted().toList();
    }
  }

  private static boolean hasTemporaryFile(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void waitFor(Path log, String text) throws Exception {
    for (int i = 0; i < 6000; i++) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("never saw '" + text + "' in " + Files.readString(log));
  }

  @Test
  void killedAnywhereAndResumedGivesIdenticalFrames() throws Exception {
    Path preset = preset();
    Path reference = dir.resolve("reference");
    CliTest.Run full = CliTest.run("render", preset.toString(), "--output", reference.toString(),
        "--model-mirror", Shared.models().toString());
    assertEquals(0, full.code(), full.err());

    Path out = dir.resolve("killed");
    Path frames = out.resolve("resume/frames");
    Path state = out.resolve("resume/state");
    // First SIGKILL while a frame is being written (its PNG's or checkpoint's temporary file exists)...
    Path log = dir.resolve("run-mid-write.log");
    Process p = Subprocess.start(log, "render", preset.toString(), "--output", out.toString());
    boolean midWrite = false;
    while (p.isAlive() && !midWrite) {
      midWrite = hasTemporaryFile(frames) || hasTemporaryFile(state);
    }
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertTrue(midWrite, "caught the process while writing a frame: " + Files.readString(log));
    int kills = 1;
    // ...then right after later frames were reported.
    for (int at : new int[] {6, 10, 13}) {
      log = dir.resolve("run-" + at + ".log");
      p = Subprocess.start(log, "render", preset.toString(), "--output", out.toString());
      waitFor(log, "frame " + at + "/");
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      kills++;
    }
    assertEquals(4, kills);

    Checkpoint before = Checkpoint.read(out.resolve("resume/state/checkpoint.bin"));
    assertTrue(before.framesDone() < FRAMES, "the render was really cut short: " + before.framesDone());
    CliTest.Run resumed = CliTest.run("render", preset.toString(), "--output", out.toString(),
        "--model-mirror", Shared.models().toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming at frame " + (before.framesDone() + 1)), resumed.out());

    List<Path> expected = list(reference.resolve("resume/frames"));
    List<Path> actual = list(frames);
    assertEquals(FRAMES, expected.size());
    assertEquals(expected.stream().map(f -> f.getFileName().toString()).toList(),
        actual.stream().map(f -> f.getFileName().toString()).toList(), "no stray files");
    for (int i = 0; i < FRAMES; i++) {
      assertArrayEquals(Files.readAllBytes(expected.get(i)), Files.readAllBytes(actual.get(i)),
          "frame " + (i + 1));
    }
    assertArrayEquals(
        Checkpoint.read(reference.resolve("resume/state/checkpoint.bin")).image().pixels(),
        Checkpoint.read(out.resolve("resume/state/checkpoint.bin")).image().pixels(),
        "full-precision state");
    assertEquals(FRAMES, VideoInfo.probe(out.resolve("resume/resume.mp4")).frames());
    assertFalse(Files.exists(out.resolve("resume.lock")), "lock released");
  }

  @Test
  void finishedRenderDoesNothingAndChangedPresetIsRefused() throws Exception {
    Path preset = preset();
    Path out = dir.resolve("out");
    String[] args = {"render", preset.toString(), "--output", out.toString(), "--model-mirror",
        Shared.models().toString()};
    assertEquals(0, CliTest.run(args).code());
    long modified = Files.getLastModifiedTime(out.resolve("resume/resume.mp4")).toMillis();

    CliTest.Run again = CliTest.run(args);
    assertEquals(0, again.code());
    assertTrue(again.out().contains("already finished; nothing to do"), again.out());
    assertEquals(modified, Files.getLastModifiedTime(out.resolve("resume/resume.mp4")).toMillis());

    Files.writeString(preset, Files.readString(preset).replace("motion.angle = 2", "motion.angle = 3"));
    CliTest.Run changed = CliTest.run(args);
    assertEquals(1, changed.code());
    assertTrue(changed.err().contains("was rendered from a different version of"), changed.err());
    assertTrue(changed.err().contains("--restart"), changed.err());

    String[] restart = {"render", preset.toString(), "--output", out.toString(), "--restart",
        "--model-mirror", Shared.models().toString()};
    CliTest.Run restarted = CliTest.run(restart);
    assertEquals(0, restarted.code(), restarted.err());
    try (Stream<Path> s = Files.list(out)) {
      List<String> names = s.map(f -> f.getFileName().toString()).sorted().toList();
      assertEquals(2, names.size(), names.toString());
      assertTrue(names.get(1).startsWith("resume.old-"), "moved aside, not deleted: " + names);
    }
    assertEquals(FRAMES, list(out.resolve(list(out).get(1).getFileName()).resolve("frames")).size());
  }
}
