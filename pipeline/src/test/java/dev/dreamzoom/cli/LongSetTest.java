package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Wavs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long set is analysed as it is decoded, never held whole: 25 minutes of music, whose samples
 * alone would fill 132 MB at the analysis rate, analysed by {@code dreamzoom audio} in a JVM
 * allowed 96 MB of heap.
 */
@Tag("slow")
class LongSetTest {
  private static final int RATE = 8000;
  private static final int MINUTES = 25;

  @TempDir Path dir;

  @Test
  void aLongSetIsAnalysedInLessMemoryThanItsSamplesTake() throws Exception {
    float[] x = new float[MINUTES * 60 * RATE];
    for (int i = 0; i < x.length; i++) {
      double s = (double) i / RATE;
      double beat = s % 0.5;
      x[i] =
          (float)
              (0.5 * Math.exp(-beat * 30) * Math.sin(2 * Math.PI * 60 * beat)
                  + 0.15 * Math.sin(2 * Math.PI * 110 * s));
    }
    Path track = Wavs.write(dir.resolve("set.wav"), x, RATE, 1);
    x = null;
    Path csv = dir.resolve("set.csv");
    Path log = dir.resolve("audio.log");
    Process p =
        Subprocess.start(
            log,
            List.of("-Xmx96m", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"),
            "audio",
            track.toString(),
            "--fps",
            "10",
            "--csv",
            csv.toString());
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the analysis finished");
    String said = Files.readString(log);
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.contains("tempo 120.0 BPM"), said);
    // A header and a row per frame of the 25 minutes.
    assertEquals(MINUTES * 60 * 10 + 1, Files.readAllLines(csv).size());
  }
}
