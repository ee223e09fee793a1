package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.audio.MusicVariable;
import dev.dreamzoom.testing.Wavs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dreamzoom audio}'s outputs on a track made here (a 60 Hz kick every half second from 0.53
 * s, 120 BPM, 8 s): the summary line, the CSV's columns and values, the plot as an image of the
 * size it says, and the keyframes parsed back to the CSV's numbers.
 */
@Tag("slow")
class AudioCommandTest {
  private static final int RATE = 44100;
  private static final int FPS = 10;

  @TempDir Path dir;

  private Path track() throws Exception {
    float[] x = new float[8 * RATE];
    // 30 ms into a frame at 10 fps: which frame holds each kick is not a matter of a millisecond.
    for (double at = 0.53; at < 7.9; at += 0.5) {
      int a = (int) Math.round(at * RATE);
      for (int i = 0; i < 0.2 * RATE && a + i < x.length; i++) {
        x[a + i] +=
            (float) (0.7 * Math.sin(2 * Math.PI * 60 * i / RATE) * Math.exp(-i / (0.05 * RATE)));
      }
    }
    return Wavs.write(dir.resolve("kicks.wav"), x, RATE, 2);
  }

  @Test
  void theCsvThePlotAndTheKeyframesSayWhatTheTrackDoes() throws Exception {
    Path track = track();
    Path csv = dir.resolve("kicks.csv");
    Path png = dir.resolve("kicks.png");
    CliTest.Run r =
        CliTest.run(
            "audio",
            track.toString(),
            "--fps",
            Integer.toString(FPS),
            "--offset",
            "1",
            "--csv",
            csv.toString(),
            "--plot",
            png.toString());
    assertEquals(0, r.code(), r.err());
    Matcher m =
        Pattern.compile("kicks.wav: 8.00 s, 70 frames at 10 fps from 1.00 s; tempo ([0-9.]+) BPM")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(120, Double.parseDouble(m.group(1)), 1, r.out());

    List<String> lines = Files.readAllLines(csv);
    assertEquals("frame,time," + String.join(",", MusicVariable.keys()), lines.get(0));
    assertEquals(71, lines.size(), "a header and a row for each of the 70 frames from the offset");
    double[][] rows =
        lines.stream()
            .skip(1)
            .map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
            .toArray(double[][]::new);
    int bass = 2 + MusicVariable.BASS.ordinal();
    int hit = 2 + MusicVariable.HIT.ordinal();
    for (int t = 0; t < rows.length; t++) {
      assertEquals(t, rows[t][0]);
      assertEquals(
          1 + (double) t / FPS,
          rows[t][1],
          1e-4,
          "frame " + t + " starts at the offset plus t/fps");
      assertEquals(120, rows[t][2 + MusicVariable.BPM.ordinal()], 1);
      // Frames 0, 5, 10, ... hold a kick (1.03 s, 1.53 s, ...), and the beat: its phase is at most
      // a
      // frame's worth (0.2 of a beat at 10 fps and 120 BPM) past 0 there.
      if (t % 5 == 0 && t < 65) {
        assertTrue(
            rows[t][bass] > 0.5 && rows[t][hit] == 1,
            "kick at frame " + t + ": " + lines.get(t + 1));
        assertTrue(
            rows[t][2 + MusicVariable.BEAT.ordinal()] <= 0.2,
            "beat at frame " + t + ": " + lines.get(t + 1));
      } else if (t % 5 == 3) {
        assertTrue(
            rows[t][bass] < 0.2 && rows[t][hit] == 0,
            "between kicks at frame " + t + ": " + lines.get(t + 1));
      }
    }

    BufferedImage plot = ImageIO.read(png.toFile());
    assertEquals(1000, plot.getWidth(), "7 s of plot, at least 1000 px wide");
    assertEquals(960, plot.getHeight());
    // A plot, not a blank: the curves' colours are drawn.
    assertTrue(colours(plot) > 5, "a plot with its curves");

    CliTest.Run keys =
        CliTest.run(
            "audio",
            track.toString(),
            "--fps",
            Integer.toString(FPS),
            "--offset",
            "1",
            "--keyframes",
            "bass");
    assertEquals(0, keys.code(), keys.err());
    List<Double> values = new ArrayList<>();
    Matcher k = Pattern.compile("(\\d+):\\(([0-9.]+)\\)").matcher(keys.out());
    while (k.find()) {
      assertEquals(values.size(), Integer.parseInt(k.group(1)));
      values.add(Double.parseDouble(k.group(2)));
    }
    assertEquals(70, values.size(), keys.out());
    for (int t = 0; t < rows.length; t++) {
      assertEquals(
          String.format(Locale.ROOT, "%.4f", rows[t][bass]),
          String.format(Locale.ROOT, "%.4f", values.get(t)),
          "keyframe " + t + " is the CSV's bass");
    }
  }

  private static long colours(BufferedImage img) {
    return Arrays.stream(img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth()))
        .map(rgb -> rgb & 0xf0f0f0)
        .distinct()
        .count();
  }
}
