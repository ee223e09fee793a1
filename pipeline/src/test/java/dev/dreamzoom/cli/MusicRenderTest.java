package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.media.AudioDecoder;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.Wavs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An eleven-second render driven by the music of a track made here (bass bursts at known times
 * among hi-hat ticks): the zoom the frames show follows the bass, the clips' music (AAC in MP4,
 * Opus in WebM) starts at {@code audio.offset}, and a render killed half-way resumes from its kept
 * analysis to frames byte-identical to an uninterrupted render's.
 */
@Tag("slow")
class MusicRenderTest {
  private static final int RATE = 44100;
  private static final int FPS = 12;

  /**
   * Not a multiple of the hi-hats' 0.25 s, so the clip's music matches the track at one shift only.
   */
  private static final double OFFSET = 2.1;

  private static final double SECONDS = 13;
  private static final double[] BASS = {3.0, 4.5, 6.0, 8.25, 10.5};

  @TempDir Path dir;

  private Path track() throws Exception {
    float[] x = new float[(int) (SECONDS * RATE)];
    SplittableRandom random = new SplittableRandom(27);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.002 * (random.nextDouble() - 0.5));
    }
    for (double at = 0.125; at < SECONDS; at += 0.25) {
      int a = (int) (at * RATE);
      for (int i = 0; i < 0.02 * RATE && a + i < x.length; i++) {
        x[a + i] += (float) (0.15 * (random.nextDouble() - 0.5) * Math.exp(-i / (0.005 * RATE)));
      }
    }
    for (double at : BASS) {
      int a = (int) (at * RATE);
      for (int i = 0; i < 0.4 * RATE; i++) {
        x[a + i] +=
            (float) (0.6 * Math.sin(2 * Math.PI * 55 * i / RATE) * Math.exp(-i / (0.2 * RATE)));
      }
    }
    return Wavs.write(dir.resolve("beat.wav"), x, RATE, 2);
  }

  private Path preset() throws Exception {
    track();
    return Files.writeString(
        dir.resolve("music.properties"),
        """
        name = music
        seed = photo
        seed.image = %s
        width = 128
        height = 72
        fps = %d
        frames = auto
        audio = beat.wav
        audio.offset = %s
        dream.octaves = 1
        dream.iterations = 1
        dream.step = 0.1 + 0.2*pulse(hit, 0.2)
        motion.zoom = 1 + 0.04*bass
        encode.preset = veryfast
        encode.format = mp4, webm
        """
            .formatted(Shared.image("chelsea.png"), FPS, OFFSET));
  }

  @Test
  void theZoomFollowsTheBassTheMusicStartsAtTheOffsetAndAKilledRenderResumesExactly()
      throws Exception {
    Path preset = preset();
    Path reference = dir.resolve("reference");
    CliTest.Run full = CliTest.render(preset, reference);
    assertEquals(0, full.code(), full.err());
    assertTrue(full.out().contains("analysed in"), full.out());
    int frames = (int) Math.round((SECONDS - OFFSET) * FPS);
    List<Path> expected = list(reference.resolve("music/frames"));
    assertEquals(frames, expected.size(), "frames = auto: the track's length after the offset");

    // The zoom each frame shows against the bass the analysis kept.
    double[] bass = column(reference.resolve("music/state"), "bass");
    double[] zoom = new double[frames];
    for (int t = 1; t < frames; t++) {
      zoom[t] = zoomBetween(gray(expected.get(t - 1)), gray(expected.get(t)));
    }
    double r =
        correlation(
            java.util.Arrays.copyOfRange(zoom, 1, frames),
            java.util.Arrays.copyOfRange(bass, 1, frames));
    System.out.printf("zoom between frames against bass: r = %.3f%n", r);
    Margins.atMost("the frames' zoom follows the bass (1 - r)", 1 - r, 0.1);
    for (double at : BASS) {
      int t = (int) Math.round((at - OFFSET) * FPS);
      Margins.atLeast(
          "a burst at " + at + " s zooms frame " + (t + 1) + " (zoom - 1)", zoom[t + 1] - 1, 0.02);
    }

    // The clip's music is the track from the offset on, to the sample.
    float[] source = AudioDecoder.mono(dir.resolve("beat.wav"), RATE);
    for (String name : List.of("music.mp4", "music.webm")) {
      float[] clip = AudioDecoder.mono(reference.resolve("music").resolve(name), RATE);
      int lag = lag(source, (int) (OFFSET * RATE), clip, (int) (0.05 * RATE), 3 * RATE);
      System.out.println(
          name + ": audio against the track from the offset: lag " + lag + " samples");
      assertTrue(
          Math.abs(lag) <= 0.002 * RATE,
          name + ": the music starts at audio.offset: lag " + lag + " samples");
      double similarity = similarity(source, (int) (OFFSET * RATE), clip, lag);
      Margins.atMost(
          name + ": the music is the track from the offset (1 - correlation)",
          1 - similarity,
          0.05);
      assertEquals(
          (double) frames / FPS,
          (double) clip.length / RATE,
          0.05,
          name + ": the music is cut at the clip's end");
    }

    // Killed after frame 60's PNG, before its checkpoint; resumed from the kept analysis.
    Path out = dir.resolve("killed");
    Path log = dir.resolve("killed.log");
    Subprocess.renderKilledAt("png:60", preset, out, "music", log);
    // Another track under the same name would dream different frames after the ones on disk.
    byte[] track = Files.readAllBytes(dir.resolve("beat.wav"));
    byte[] other = track.clone();
    for (int i = 44 + 4 * (int) (5 * RATE); i < 44 + 4 * (int) (5.5 * RATE); i++) {
      other[i] = 0;
    }
    Files.write(dir.resolve("beat.wav"), other);
    CliTest.Run changed = CliTest.render(preset, out);
    assertEquals(1, changed.code(), changed.out());
    assertTrue(
        changed.err().contains("audio = ")
            && changed.err().contains("beat.wav has changed")
            && changed.err().contains("since the render began"),
        changed.err());
    Files.write(dir.resolve("beat.wav"), track);
    // As if an earlier dreamzoom had begun the render: its analysis is kept under its own version.
    Path kept;
    try (Stream<Path> s = Files.list(out.resolve("music/state"))) {
      kept =
          s.filter(f -> f.getFileName().toString().startsWith("audio-")).findFirst().orElseThrow();
    }
    String v = "-v" + dev.dreamzoom.audio.SoundAnalysis.VERSION + "-";
    Files.move(
        kept,
        kept.resolveSibling(
            kept.getFileName()
                .toString()
                .replace(v, "-v" + (dev.dreamzoom.audio.SoundAnalysis.VERSION - 1) + "-")));
    CliTest.Run resumed = CliTest.render(preset, out);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming at frame 60"), resumed.out());
    assertTrue(
        resumed.out().contains("this render began with an earlier analysis of the music"),
        resumed.out());
    assertFalse(resumed.out().contains("analysed in"), "not analysed again: " + resumed.out());
    List<Path> actual = list(out.resolve("music/frames"));
    assertEquals(frames, actual.size());
    for (int i = 0; i < frames; i++) {
      assertArrayEquals(
          Files.readAllBytes(expected.get(i)),
          Files.readAllBytes(actual.get(i)),
          "frame " + (i + 1));
    }
    // Starting over analyses the track as this version does.
    CliTest.Run restarted =
        CliTest.run(
            "render",
            preset.toString(),
            "--output",
            out.toString(),
            "--restart",
            "--frames",
            "2",
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, restarted.code(), restarted.err());
    assertTrue(restarted.out().contains("analysed in"), restarted.out());
  }

  /** A batch reads a preset for its estimate and again to render it; the track is analysed once. */
  @Test
  void aBatchAnalysesEachTrackOnce() throws Exception {
    Path preset =
        Files.writeString(
            dir.resolve("short.properties"),
            Files.readString(preset())
                .replace("name = music", "name = short")
                .replace("frames = auto", "frames = 4"));
    Path queue = Files.writeString(dir.resolve("queue.txt"), preset + "\n");
    Path out = dir.resolve("batch");
    CliTest.Run r =
        CliTest.run(
            "batch",
            queue.toString(),
            "--output",
            out.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("analysed earlier in this run"), r.out());
    assertFalse(r.out().contains("analysed in"), "analysed a second time: " + r.out());
    try (Stream<Path> s = Files.list(out.resolve("short/state"))) {
      assertEquals(
          1,
          s.filter(f -> f.getFileName().toString().startsWith("audio-")).count(),
          "kept in its folder");
    }
  }

  /** The bundled preset, given a track where it says to put one, reads it and lasts as long. */
  @Test
  void theBundledMusicPresetFollowsTheTrackItIsGiven() throws Exception {
    Path presets = Files.createDirectories(dir.resolve("presets"));
    Files.createDirectories(presets.resolve("music"));
    Files.move(track(), presets.resolve("music/track.wav"));
    Path preset =
        Files.writeString(
            presets.resolve("music-pulse.properties"),
            Files.readString(Path.of("presets/music-pulse.properties"))
                .replace("music/track.mp3", "music/track.wav"));
    dev.dreamzoom.preset.RenderSpec spec =
        dev.dreamzoom.preset.PresetParser.parse(
            preset, dev.dreamzoom.app.MediaFiles.reading(dir.resolve("output")));
    assertEquals(
        (int) Math.round(SECONDS * 24), spec.frames(), "frames = auto at the preset's 24 fps");
    assertEquals(presets.resolve("music/track.wav").toRealPath(), spec.encode().audio());
    int burst = (int) Math.round(BASS[0] * 24);
    assertTrue(
        spec.motion().zoom().at(burst + 1) > spec.motion().zoom().at(burst - 12) + 0.01,
        "the zoom swells on the first bass burst");
  }

  /**
   * Issue 38 item 5: a 12-second excerpt from the middle of a 24-second track, by audio.offset and
   * audio.end with frames = auto: 12 s of frames, and the clip's music is the track from the offset
   * to the end, to the sample at both ends.
   */
  @Test
  void anExcerptRendersFromTheOffsetToAudioEnd() throws Exception {
    int fps = 4;
    // A random melody, a new note every quarter second: tonal, as a codec keeps it, and unlike
    // itself
    // at any other shift.
    float[] x = new float[24 * RATE];
    SplittableRandom random = new SplittableRandom(38);
    double frequency = 0;
    for (int i = 0; i < x.length; i++) {
      if (i % (RATE / 4) == 0) {
        frequency = 200 + 1800 * random.nextDouble();
      }
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * frequency * i / RATE));
    }
    Wavs.write(dir.resolve("long.wav"), x, RATE, 2);
    Path preset =
        Files.writeString(
            dir.resolve("excerpt.properties"),
            """
        name = excerpt
        width = 64
        height = 36
        fps = %d
        frames = auto
        audio = long.wav
        audio.offset = 6
        audio.end = 18
        dream.octaves = 1
        dream.iterations = 1
        encode.preset = ultrafast
        encode.audio_fade = 0
        """
                .formatted(fps));
    CliTest.Run r = CliTest.render(preset, dir.resolve("out"));
    assertEquals(0, r.code(), r.err());
    assertEquals(
        12 * fps,
        list(dir.resolve("out/excerpt/frames")).size(),
        "frames = auto: 12 s of the track");
    float[] source = AudioDecoder.mono(dir.resolve("long.wav"), RATE);
    float[] clip = AudioDecoder.mono(dir.resolve("out/excerpt/excerpt.mp4"), RATE);
    assertEquals(12, (double) clip.length / RATE, 0.05, "the music ends where the frames do");
    int start = lag(source, 6 * RATE, clip, (int) (0.05 * RATE), 3 * RATE);
    assertTrue(
        Math.abs(start) <= 0.002 * RATE,
        "the music starts at audio.offset: lag " + start + " samples");
    Margins.atMost(
        "the excerpt's start is the track's from audio.offset (1 - correlation)",
        1 - similarity(source, 6 * RATE, clip, start),
        0.05);
    // The clip's last three seconds are the track's three seconds before audio.end, in place.
    int tail = clip.length - 3 * RATE;
    float[] end = java.util.Arrays.copyOfRange(clip, tail, clip.length);
    int endLag = lag(source, 6 * RATE + tail, end, (int) (0.05 * RATE), 2 * RATE);
    assertTrue(
        Math.abs(endLag) <= 0.002 * RATE,
        "the music's end is the track's at audio.end: lag " + endLag);
    double[] a = new double[2 * RATE];
    double[] b = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = source[6 * RATE + tail + RATE / 2 + i];
      b[i] = end[RATE / 2 + i + endLag];
    }
    Margins.atMost(
        "the excerpt's end is the track's before audio.end (1 - correlation)",
        1 - correlation(a, b),
        0.05);
  }

  /**
   * Issue 38 item 4: stems named in the preset drive what they are told to, each from its own
   * analysis: the zoom jumps on the drum stem's hits (not on the vocal's onsets), and the dream's
   * step swells and falls with the vocal stem's loudness, measured from the frames.
   */
  @Test
  void stemsDriveWhatTheyAreToldTo() throws Exception {
    int fps = 8;
    int seconds = 8;
    float[] drums = new float[seconds * RATE];
    double[] hits = {1.3, 2.55, 4.05, 5.3, 6.8};
    for (double at : hits) {
      int a = (int) (at * RATE);
      for (int i = 0; i < 0.15 * RATE; i++) {
        drums[a + i] +=
            (float) (0.6 * Math.sin(2 * Math.PI * 60 * i / RATE) * Math.exp(-i / (0.03 * RATE)));
      }
    }
    // The vocal: a tone loud for 1.5 s, quiet for 1.5 s, with a soft attack (no onset to speak of).
    float[] vocals = new float[drums.length];
    for (int i = 0; i < vocals.length; i++) {
      double t = (double) i / RATE;
      double envelope = Math.sin(Math.PI * t / 1.5);
      vocals[i] = (float) (0.3 * envelope * envelope * Math.sin(2 * Math.PI * 330 * t));
    }
    float[] mix = new float[drums.length];
    for (int i = 0; i < mix.length; i++) {
      mix[i] = drums[i] + vocals[i];
    }
    Path stems = Files.createDirectories(dir.resolve("stems"));
    Wavs.write(stems.resolve("drums.wav"), drums, RATE, 2);
    Wavs.write(stems.resolve("vocals.wav"), vocals, RATE, 2);
    Wavs.write(dir.resolve("mix.wav"), mix, RATE, 2);
    Path preset =
        Files.writeString(
            dir.resolve("stems.properties"),
            """
        name = stems
        seed = photo
        seed.image = %s
        width = 128
        height = 72
        fps = %d
        frames = auto
        audio = mix.wav
        audio.drums = stems/drums.wav
        audio.vocals = stems/vocals.wav
        dream.octaves = 1
        dream.iterations = 2
        dream.step = 0.05 + 3*vocals.rms
        motion.zoom = 1 + 0.05*drums.hit
        encode.preset = ultrafast
        """
                .formatted(Shared.image("chelsea.png"), fps));
    Path out = dir.resolve("stems-out");
    CliTest.Run r = CliTest.render(preset, out);
    assertEquals(0, r.code(), r.err());
    List<Path> frames = list(out.resolve("stems/frames"));
    assertEquals(seconds * fps, frames.size());
    double[] hit = stemColumn(out.resolve("stems"), stems.resolve("drums.wav"), fps, "hit");
    double[] loud = stemColumn(out.resolve("stems"), stems.resolve("vocals.wav"), fps, "rms");
    assertEquals(
        hits.length,
        java.util.Arrays.stream(hit).sum(),
        0,
        "one hit per drum: " + java.util.Arrays.toString(hit));
    double[] zoom = new double[frames.size()];
    double[] change = new double[frames.size()];
    for (int t = 1; t < frames.size(); t++) {
      double[][] a = gray(frames.get(t - 1));
      double[][] b = gray(frames.get(t));
      zoom[t] = zoomBetween(a, b);
      double sum = 0;
      for (int y = 0; y < a.length; y++) {
        for (int x = 0; x < a[0].length; x++) {
          sum += Math.abs(b[y][x] - a[y][x]);
        }
      }
      change[t] = sum / (a.length * a[0].length);
    }
    for (int t = 1; t < frames.size(); t++) {
      if (hit[t] == 1) {
        Margins.atLeast(
            "the zoom into frame " + t + ", on a drum hit (zoom - 1)", zoom[t] - 1, 0.03);
      } else {
        Margins.atMost("the zoom into frame " + t + ", no drum hit (zoom - 1)", zoom[t] - 1, 0.01);
      }
    }
    // The step is the dream's change from frame to frame where the camera stands still.
    List<double[]> still = new java.util.ArrayList<>();
    for (int t = 1; t < frames.size(); t++) {
      if (hit[t] == 0) {
        still.add(new double[] {change[t], loud[t]});
      }
    }
    double r2 =
        correlation(
            still.stream().mapToDouble(p -> p[0]).toArray(),
            still.stream().mapToDouble(p -> p[1]).toArray());
    System.out.printf("the dream's change from frame to frame against vocals.rms: r = %.3f%n", r2);
    Margins.atMost("the dream's change follows vocals.rms (1 - r)", 1 - r2, 0.2);
  }

  /** Column {@code name} of the analysis the render kept for {@code file}. */
  private static double[] stemColumn(Path render, Path file, int fps, String name)
      throws Exception {
    return csvColumn(
        dev.dreamzoom.app.MediaFiles.file(
            render, dev.dreamzoom.files.SourceFile.sha256(file), fps, 0),
        name);
  }

  private static List<Path> list(Path frames) throws Exception {
    try (Stream<Path> s = Files.list(frames)) {
      return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
  }

  static double[] column(Path state, String name) throws Exception {
    Path csv;
    try (Stream<Path> s = Files.list(state)) {
      csv =
          s.filter(f -> f.getFileName().toString().startsWith("audio-")).findFirst().orElseThrow();
    }
    return csvColumn(csv, name);
  }

  /** Column {@code name} of a kept analysis CSV. */
  private static double[] csvColumn(Path csv, String name) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    int c = List.of(lines.get(0).split(",")).indexOf(name);
    return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[c])).toArray();
  }

  static double[][] gray(Path png) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    double[][] g = new double[img.getHeight()][img.getWidth()];
    for (int y = 0; y < g.length; y++) {
      for (int x = 0; x < g[0].length; x++) {
        int rgb = img.getRGB(x, y);
        g[y][x] = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
      }
    }
    return g;
  }

  /** The zoom about the centre that best maps {@code a} onto {@code b}, to 0.001. */
  static double zoomBetween(double[][] a, double[][] b) {
    double best = 1;
    double bestError = Double.MAX_VALUE;
    for (double z = 0.99; z <= 1.07; z += 0.001) {
      double e = 0;
      int h = a.length;
      int w = a[0].length;
      double cx = (w - 1) / 2.0;
      double cy = (h - 1) / 2.0;
      for (int y = h / 5; y < h - h / 5; y++) {
        for (int x = w / 5; x < w - w / 5; x++) {
          double d = sample(a, cx + (x - cx) / z, cy + (y - cy) / z) - b[y][x];
          e += d * d;
        }
      }
      if (e < bestError) {
        bestError = e;
        best = z;
      }
    }
    return best;
  }

  private static double sample(double[][] g, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    return (1 - fy) * ((1 - fx) * g[y0][x0] + fx * g[y0][x0 + 1])
        + fy * ((1 - fx) * g[y0 + 1][x0] + fx * g[y0 + 1][x0 + 1]);
  }

  static double correlation(double[] a, double[] b) {
    double ma = java.util.Arrays.stream(a).average().orElse(0);
    double mb = java.util.Arrays.stream(b).average().orElse(0);
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) * (a[i] - ma);
      bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / Math.sqrt(aa * bb);
  }

  /**
   * Normalized correlation of the first 3 s of {@code clip} (shifted by {@code lag}) with the track
   * from {@code start}.
   */
  private static double similarity(float[] source, int start, float[] clip, int lag) {
    double[] a = new double[3 * RATE - 4096];
    double[] b = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = source[start + 2048 + i];
      b[i] = clip[2048 + i + lag];
    }
    return correlation(a, b);
  }

  /**
   * The shift (samples) of {@code clip} against {@code source} from {@code start} that matches best
   * over the first {@code n} samples, within ±{@code range}.
   */
  static int lag(float[] source, int start, float[] clip, int range, int n) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = -range; lag <= range; lag++) {
      double s = 0;
      for (int i = range; i < n; i++) {
        s += (double) source[start + i] * clip[i + lag];
      }
      if (s > bestScore) {
        bestScore = s;
        best = lag;
      }
    }
    return best;
  }
}
