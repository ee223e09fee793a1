package dev.dreamzoom.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.EncodeSpec;
import dev.dreamzoom.testing.Margins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class ClipsTest {
  private static final Map<String, String> META =
      Map.of(
          "title",
          "clip",
          "comment",
          "dreamzoom test; preset clip",
          "dreamzoom_seed",
          "42",
          "dreamzoom_model",
          "mobilenet_v1_0.75_224_quantized");

  @TempDir Path dir;

  private List<Path> frames(int n, int w, int h) throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] p = new float[w * h * 3];
      for (int j = 0; j < p.length; j++) {
        int x = j / 3 % w;
        int y = j / 3 / w;
        p[j] = (float) (127 + 120 * Math.sin((x + 3 * i) / 7.0 + (j % 3)) * Math.cos(y / 9.0));
      }
      Path f = dir.resolve(String.format("frames/%06d.png", i + 1));
      ImageFiles.writePngAtomically(new RgbImage(w, h, p), f);
      files.add(f);
    }
    return files;
  }

  private static EncodeSpec spec(List<String> formats, int w, int h) {
    return EncodeSpec.simple(formats, 20, "veryfast", w, h);
  }

  private static EncodeSpec looped(String loop, int loopFrames, int interpolate, String mode) {
    return new EncodeSpec(
        List.of("mp4"),
        20,
        "veryfast",
        64,
        36,
        0,
        0,
        loop,
        loopFrames,
        interpolate,
        mode,
        null,
        0,
        0);
  }

  /**
   * Equal frames give equal clip bytes, however many clips the process has encoded before: with
   * x264's macroblock tree, random WebM track UIDs and a hash-ordered metadata map they did not.
   */
  @Test
  void theSameFramesEncodeToTheSameBytesEveryTime() throws Exception {
    List<Path> frames = frames(24, 96, 64);
    EncodeSpec slow =
        new EncodeSpec(
            List.of("mp4", "webm"), 18, "slow", 96, 64, 0, 0, "none", 30, 1, "mci", null, 0, 0);
    List<String> first = null;
    for (int run = 0; run < 3; run++) {
      Path out = Files.createDirectories(dir.resolve("run" + run));
      Clips.publish(frames, out, "same", 30, slow, META, n -> {});
      List<String> sums = new ArrayList<>();
      for (String f : List.of("same.mp4", "same.webm", "same-preview.mp4")) {
        sums.add(
            f
                + " "
                + java.util.HexFormat.of()
                    .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(out.resolve(f)))));
      }
      if (first == null) {
        first = sums;
      }
      assertEquals(first, sums, "encode " + (run + 1));
    }
    assertEquals(24, VideoInfo.probe(dir.resolve("run2/same.mp4")).frames());
    assertEquals(24, VideoInfo.probe(dir.resolve("run2/same.webm")).frames());
  }

  @Test
  void loopsAndInterpolationChangeFramesAndRateAsPromised() throws Exception {
    List<Path> frames = frames(10, 64, 36);
    Clips.publish(frames, dir, "pp", 10, looped("pingpong", 1, 1, "blend"), META, n -> {});
    assertEquals(18, VideoInfo.probe(dir.resolve("pp.mp4")).frames(), "forward 10, back 8");

    Clips.publish(frames, dir, "xf", 10, looped("crossfade", 3, 1, "blend"), META, n -> {});
    assertEquals(
        7,
        VideoInfo.probe(dir.resolve("xf.mp4")).frames(),
        "10 minus the 3 that fade into the start");

    Clips.publish(frames, dir, "bl", 10, looped("none", 1, 2, "blend"), META, n -> {});
    VideoInfo blend = VideoInfo.probe(dir.resolve("bl.mp4"));
    assertEquals(19, blend.frames(), "one blended frame between each pair");
    assertEquals(20.0, blend.frameRate(), 1e-9);

    Clips.publish(frames, dir, "mc", 10, looped("none", 1, 2, "mci"), META, n -> {});
    VideoInfo mci = VideoInfo.probe(dir.resolve("mc.mp4"));
    assertEquals(20.0, mci.frameRate(), 1e-9);
    assertEquals(19, mci.frames(), "a synthesized frame between each pair");
    assertFalse(Files.exists(dir.resolve(".interpolated")), "work files removed");
  }

  /** Six frames of the cat photo sliding {@code step} px a frame, written to {@code folder}. */
  private List<Path> sliding(String folder, int step) throws Exception {
    RgbImage cat =
        ImageFiles.read(dev.dreamzoom.testing.Shared.image("chelsea.png")).coverCrop(160, 96);
    List<Path> frames = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Path f = dir.resolve(String.format("%s/%06d.png", folder, i + 1));
      ImageFiles.writePngAtomically(
          dev.dreamzoom.motion.Warp.warp(
              cat, 1, 0, step * i, 0, dev.dreamzoom.preset.BorderMode.REFLECT),
          f);
      frames.add(f);
    }
    return frames;
  }

  @Test
  void motionInterpolatedFramesLookLikeTheirNeighbours() throws Exception {
    // Natural content sliding 2 px a frame (periodic test patterns fool any block matcher).
    List<Path> frames = sliding("cat", 2);
    FrameSequence mci =
        MotionInterpolation.apply(FrameSequence.of(frames), 10, 2, dir.resolve("work"));
    assertEquals(11, mci.size());
    RgbImage between = ImageFiles.fromBufferedImage(mci.get(5));
    RgbImage before = ImageFiles.read(frames.get(2));
    RgbImage after = ImageFiles.read(frames.get(3));
    assertEquals(160, between.width());
    assertEquals(96, between.height());
    // In colour and in place: closer to its neighbours than they are to each other.
    double neighbours = diff(before, after);
    assertTrue(
        diff(between, before) < neighbours && diff(between, after) < neighbours,
        "synthesized frame vs neighbours: "
            + diff(between, before)
            + ", "
            + diff(between, after)
            + "; neighbours apart "
            + neighbours);
  }

  @Test
  void soundtrackIsTrimmedToTheClipAndFadedOut() throws Exception {
    // 3 s of a 440 Hz tone at half scale, under a 2 s clip with a 1 s fade-out.
    int rate = 44_100;
    byte[] pcm = new byte[3 * rate * 2];
    for (int i = 0; i < 3 * rate; i++) {
      short v = (short) (16_000 * Math.sin(2 * Math.PI * 440 * i / rate));
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    Path wav = dir.resolve("tone.wav");
    javax.sound.sampled.AudioFormat fmt =
        new javax.sound.sampled.AudioFormat(rate, 16, 1, true, false);
    javax.sound.sampled.AudioSystem.write(
        new javax.sound.sampled.AudioInputStream(
            new java.io.ByteArrayInputStream(pcm), fmt, 3L * rate),
        javax.sound.sampled.AudioFileFormat.Type.WAVE,
        wav.toFile());
    Clips.checkSoundtrack(wav);
    EncodeSpec spec =
        new EncodeSpec(
            List.of("mp4", "webm"),
            20,
            "veryfast",
            64,
            36,
            0,
            0,
            "none",
            1,
            1,
            "blend",
            wav,
            0,
            1.0);
    Clips.publish(frames(20, 64, 36), dir, "sound", 10, spec, META, n -> {});

    List<Float> samples = new ArrayList<>();
    String codec;
    try (org.bytedeco.javacv.FFmpegFrameGrabber g =
        new org.bytedeco.javacv.FFmpegFrameGrabber(dir.resolve("sound.mp4").toFile())) {
      g.setSampleMode(org.bytedeco.javacv.FrameGrabber.SampleMode.FLOAT);
      g.start();
      codec = g.getAudioCodecName();
      assertEquals(1, g.getAudioChannels());
      org.bytedeco.javacv.Frame f;
      while ((f = g.grabSamples()) != null) {
        java.nio.FloatBuffer b = (java.nio.FloatBuffer) f.samples[0];
        for (int i = 0; i < b.limit(); i++) {
          samples.add(b.get(i));
        }
      }
      g.stop();
    }
    assertEquals("aac", codec);
    try (org.bytedeco.javacv.FFmpegFrameGrabber g =
        new org.bytedeco.javacv.FFmpegFrameGrabber(dir.resolve("sound.webm").toFile())) {
      g.start();
      assertEquals("opus", g.getAudioCodecName());
      g.stop();
    }
    double seconds = samples.size() / (double) rate;
    assertEquals(2.0, seconds, 0.1, "trimmed to the clip");
    double early = rms(samples, rate / 5, rate * 3 / 5);
    double late = rms(samples, samples.size() - rate / 20, samples.size());
    assertTrue(early > 0.3, "full tone early on: rms " + early);
    assertTrue(late < 0.1 * early, "faded out at the end: rms " + late + " vs " + early);
  }

  private static double rms(List<Float> s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += s.get(i) * s.get(i);
    }
    return Math.sqrt(sum / (to - from));
  }

  @Test
  void crossfadeLoopEndsWhereItStarts() throws Exception {
    List<Path> frames = frames(12, 64, 36);
    FrameSequence loop = FrameSequence.of(frames).crossfadeLoop(4);
    RgbImage last = ImageFiles.fromBufferedImage(loop.get(loop.size() - 1));
    RgbImage first = ImageFiles.fromBufferedImage(loop.get(0));
    RgbImage rendered7 = ImageFiles.read(frames.get(7));
    // The loop's last frame is rendered frame 8 (index 7), and its first is mostly rendered
    // frame 9 fading into frame 1: playing on from the end continues where the clip went.
    assertEquals(0, diff(last, rendered7), 1e-9);
    assertTrue(
        diff(first, ImageFiles.read(frames.get(8))) < diff(first, ImageFiles.read(frames.get(0))));
  }

  private static double diff(RgbImage a, RgbImage b) {
    double sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs(a.pixels()[i] - b.pixels()[i]);
    }
    return sum / a.pixels().length;
  }

  @Test
  void mp4IsHighProfileYuv420pBt709WithExactFramesRateSizeAndMetadata() throws Exception {
    List<Path> written =
        Clips.publish(
            frames(12, 96, 64), dir, "clip", 24, spec(List.of("mp4"), 96, 64), META, n -> {});
    assertEquals(
        List.of(
            dir.resolve("clip.mp4"),
            dir.resolve("clip-preview.mp4"),
            dir.resolve("clip-poster.png")),
        written);
    VideoInfo preview = VideoInfo.probe(dir.resolve("clip-preview.mp4"));
    assertEquals(480, preview.width());
    assertEquals(320, preview.height());
    VideoInfo info = VideoInfo.probe(dir.resolve("clip.mp4"));
    assertEquals("h264", info.codec());
    assertEquals("High", info.profile());
    assertEquals("yuv420p", info.pixelFormat());
    assertEquals("bt709", info.colorPrimaries());
    assertEquals("bt709", info.colorTransfer());
    assertEquals("bt709", info.colorMatrix());
    assertEquals("tv", info.colorRange());
    assertEquals(96, info.width());
    assertEquals(64, info.height());
    assertEquals(24.0, info.frameRate(), 1e-9);
    assertEquals(12, info.frames());
    assertEquals("42", info.metadata().get("dreamzoom_seed"), info.metadata().toString());
    assertEquals("mobilenet_v1_0.75_224_quantized", info.metadata().get("dreamzoom_model"));
    assertEquals("clip", info.metadata().get("title"));
    assertEquals("dreamzoom test; preset clip", info.metadata().get("comment"));
    assertEquals(
        List.of("ftyp", "moov", "mdat"),
        topLevelBoxes(dir.resolve("clip.mp4")).stream().filter(b -> !b.equals("free")).toList(),
        "faststart: the index before the data");
    assertEquals(List.of(0), info.keyframes(), "12 frames, one keyframe every 2 s (48 frames)");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".part")).count());
    }
  }

  @Test
  void severalFormatsAtOnceWithAPosterAtThePublishSize() throws Exception {
    List<Path> frames = frames(10, 64, 36);
    Clips.publish(
        frames, dir, "all", 30, spec(List.of("mp4", "webm", "gif"), 192, 108), META, n -> {});
    VideoInfo mp4 = VideoInfo.probe(dir.resolve("all.mp4"));
    assertEquals(192, mp4.width());
    assertEquals(108, mp4.height());
    assertEquals(10, mp4.frames());
    VideoInfo webm = VideoInfo.probe(dir.resolve("all.webm"));
    assertEquals("vp9", webm.codec());
    assertEquals("yuv420p", webm.pixelFormat());
    assertEquals(192, webm.width());
    assertEquals(10, webm.frames());
    assertEquals(30.0, webm.frameRate(), 0.01);
    assertEquals(
        "42",
        webm.metadata().get("DREAMZOOM_SEED") == null
            ? webm.metadata().get("dreamzoom_seed")
            : webm.metadata().get("DREAMZOOM_SEED"),
        webm.metadata().toString());
    try (ImageInputStream in = ImageIO.createImageInputStream(dir.resolve("all.gif").toFile())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      assertEquals(10, reader.getNumImages(true), "GIF frames");
      assertEquals(192, reader.getWidth(0));
      reader.dispose();
    }
    RgbImage poster = ImageFiles.read(dir.resolve("all-poster.png"));
    assertEquals(192, poster.width());
    assertEquals(108, poster.height());
  }

  /** The types of an MP4's top-level boxes, in file order. */
  static List<String> topLevelBoxes(Path mp4) throws Exception {
    byte[] b = Files.readAllBytes(mp4);
    List<String> types = new ArrayList<>();
    int at = 0;
    while (at + 8 <= b.length) {
      long size =
          ((b[at] & 0xffL) << 24)
              | ((b[at + 1] & 0xff) << 16)
              | ((b[at + 2] & 0xff) << 8)
              | (b[at + 3] & 0xff);
      types.add(new String(b, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
      if (size == 1) {
        size = java.nio.ByteBuffer.wrap(b, at + 8, 8).getLong();
      }
      if (size < 8) {
        break;
      }
      at += (int) size;
    }
    return types;
  }

  @Test
  void keyframesComeAtTheAskedIntervalAndThePosterIsTheAskedFrame() throws Exception {
    List<Path> frames = frames(12, 64, 36);
    EncodeSpec spec =
        new EncodeSpec(
            List.of("mp4"), 20, "veryfast", 64, 36, 4, 5, "none", 1, 1, "mci", null, 0, 0);
    Clips.publish(frames, dir, "k", 24, spec, META, n -> {});
    List<Integer> keys = VideoInfo.probe(dir.resolve("k.mp4")).keyframes();
    assertTrue(keys.containsAll(List.of(0, 4, 8)), keys.toString());
    for (int i = 1; i < keys.size(); i++) {
      assertTrue(keys.get(i) - keys.get(i - 1) <= 4, "no gap longer than 4 frames: " + keys);
    }
    assertEquals(
        0,
        diff(ImageFiles.read(dir.resolve("k-poster.png")), ImageFiles.read(frames.get(4))),
        1e-9,
        "encode.poster = 5 is the fifth frame (1-based), at the publish size");
    Clips.publish(frames, dir, "m", 24, spec(List.of("mp4"), 64, 36), META, n -> {});
    assertEquals(
        0,
        diff(ImageFiles.read(dir.resolve("m-poster.png")), ImageFiles.read(frames.get(6))),
        1e-9,
        "by default the middle frame");
  }

  /** Each frame's own palette, its delay in hundredths of a second, and the endless-loop marker. */
  @Test
  void gifFramesHaveTheirOwnPalettesTheFrameDelayAndLoopForever() throws Exception {
    Clips.publish(frames(4, 48, 32), dir, "g", 30, spec(List.of("gif"), 48, 32), META, n -> {});
    javax.imageio.ImageReader reader =
        javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
    try (javax.imageio.stream.ImageInputStream in =
        javax.imageio.ImageIO.createImageInputStream(dir.resolve("g.gif").toFile())) {
      reader.setInput(in);
      assertEquals(4, reader.getNumImages(true));
      List<String> palettes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        org.w3c.dom.Node root = reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        org.w3c.dom.Node local = child(root, "LocalColorTable");
        if (local == null && i == 0) {
          // ImageIO's writer stores the first frame's palette as the file's global table.
          local =
              child(
                  reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0"),
                  "GlobalColorTable");
        }
        assertTrue(local != null, "frame " + i + " has a palette of its own");
        StringBuilder colours = new StringBuilder();
        for (org.w3c.dom.Node e = local.getFirstChild(); e != null; e = e.getNextSibling()) {
          org.w3c.dom.NamedNodeMap a = e.getAttributes();
          colours
              .append(a.getNamedItem("red").getNodeValue())
              .append(',')
              .append(a.getNamedItem("green").getNodeValue())
              .append(',')
              .append(a.getNamedItem("blue").getNodeValue())
              .append(';');
        }
        palettes.add(colours.toString());
        assertEquals(
            "3",
            child(root, "GraphicControlExtension")
                .getAttributes()
                .getNamedItem("delayTime")
                .getNodeValue(),
            "30 fps is 3/100 s per frame");
        if (i == 0) {
          org.w3c.dom.Node app =
              child(child(root, "ApplicationExtensions"), "ApplicationExtension");
          assertEquals(
              "NETSCAPE", app.getAttributes().getNamedItem("applicationID").getNodeValue());
          assertEquals(
              "2.0", app.getAttributes().getNamedItem("authenticationCode").getNodeValue());
          byte[] data = (byte[]) ((javax.imageio.metadata.IIOMetadataNode) app).getUserObject();
          assertEquals(0, (data[1] & 0xff) | ((data[2] & 0xff) << 8), "loop count 0: forever");
        }
      }
      assertEquals(4, new java.util.HashSet<>(palettes).size(), "four different palettes");
    } finally {
      reader.dispose();
    }
  }

  private static org.w3c.dom.Node child(org.w3c.dom.Node parent, String name) {
    for (org.w3c.dom.Node n = parent == null ? null : parent.getFirstChild();
        n != null;
        n = n.getNextSibling()) {
      if (n.getNodeName().equals(name)) {
        return n;
      }
    }
    return null;
  }

  /** Every faded frame of a crossfade loop is the weighted blend of its two frames, to a level. */
  @Test
  void everyCrossfadedFrameIsTheExpectedBlend() throws Exception {
    List<Path> frames = frames(12, 64, 36);
    int k = 4;
    FrameSequence loop = FrameSequence.of(frames).crossfadeLoop(k);
    assertEquals(8, loop.size());
    for (int i = 0; i < loop.size(); i++) {
      RgbImage got = ImageFiles.fromBufferedImage(loop.get(i));
      if (i >= k) {
        assertEquals(
            0, diff(got, ImageFiles.read(frames.get(i))), 1e-9, "frame " + i + " as rendered");
        continue;
      }
      double a = (i + 1.0) / (k + 1);
      RgbImage end = ImageFiles.read(frames.get(12 - k + i));
      RgbImage start = ImageFiles.read(frames.get(i));
      for (int p = 0; p < got.pixels().length; p++) {
        double want = (1 - a) * end.pixels()[p] + a * start.pixels()[p];
        assertEquals(want, got.pixels()[p], 1.0, "frame " + i + " sample " + p);
      }
    }
  }

  /**
   * On content moved by a known amount, the synthesized in-between frame is closer to the true
   * half-way position than a 50/50 cross-dissolve of its neighbours is.
   */
  @Test
  void motionCompensatedFramesBeatABlendAtTheTrueHalfShift() throws Exception {
    RgbImage cat =
        ImageFiles.read(dev.dreamzoom.testing.Shared.image("chelsea.png")).coverCrop(160, 96);
    List<Path> frames = sliding("shift", 4);
    FrameSequence mci =
        MotionInterpolation.apply(FrameSequence.of(frames), 10, 2, dir.resolve("work2"));
    RgbImage synthesized = ImageFiles.fromBufferedImage(mci.get(5));
    RgbImage blend =
        ImageFiles.fromBufferedImage(FrameSequence.of(frames).blendInterpolated(2).get(5));
    RgbImage truth =
        dev.dreamzoom.motion.Warp.warp(cat, 1, 0, 10, 0, dev.dreamzoom.preset.BorderMode.REFLECT);
    double mciError = interiorDiff(synthesized, truth);
    double blendError = interiorDiff(blend, truth);
    System.out.printf(
        "error against the true half-shift: mci %.2f, blend %.2f levels%n", mciError, blendError);
    Margins.atMost("error against the true half-shift, mci / blend", mciError / blendError, 0.8);
  }

  private static double interiorDiff(RgbImage a, RgbImage b) {
    double sum = 0;
    int n = 0;
    for (int y = 8; y < a.height() - 8; y++) {
      for (int x = 16; x < a.width() - 16; x++) {
        for (int c = 0; c < 3; c++) {
          sum += Math.abs(a.get(x, y, c) - b.get(x, y, c));
          n++;
        }
      }
    }
    return sum / n;
  }

  @Test
  void gifPaletteIsTheImagesOwnAndCloseToIt() throws Exception {
    List<Path> frames = frames(1, 120, 80);
    Clips.publish(frames, dir, "one", 10, spec(List.of("gif"), 120, 80), META, n -> {});
    RgbImage original = ImageFiles.read(frames.get(0));
    RgbImage gif = ImageFiles.read(dir.resolve("one.gif"));
    double err = 0;
    for (int i = 0; i < original.pixels().length; i++) {
      err += Math.abs(original.pixels()[i] - gif.pixels()[i]);
    }
    err /= original.pixels().length;
    // A fixed 3-3-2 palette is off by about 8 levels on average; an optimized one by far less.
    Margins.atMost("GIF: mean error per sample", err, 4);
  }

  @Test
  void aBrokenFrameFailsWithoutLeavingAClip() throws Exception {
    List<Path> files = frames(2, 32, 32);
    Files.writeString(files.get(1), "garbage");
    assertThrows(
        EncodeException.class,
        () ->
            Clips.publish(
                files, dir, "broken", 30, spec(List.of("mp4", "gif"), 32, 32), META, n -> {}));
    assertFalse(Files.exists(dir.resolve("broken.mp4")));
    assertFalse(Files.exists(dir.resolve("broken.gif")));
  }
}
