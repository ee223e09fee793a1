package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.seed.Seeds;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path through the CLI with the real network: preset to PNG frames to MP4. */
@Tag("slow")
class RenderEndToEndTest {
  @TempDir Path dir;

  @Test
  void tenFrameRenderDecodesToTenFramesOfThePresetSizeAndRate() throws Exception {
    Path preset = dir.resolve("tiny.properties");
    Files.writeString(
        preset,
        """
        name = tiny
        seed = noise
        random.seed = 3
        width = 192
        height = 112
        fps = 12
        frames = 10
        dream.octaves = 2
        dream.iterations = 4
        motion.zoom = 1.05
        motion.angle = 1
        encode.preset = veryfast
        """);
    CliTest.Run r = CliTest.render(preset, dir.resolve("out"));
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("frame 10/10"), r.out());

    Path out = dir.resolve("out/tiny");
    try (Stream<Path> s = Files.list(out.resolve("frames"))) {
      assertEquals(10, s.filter(p -> p.toString().endsWith(".png")).count());
    }
    VideoInfo info = VideoInfo.probe(out.resolve("tiny.mp4"));
    assertEquals(10, info.frames());
    assertEquals(192, info.width());
    assertEquals(112, info.height());
    assertEquals(12.0, info.frameRate(), 1e-9);
    assertEquals("High", info.profile());
    assertEquals("yuv420p", info.pixelFormat());

    // The first frame is the seed noise dreamed on, not the seed itself.
    RgbImage seed = Seeds.fractal(192, 112, 3);
    RgbImage first = ImageFiles.read(out.resolve("frames/000001.png"));
    double diff = 0;
    for (int i = 0; i < seed.pixels().length; i++) {
      diff += Math.abs(seed.pixels()[i] - first.pixels()[i]);
    }
    assertTrue(diff / seed.pixels().length > 2, "mean change " + diff / seed.pixels().length);
    assertTrue(Files.isRegularFile(out.resolve("preset.properties")));
  }

  @Test
  void unknownLayerIsOneClearErrorAndWritesNothing() throws Exception {
    Path preset = dir.resolve("typo.properties");
    Files.writeString(preset, "dream.layers = MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu\n");
    Path out = dir.resolve("out");
    CliTest.Run r = CliTest.render(preset, out);
    assertEquals(1, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "line 1: dream.layers: unknown layer"
                    + " 'MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu'"),
        r.err());
    assertTrue(
        r.err().contains("similar: MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu6"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(
        Files.exists(out.resolve("typo")), "nothing is written for a preset that cannot render");

    Path filters = dir.resolve("filters.properties");
    Files.writeString(
        filters,
        """
        mode = filters
        filters = 0:MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6#400, \\
                  50:MobilenetV1/MobilenetV1/Conv2d_77_pointwise/Relu6#1
        """);
    CliTest.Run both = CliTest.render(filters, out);
    assertEquals(1, both.code(), both.err());
    assertTrue(
        both.err()
            .contains(
                "line 2: filters: unknown layer 'MobilenetV1/MobilenetV1/Conv2d_77_pointwise/Relu6'"),
        both.err());
    assertTrue(
        both.err()
            .contains(
                "line 2: filters: channel 400 of layer"
                    + " 'MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6' does not exist: it has 384 channels (0..383)"),
        both.err());
    assertFalse(both.err().contains("\tat "), both.err());
  }

  @Test
  void previewRendersOneReducedFrameOfABundledPreset() throws Exception {
    Path out = dir.resolve("preview.png");
    CliTest.Run r =
        CliTest.run(
            "preview",
            "presets/filter-flight-mobilenet.properties",
            "--frame",
            "200",
            "--scale",
            "0.25",
            "--out",
            out.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    RgbImage img = ImageFiles.read(out);
    assertEquals(160, img.width());
    assertEquals(90, img.height());
    CliTest.Run late =
        CliTest.run("preview", "presets/filter-flight-mobilenet.properties", "--frame", "999");
    assertEquals(2, late.code());
    assertTrue(late.err().contains("past the preset's 360 frames"), late.err());
  }

  @Test
  void atlasHasOneLabelledTilePerChannel() throws Exception {
    Path out = dir.resolve("atlas.png");
    CliTest.Run r =
        CliTest.run(
            "atlas",
            "mobilenet_v1_0.75_224_quantized",
            "MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6",
            "--channels",
            "3,9-11",
            "--size",
            "64",
            "--iterations",
            "3",
            "--out",
            out.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("4 channels"), r.out());
    RgbImage atlas = ImageFiles.read(out);
    assertEquals(2 * 64 + 3 * 4, atlas.width(), "2 columns for 4 tiles");
    assertEquals(2 * 64 + 3 * 4, atlas.height());
    CliTest.Run bad =
        CliTest.run(
            "atlas",
            "mobilenet_v1_0.75_224_quantized",
            "MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6",
            "--channels",
            "380-390",
            "--model-mirror",
            Shared.models().toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("channel 384 of layer"), bad.err());
  }

  @Test
  void layersCommandListsConv9WithItsAliasAndChannels() {
    CliTest.Run r =
        CliTest.run(
            "layers",
            "mobilenet_v1_0.75_224_quantized",
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .matches(
                "(?s).*MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu6\\s+conv2d_9\\s+384\\s+Relu6.*"),
        r.out());
    assertTrue(r.out().contains("default deepdream layers: conv2d_9"), r.out());
  }

  @Test
  void dreamCommandWritesAStillOfTheInputSize() throws Exception {
    Path out = dir.resolve("still.png");
    CliTest.Run r =
        CliTest.run(
            "dream",
            Shared.image("chelsea.png").toString(),
            out.toString(),
            "--octaves",
            "2",
            "--iterations",
            "3",
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    RgbImage in = ImageFiles.read(Shared.image("chelsea.png"));
    RgbImage still = ImageFiles.read(out);
    assertEquals(in.width(), still.width());
    assertEquals(in.height(), still.height());
  }

  /** preview shows what the render will: --exact frame T is the rendered frame T, byte for byte. */
  @Test
  void previewMatchesTheRenderedFrames() throws Exception {
    Path preset = dir.resolve("peek.properties");
    Files.writeString(
        preset,
        """
        name = peek
        random.seed = 4
        width = 128
        height = 80
        frames = 4
        dream.octaves = 2
        dream.iterations = 3
        motion.zoom = 1.05
        motion.angle = 1
        encode.preset = veryfast
        """);
    String mirror = Shared.models().toString();
    assertEquals(
        0,
        CliTest.run(
                "render",
                preset.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--model-mirror",
                mirror)
            .code());
    for (String[] c : new String[][] {{"4", "--exact"}, {"1", "--exact"}, {"1", null}}) {
      Path out = dir.resolve("peek-" + c[0] + (c[1] == null ? "" : "-exact") + ".png");
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "preview",
                  preset.toString(),
                  "--frame",
                  c[0],
                  "--scale",
                  "1",
                  "--out",
                  out.toString(),
                  "--model-mirror",
                  mirror));
      if (c[1] != null) {
        args.add(c[1]);
      }
      CliTest.Run r = CliTest.run(args.toArray(new String[0]));
      assertEquals(0, r.code(), r.err());
      assertArrayEquals(
          ImageFiles.read(
                  dir.resolve(String.format("out/peek/frames/%06d.png", Integer.parseInt(c[0]))))
              .pixels(),
          ImageFiles.read(out).pixels(),
          0f,
          String.join(" ", args));
    }
  }

  /** atlas's printed rises and ranks agree with each other and with the tiles it wrote. */
  @Test
  void atlasPrintsConsistentRisesAndRanks() throws Exception {
    Path out = dir.resolve("ranks.png");
    CliTest.Run r =
        CliTest.run(
            "atlas",
            "mobilenet_v1_0.75_224_quantized",
            "conv2d_7",
            "--channels",
            "3,11",
            "--size",
            "64",
            "--iterations",
            "3",
            "--out",
            out.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "channel (\\d+) \\((\\d)/2\\): rose ([+-][0-9.]+), rank (\\d+) of 384(?: \\(channel (\\d+) rose ([+-][0-9.]+)\\))?")
            .matcher(r.out());
    int lines = 0;
    int first = 0;
    while (m.find()) {
      lines++;
      double rise = Double.parseDouble(m.group(3));
      int rank = Integer.parseInt(m.group(4));
      assertTrue(rank >= 1 && rank <= 384, m.group());
      if (rank == 1) {
        first++;
        assertTrue(m.group(5) == null, "a first rank names no other leader: " + m.group());
      } else {
        assertTrue(
            Double.parseDouble(m.group(6)) > rise, "the named leader rose more: " + m.group());
      }
    }
    assertEquals(2, lines, r.out());
    assertTrue(r.out().contains(first + " of 2 channels rose more than any other"), r.out());
  }

  @Test
  void layersAllAddsTheConvolutionsAndOtherTensors() {
    String mirror = Shared.models().toString();
    CliTest.Run some =
        CliTest.run("layers", "mobilenet_v1_0.75_224_quantized", "--model-mirror", mirror);
    CliTest.Run all =
        CliTest.run("layers", "mobilenet_v1_0.75_224_quantized", "--all", "--model-mirror", mirror);
    assertEquals(0, all.code(), all.err());
    long rows = all.out().lines().filter(l -> l.startsWith("MobilenetV1/")).count();
    assertTrue(
        rows > 2 * some.out().lines().filter(l -> l.startsWith("MobilenetV1/")).count(), all.out());
    assertTrue(
        all.out()
            .matches("(?s).*Conv2d_9_pointwise/BatchNorm/batchnorm/mul_1\\s+-\\s+384\\s+Conv2D.*"),
        all.out());
    assertTrue(
        all.out()
            .matches("(?s).*Conv2d_9_depthwise/depthwise\\s+-\\s+384\\s+DepthwiseConv2dNative.*"),
        all.out());
    assertTrue(!some.out().contains("Conv2D"), "activations only without --all");
  }

  /** encode's options on the command line reach the clips it rebuilds. */
  @Test
  void encodeRebuildsTheClipsWithTheOptionsGiven() throws Exception {
    Path preset = dir.resolve("re.properties");
    Files.writeString(
        preset,
        "name = re\nwidth = 96\nheight = 64\nframes = 4\ndream.octaves = 1\n"
            + "dream.iterations = 2\nencode.preset = veryfast\n");
    String mirror = Shared.models().toString();
    assertEquals(
        0,
        CliTest.run(
                "render",
                preset.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--model-mirror",
                mirror)
            .code());
    Path render = dir.resolve("out/re");
    CliTest.Run r =
        CliTest.run(
            "encode",
            render.toString(),
            "--format",
            "webm,gif",
            "--crf",
            "30",
            "--width",
            "128",
            "--height",
            "86",
            "--fps",
            "12");
    assertEquals(0, r.code(), r.err());
    VideoInfo webm = VideoInfo.probe(render.resolve("re.webm"));
    assertEquals("vp9", webm.codec());
    assertEquals(128, webm.width());
    assertEquals(86, webm.height());
    assertEquals(12.0, webm.frameRate(), 0.01);
    assertEquals(4, webm.frames());
    assertTrue(Files.size(render.resolve("re.gif")) > 0);
    CliTest.Run odd = CliTest.run("encode", render.toString(), "--width", "127", "--height", "86");
    assertEquals(2, odd.code(), odd.err() + odd.out());
  }

  @Test
  void anEmptyPresetWarnsThatItRendersTheDefaults() throws Exception {
    Path preset = dir.resolve("empty.properties");
    Files.writeString(preset, "# nothing set yet\n");
    CliTest.Run r =
        CliTest.run(
            "render",
            preset.toString(),
            "--frames",
            "1",
            "--output",
            dir.resolve("out").toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        (r.out() + r.err())
            .contains(
                "warning: " + preset + " sets no keys: rendering 120 frames of the" + " defaults"),
        r.out() + r.err());
  }

  @Test
  void aNoteFileAsModelAndADamagedCheckpointSayWhatToDo() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "these are my notes");
    Path notes = dir.resolve("notes.properties");
    Files.writeString(notes, "model = notes.txt\ndream.layers = x\n");
    CliTest.Run n =
        CliTest.run("render", notes.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, n.code());
    assertTrue(n.err().contains("notes.txt is not a TensorFlow GraphDef"), n.err());

    Path preset = dir.resolve("cut.properties");
    Files.writeString(
        preset,
        "name = cut\nwidth = 64\nheight = 64\nframes = 4\ndream.octaves = 1\n"
            + "dream.iterations = 1\nencode.preset = veryfast\n");
    String mirror = Shared.models().toString();
    assertEquals(
        0,
        CliTest.run(
                "render",
                preset.toString(),
                "--frames",
                "2",
                "--output",
                dir.resolve("out").toString(),
                "--model-mirror",
                mirror)
            .code());
    Path checkpoint = dir.resolve("out/cut/state/checkpoint.bin");
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length - 5] ^= 0x55;
    Files.write(checkpoint, bytes);
    CliTest.Run damaged =
        CliTest.run(
            "render",
            preset.toString(),
            "--output",
            dir.resolve("out").toString(),
            "--model-mirror",
            mirror);
    // No checkpoint was kept yet: the render starts again from its seed, which gives the same
    // frames.
    assertEquals(0, damaged.code(), damaged.out() + damaged.err());
    assertTrue(
        damaged
            .out()
            .contains(
                "warning: damaged checkpoint (checksum mismatch): "
                    + checkpoint
                    + "; continuing from the seed"),
        damaged.out());
    assertEquals(4, dev.dreamzoom.frames.Checkpoint.read(checkpoint).framesDone());
  }

  /** A soundtrack that is not audio is found before the first frame, not after the last. */
  @Test
  void aSoundtrackThatIsNotAudioStopsTheRenderBeforeItStarts() throws Exception {
    Files.writeString(dir.resolve("track.mp3"), "not audio at all");
    Path preset = dir.resolve("mute.properties");
    Files.writeString(
        preset, "name = mute\nwidth = 64\nheight = 64\nframes = 2\nencode.audio = track.mp3\n");
    CliTest.Run r = CliTest.render(preset, dir.resolve("out"));
    assertEquals(1, r.code());
    assertTrue(
        r.err()
            .startsWith(
                "error: encode.audio: cannot read the soundtrack " + dir.resolve("track.mp3")),
        r.err());
    assertTrue(r.err().contains("before rendering"), r.err());
    assertFalse(Files.exists(dir.resolve("out/mute/frames")), "no frame was rendered");
  }
}
