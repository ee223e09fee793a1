package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.AudioDecoder;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.TestVideos;
import dev.dreamzoom.testing.VideoMeasures;
import dev.dreamzoom.testing.Wavs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dreams over a video made here from a real photo along a known camera path, with a soundtrack of
 * clicks: the frames hold together along the motion (measured against dreaming each frame afresh),
 * a render killed at two points resumes to identical bytes, the clip carries the source's sound in
 * sync, and three hundred frames of a still scene do not drift in brightness or saturation.
 */
@Tag("slow")
class VideoRenderTest {
  static final int W = 256;
  static final int H = 160;
  static final int FPS = 25;
  static final int RATE = 44100;

  @TempDir Path dir;

  /**
   * {@code frames} frames of {@link TestVideos} (frame 29 on holds still), with clicks every 0.3 s.
   */
  private Path source(int frames) throws Exception {
    float[] x = new float[(int) ((double) frames / FPS * RATE) + RATE];
    SplittableRandom r = new SplittableRandom(28);
    for (double at = 0.1; at * RATE < x.length - RATE / 10; at += 0.3) {
      for (int i = 0; i < RATE / 50; i++) {
        x[(int) (at * RATE) + i] =
            (float) (0.5 * (r.nextDouble() - 0.5) * Math.exp(-i / (0.004 * RATE)));
      }
    }
    Path wav = Wavs.write(dir.resolve("clicks.wav"), x, RATE, 1);
    return new TestVideos(W, H).clip(dir, "walk", frames, FPS, wav);
  }

  private Path preset(String name, String extra) throws Exception {
    return Files.writeString(
        dir.resolve(name + ".properties"),
        """
        name = %s
        seed = video
        seed.video = walk.mp4
        width = 256
        height = 160
        fps = %d
        frames = auto
        dream.octaves = 2
        dream.jitter = 8
        encode.preset = veryfast
        """
                .formatted(name, FPS)
            + extra);
  }

  @Test
  void theDreamHoldsTogetherAlongTheMotionResumesExactlyAndKeepsTheSourcesSound() throws Exception {
    source(30);
    Path coherent = preset("coherent", "video.blend = 0.9\ndream.iterations = 2\ndream.step = 1\n");
    Path afresh = preset("afresh", "video.blend = 0\ndream.iterations = 4\ndream.step = 2\n");
    Path out = dir.resolve("out");
    CliTest.Run a = CliTest.render(coherent, out);
    assertEquals(0, a.code(), a.err());
    CliTest.Run b = CliTest.render(afresh, out);
    assertEquals(0, b.code(), b.err());
    List<RgbImage> with = frames(out.resolve("coherent/frames"));
    List<RgbImage> without = frames(out.resolve("afresh/frames"));
    assertEquals(30, with.size(), "frames = auto: the source's 30 frames");

    // Coherence: each output frame against the one before it carried by the true motion.
    TestVideos truth = new TestVideos(W, H);
    double[] error = {warpError(with, truth), warpError(without, truth)};
    double[] flicker = {VideoMeasures.flicker(with), VideoMeasures.flicker(without)};
    // A fair comparison: each frame dreamed afresh as strongly as the carried dream has built up.
    List<RgbImage> src = frames(dir.resolve("src"));
    double[] strength = {VideoMeasures.change(with, src), VideoMeasures.change(without, src)};
    double sourceFlicker = VideoMeasures.flicker(src);
    Margins.near(
        "dreams of like strength (mean change from the source)",
        strength[0],
        strength[1],
        0.25 * strength[1]);
    System.out.printf(
        "dream strength %.2f and %.2f levels; along the true motion: %.2f levels with the flow,"
            + " %.2f dreamed afresh (the source itself: %.2f); flicker beyond the source's: %.2f and %.2f (source %.2f)%n",
        strength[0],
        strength[1],
        error[0],
        error[1],
        warpError(src, truth),
        flicker[0] - sourceFlicker,
        flicker[1] - sourceFlicker,
        sourceFlicker);
    Margins.atMost("error along the motion, coherent / afresh", error[0] / error[1], 0.5);

    // The source's sound, in sync.
    float[] sound = AudioDecoder.mono(dir.resolve("walk.mp4"), RATE);
    float[] clip = AudioDecoder.mono(out.resolve("coherent/coherent.mp4"), RATE);
    int lag = MusicRenderTest.lag(sound, 0, clip, RATE / 20, RATE);
    assertTrue(
        Math.abs(lag) <= RATE / 500,
        "the clip's sound starts with the video's: lag " + lag + " samples");

    // Killed twice (after a frame's PNG, and after a whole frame), resumed: the same bytes.
    Path killed = dir.resolve("killed");
    for (String at : new String[] {"png:8", "frame:17"}) {
      Path log = dir.resolve("kill-" + at.replace(':', '-') + ".log");
      Subprocess.renderKilledAt(at, coherent, killed, "coherent", log);
    }
    CliTest.Run resumed = CliTest.render(coherent, killed);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming at frame 18"), resumed.out());
    for (int i = 1; i <= 30; i++) {
      String f = String.format("coherent/frames/%06d.png", i);
      assertArrayEquals(
          Files.readAllBytes(out.resolve(f)), Files.readAllBytes(killed.resolve(f)), f);
    }

    // A lost frame is dreamed again from the kept checkpoint before it, along the same flow.
    Files.delete(killed.resolve("coherent/frames/000023.png"));
    CliTest.Run repaired =
        CliTest.run(
            "repair",
            killed.resolve("coherent").toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, repaired.code(), repaired.err());
    assertArrayEquals(
        Files.readAllBytes(out.resolve("coherent/frames/000023.png")),
        Files.readAllBytes(killed.resolve("coherent/frames/000023.png")),
        "frame 23 repaired exactly");
    CliTest.Run verified = CliTest.run("verify", killed.resolve("coherent").toString());
    assertEquals(0, verified.code(), verified.out() + verified.err());

    // preview --exact past the video's kept window of frames shows what the render shows.
    Path preview = dir.resolve("preview-25.png");
    CliTest.Run exact =
        CliTest.run(
            "preview",
            coherent.toString(),
            "--exact",
            "--frame",
            "25",
            "--scale",
            "1",
            "--out",
            preview.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, exact.code(), exact.err());
    assertArrayEquals(
        frames(out.resolve("coherent/frames")).get(24).pixels(),
        dev.dreamzoom.image.ImageFiles.read(preview).pixels(),
        "preview --exact of frame 25 is the render's frame 25");
  }

  /**
   * The camera moves over a video as over a photo, and cadence carries the frames between along the
   * flow.
   */
  @Test
  void aSlowZoomIntoAVideoAndCadenceCarryAlongTheFlow() throws Exception {
    source(40);
    Path zoom =
        Files.writeString(
            dir.resolve("zoom.properties"),
            """
        name = zoom
        seed = video
        seed.video = walk.mp4
        video.start = 1.2
        width = 128
        height = 80
        fps = 25
        frames = 10
        dream.octaves = 1
        dream.iterations = 1
        dream.step = 0.2
        video.blend = 0
        motion.zoom = 1.03
        render.cadence = 2
        encode.preset = ultrafast
        """);
    CliTest.Run r = CliTest.render(zoom, dir.resolve("out"));
    assertEquals(0, r.code(), r.err());
    List<Path> pngs;
    try (Stream<Path> s = Files.list(dir.resolve("out/zoom/frames"))) {
      pngs = s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
    assertEquals(10, pngs.size());
    for (int t = 1; t < 10; t++) {
      double z =
          MusicRenderTest.zoomBetween(
              MusicRenderTest.gray(pngs.get(t - 1)), MusicRenderTest.gray(pngs.get(t)));
      Margins.near(
          "the still part of the video zooms in 3 % from frame " + t + " to " + (t + 1),
          z,
          1.03,
          0.004);
    }
  }

  /**
   * The bundled preset, given a clip where it says to put one, dreams over all of it with its
   * sound.
   */
  @Test
  void theBundledVideoPresetTakesTheClipItIsGiven() throws Exception {
    Path walk = source(30);
    Path presets = Files.createDirectories(dir.resolve("presets/clips"));
    Files.copy(walk, presets.resolve("walk.mp4"));
    Path preset =
        Files.copy(
            Path.of("presets/video-dream.properties"),
            dir.resolve("presets/video-dream.properties"));
    dev.dreamzoom.preset.RenderSpec spec =
        dev.dreamzoom.preset.PresetParser.parse(
            preset, dev.dreamzoom.app.MediaFiles.reading(dir.resolve("output")));
    assertEquals(29, spec.frames(), "frames = auto: 1.2 s at the preset's 24 fps");
    assertEquals(
        presets.resolve("walk.mp4").toRealPath(), spec.encode().audio(), "the clip's own sound");
    assertEquals(1.002, spec.motion().zoom().at(5), 0);
  }

  /**
   * A clip damaged in the middle: FFmpeg conceals what it can; what it cannot is one message naming
   * the file.
   */
  @Test
  void aVideoDamagedInTheMiddleIsRenderedOrRefusedWithoutAStackTrace() throws Exception {
    Path walk = source(30);
    byte[] b = Files.readAllBytes(walk);
    for (int i = b.length / 2; i < b.length / 2 + 4000 && i < b.length; i++) {
      b[i] = (byte) (i * 31);
    }
    Files.write(walk, b);
    Path p = preset("damaged", "video.blend = 0.8\ndream.iterations = 1\n");
    CliTest.Run r = CliTest.render(p, dir.resolve("out"));
    assertTrue(
        r.code() == 0 || (r.code() == 1 && r.err().contains("walk.mp4")),
        r.code() + ": " + r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    if (r.code() == 0) {
      assertEquals(30, frames(dir.resolve("out/damaged/frames")).size());
    }
  }

  @Test
  void threeHundredFramesOfAStillSceneDoNotDrift() throws Exception {
    source(330);
    Path still =
        Files.writeString(
            dir.resolve("still.properties"),
            """
        name = still
        seed = video
        seed.video = walk.mp4
        video.start = 1.2
        width = 96
        height = 60
        fps = 25
        frames = auto
        dream.octaves = 2
        dream.iterations = 4
        dream.step = 2
        video.blend = 0.95
        encode.preset = ultrafast
        """);
    // From 1.2 s (frame 30) on, the source holds still: 300 frames of a still scene.
    CliTest.Run r = CliTest.render(still, dir.resolve("out"));
    assertEquals(0, r.code(), r.err());
    List<RgbImage> f = frames(dir.resolve("out/still/frames"));
    assertEquals(300, f.size());
    double b0 = brightness(f.get(0));
    double s0 = saturation(f.get(0));
    double worstB = 0;
    double worstS = 0;
    StringBuilder curve = new StringBuilder();
    for (int k = 0; k < f.size(); k++) {
      RgbImage img = f.get(k);
      worstB = Math.max(worstB, Math.abs(brightness(img) / b0 - 1));
      worstS = Math.max(worstS, Math.abs(saturation(img) / s0 - 1));
      if (k % 25 == 0) {
        curve.append(String.format(" %d:%.3f", k + 1, saturation(img)));
      }
    }
    System.out.println("saturation by frame:" + curve);
    System.out.printf(
        "300 still frames: brightness within %.1f %%, saturation within %.1f %% of frame 1%n",
        100 * worstB, 100 * worstS);
    // Saturation held to frame 1's ratio to its source (issue 34), measured on one Intel Xeon with
    // AMX:
    // 0.8 % with oneDNN as it is (AMX) and capped to AVX2, AVX512_CORE and AVX512_CORE_BF16 alike
    // (84 %
    // margin to 5 %); brightness 0.2 % (80 % margin to 1 %). Before: saturation 10.2 % (AMX), 8.9 %
    // where this test was written.
    Margins.atMost("saturation drift over 300 frames", worstS, 0.05);
    // Held to the video's means, brightness stays far closer than 10 % (1.6 % without the hold).
    Margins.atMost("brightness drift over 300 frames, held to the video's", worstB, 0.01);
  }

  static List<RgbImage> frames(Path folder) throws Exception {
    List<RgbImage> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
        out.add(ImageFiles.read(p));
      }
    }
    return out;
  }

  /**
   * Mean absolute difference of frame k and frame k-1 carried along the true motion, on the
   * interior.
   */
  private static double warpError(List<RgbImage> frames, TestVideos truth) {
    double sum = 0;
    long n = 0;
    for (int k = 1; k < frames.size(); k++) {
      RgbImage prev = frames.get(k - 1);
      RgbImage next = frames.get(k);
      int w = next.width();
      int h = next.height();
      for (int y = 6; y < h - 6; y++) {
        for (int x = 6; x < w - 6; x++) {
          if (truth.nearObjectEdge(k, x, y, 3)) {
            continue;
          }
          // Where pixel (x, y) of frame k was in frame k - 1: the inverse of the known motion.
          double[] m = truth.motion(k, x, y);
          double px = x - m[0];
          double py = y - m[1];
          for (int c = 0; c < 3; c++) {
            sum +=
                Math.abs(TestVideos.bilinear(prev, px, py, c) - next.pixels()[(y * w + x) * 3 + c]);
            n++;
          }
        }
      }
    }
    return sum / n;
  }

  private static double brightness(RgbImage img) {
    double sum = 0;
    for (float v : img.pixels()) {
      sum += v;
    }
    return sum / img.pixels().length;
  }

  /** Mean HSV saturation. */
  private static double saturation(RgbImage img) {
    float[] p = img.pixels();
    double sum = 0;
    for (int i = 0; i < p.length; i += 3) {
      float max = Math.max(p[i], Math.max(p[i + 1], p[i + 2]));
      float min = Math.min(p[i], Math.min(p[i + 1], p[i + 2]));
      sum += max > 0 ? (max - min) / max : 0;
    }
    return sum / (p.length / 3);
  }
}
