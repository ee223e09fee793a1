package dev.dreamzoom.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.SlurmCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/slurm-array.sh} submitted, exactly as its header shows, to a real single-node
 * Slurm cluster: every preset of the queue is rendered once; a task cancelled in the middle of a
 * render and resubmitted alone resumes, stops cleanly (143) on the signal the script asks Slurm to
 * send before the time limit, and once resubmitted again finishes with the same bytes as an
 * uninterrupted render.
 */
@Tag("slow")
@Tag("slurm")
class SlurmArrayTest {
  private static final List<String> NAMES = List.of("slurm-a", "slurm-b", "slurm-c");
  private static final int FRAMES = 10;

  @TempDir Path dir;

  private Path queue() throws Exception {
    Path presets = Files.createDirectories(dir.resolve("presets"));
    StringBuilder list = new StringBuilder("# the night's queue\n");
    for (int i = 0; i < NAMES.size(); i++) {
      Files.writeString(
          presets.resolve(NAMES.get(i) + ".properties"),
          """
          name = %s
          seed = noise
          random.seed = %d
          width = 96
          height = 64
          frames = %d
          dream.octaves = 1
          dream.iterations = 2
          motion.zoom = 1.05
          encode.preset = ultrafast
          """
              .formatted(NAMES.get(i), 11 + i, FRAMES));
      list.append("presets/").append(NAMES.get(i)).append(".properties\n");
    }
    Path queue = dir.resolve("queue.txt");
    Files.writeString(queue, list);
    return queue;
  }

  private static String log(Path submitDir, String job, int task) throws Exception {
    Path f = submitDir.resolve("dreamzoom-" + job + "_" + task + ".log");
    return Files.exists(f) ? Files.readString(f) : "(no log " + f + ")";
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void arrayRendersEveryPresetOnceAndAResubmittedTaskResumesExactly() throws Exception {
    Path script = Path.of("scripts/slurm-array.sh").toAbsolutePath();
    Path queue = queue();
    // sbatch runs in a folder outside the project, as on a cluster: the script must still find it.
    Path submitDir = Files.createDirectories(dir.resolve("submit"));
    String models = Shared.models().toString();
    try (SlurmCluster slurm = SlurmCluster.start(dir.resolve("slurm"))) {
      Map<String, String> env = new HashMap<>(slurm.env());
      env.put("DREAMZOOM_JAVA_OPTS", "-Xmx2g");

      Path out = dir.resolve("output");
      String job =
          slurm.sbatch(
              submitDir,
              env,
              "--array=1-2",
              script.toString(),
              queue.toString(),
              out.toString(),
              "--model-mirror",
              models);
      slurm.awaitEnd(job, Duration.ofMinutes(6));
      String logs = log(submitDir, job, 1) + log(submitDir, job, 2);
      String states = slurm.jobStates(job);
      assertEquals(2, count(states, "JobState=COMPLETED"), states + logs);
      assertTrue(logs.contains("--shard 1/2") && logs.contains("--shard 2/2"), logs);
      for (String name : NAMES) {
        assertEquals(
            1, count(logs, "rendering " + name + ":"), "rendered exactly once: " + name + logs);
        assertEquals(
            FRAMES, VideoInfo.probe(out.resolve(name).resolve(name + ".mp4")).frames(), name);
        assertFalse(Files.exists(out.resolve(name + ".lock")), "lock released: " + name);
      }

      // Shard 2 of 2 is slurm-b. Cancel its task while frame 3 is stored (a test-only hold makes
      // the point exact), then resubmit that one task as the script's header says.
      Path cut = dir.resolve("cut");
      // As the header says: DREAMZOOM_SHARDS=2 sbatch --array=2 scripts/slurm-array.sh QUEUE OUTPUT
      // ...
      Resubmit shard2 =
          javaOpts -> {
            Map<String, String> e = new HashMap<>(env);
            e.put("DREAMZOOM_SHARDS", "2");
            e.put("DREAMZOOM_JAVA_OPTS", javaOpts);
            return slurm.sbatch(
                submitDir,
                e,
                "--array=2",
                script.toString(),
                queue.toString(),
                cut.toString(),
                "--model-mirror",
                models);
          };
      String first = shard2.submit("-Xmx2g -Ddreamzoom.test.hold=frame:3");
      awaitFile(cut.resolve("slurm-b/held"), Duration.ofMinutes(3), () -> log(submitDir, first, 2));
      slurm.run("scancel", first + "_2");
      slurm.awaitEnd(first, Duration.ofMinutes(1));
      Files.delete(cut.resolve("slurm-b/held"));
      assertEquals(3, frames(cut.resolve("slurm-b/frames")).size(), "cut after frame 3");
      assertFalse(Files.exists(cut.resolve("slurm-b/slurm-b.mp4")));

      // Resubmitted alone, it resumes; this time it meets the signal Slurm sends before the time
      // limit (--signal=B:TERM@120: SIGTERM to the batch shell, which exec made dreamzoom), sent
      // here by hand while frame 6 is stored. It stores what it has and exits 143.
      String second = shard2.submit("-Xmx2g -Ddreamzoom.test.hold=frame:6");
      awaitFile(
          cut.resolve("slurm-b/held"), Duration.ofMinutes(3), () -> log(submitDir, second, 2));
      assertTrue(
          log(submitDir, second, 2).contains("resuming at frame 4 of slurm-b"),
          log(submitDir, second, 2));
      slurm.run("scancel", "--batch", "--signal=TERM", second + "_2");
      awaitLog(
          () -> log(submitDir, second, 2),
          "stopping after the frame in progress",
          Duration.ofMinutes(1));
      Files.delete(cut.resolve("slurm-b/held"));
      slurm.awaitEnd(second, Duration.ofMinutes(1));
      String stoppedLog = log(submitDir, second, 2);
      assertTrue(
          slurm.jobStates(second).contains("ExitCode=143:0"), slurm.jobStates(second) + stoppedLog);
      Matcher stopped =
          Pattern.compile("stopped after frame (\\d+); run again").matcher(stoppedLog);
      assertTrue(stopped.find(), stoppedLog);
      int stoppedAfter = Integer.parseInt(stopped.group(1));
      assertTrue(stoppedAfter >= 6 && stoppedAfter < FRAMES, stoppedLog);

      String third = shard2.submit("-Xmx2g");
      slurm.awaitEnd(third, Duration.ofMinutes(4));
      String resumedLog = log(submitDir, third, 2);
      assertTrue(
          resumedLog.contains("resuming at frame " + (stoppedAfter + 1) + " of slurm-b"),
          resumedLog);
      List<Path> expected = frames(out.resolve("slurm-b/frames"));
      List<Path> actual = frames(cut.resolve("slurm-b/frames"));
      assertEquals(FRAMES, actual.size(), resumedLog);
      for (int i = 0; i < FRAMES; i++) {
        assertArrayEquals(
            Files.readAllBytes(expected.get(i)),
            Files.readAllBytes(actual.get(i)),
            "frame " + (i + 1) + " after the resubmitted task");
      }
      assertEquals(FRAMES, VideoInfo.probe(cut.resolve("slurm-b/slurm-b.mp4")).frames());
      assertFalse(Files.exists(cut.resolve("slurm-a")), "shard 1 was not run by the shard-2 task");
    }
  }

  /** Submits one array task with these JVM options; returns the job ID. */
  private interface Resubmit {
    String submit(String javaOpts) throws Exception;
  }

  private interface Log {
    String read() throws Exception;
  }

  private static void awaitFile(Path file, Duration limit, Log log) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no " + file + " in " + limit + ": " + log.read());
      }
      Thread.sleep(100);
    }
  }

  private static void awaitLog(Log log, String line, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (!log.read().contains(line)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no '" + line + "' in " + limit + ": " + log.read());
      }
      Thread.sleep(100);
    }
  }

  private static List<Path> frames(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
  }
}
