package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Margins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long render must not grow frame after frame: resident memory at frame 200 is close to that at
 * frame 20. The JVM heap is fixed and touched at start-up (otherwise it is committed lazily over
 * the first few hundred frames, which looks like growth but stops at its cap), so what could still
 * grow is native memory (tensors, results, sessions) that is never released.
 */
@Tag("slow")
class MemoryTest {
  @TempDir Path dir;

  private static long residentKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new AssertionError("no VmRSS for " + pid);
  }

  private static long residentWhen(Process p, Path log, String text) throws Exception {
    while (p.isAlive()) {
      if (Files.readString(log).contains(text)) {
        return residentKib(p.pid());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("process ended before '" + text + "': " + Files.readString(log));
  }

  @Test
  void residentMemoryDoesNotTrendUpwardFromFrame20ToFrame200() throws Exception {
    Path preset = dir.resolve("long.properties");
    Files.writeString(
        preset,
        """
        name = long
        width = 128
        height = 80
        frames = 210
        dream.octaves = 2
        dream.iterations = 2
        motion.zoom = 1.02
        motion.angle = 0.5
        encode.preset = ultrafast
        """);
    Path log = dir.resolve("long.log");
    Process p =
        Subprocess.start(
            log,
            List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"),
            "render",
            preset.toString(),
            "--output",
            dir.resolve("out").toString());
    // Ten samples after a warm-up of 20 frames; the trend (least-squares slope) over them, not
    // one pair of readings, so a sample taken while the other core is busy cannot decide it.
    double[] frame = new double[10];
    double[] kib = new double[10];
    for (int i = 0; i < 10; i++) {
      frame[i] = 20 + 20 * i;
      kib[i] = residentWhen(p, log, "frame " + (int) frame[i] + "/");
    }
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(log));
    double mf = java.util.Arrays.stream(frame).average().orElseThrow();
    double mk = java.util.Arrays.stream(kib).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (int i = 0; i < 10; i++) {
      num += (frame[i] - mf) * (kib[i] - mk);
      den += (frame[i] - mf) * (frame[i] - mf);
    }
    double growth = num / den * 180;
    System.out.printf(
        "resident memory: frame 20 %.0f MiB, frame 200 %.0f MiB; trend over 10 samples"
            + " %+.1f MiB per 180 frames%n",
        kib[0] / 1024, kib[9] / 1024, growth / 1024);
    Margins.atMost("growth in MiB per 180 frames", growth / 1024, 16);
  }
}
