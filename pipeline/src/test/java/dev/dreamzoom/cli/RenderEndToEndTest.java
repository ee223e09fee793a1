package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.encode.VideoInfo;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.seed.Seeds;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Files.writeString(preset, """
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
    CliTest.Run r = CliTest.run("render", preset.toString(), "--output", dir.resolve("out").toString(),
        "--model-mirror", Shared.models().toString());
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
    CliTest.Run r = CliTest.run("render", preset.toString(), "--output", out.toString(),
        "--model-mirror", Shared.models().toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("line 1: dream.layers: unknown layer"
        + " 'MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu'"), r.err());
    assertTrue(r.err().contains("similar: MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu6"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(out.resolve("typo")), "nothing is written for a preset that cannot render");

    Path filters = dir.resolve("filters.properties");
    Files.writeString(filters, """
        mode = filters
        filters = 0:MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6#400, \\
                  50:MobilenetV1/MobilenetV1/Conv2d_77_pointwise/Relu6#1
        """);
    CliTest.Run both = CliTest.run("render", filters.toString(), "--output", out.toString(),
        "--model-mirror", Shared.models().toString());
    assertEquals(1, both.code(), both.err());
    assertTrue(both.err().contains("line 2: filters: unknown layer 'MobilenetV1/MobilenetV1/Conv2d_77_pointwise/Relu6'"),
        both.err());
    assertTrue(both.err().contains("line 2: filters: channel 400 of layer"
        + " 'MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6' does not exist: it has 384 channels (0..383)"),
        both.err());
    assertFalse(both.err().contains("\tat "), both.err());
  }

  @Test
  void previewRendersOneReducedFrameOfABundledPreset() throws Exception {
    Path out = dir.resolve("preview.png");
    CliTest.Run r = CliTest.run("preview", "presets/filter-flight-mobilenet.properties", "--frame", "200",
        "--scale", "0.25", "--out", out.toString(), "--model-mirror", Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    RgbImage img = ImageFiles.read(out);
    assertEquals(160, img.width());
    assertEquals(90, img.height());
    CliTest.Run late = CliTest.run("preview", "presets/filter-flight-mobilenet.properties", "--frame", "999");
    assertEquals(2, late.code());
    assertTrue(late.err().contains("past the preset's 360 frames"), late.err());
  }

  @Test
  void atlasHasOneLabelledTilePerChannel() throws Exception {
    Path out = dir.resolve("atlas.png");
    CliTest.Run r = CliTest.run("atlas", "mobilenet_v1_0.75_224_quantized",
        "MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6", "--channels", "3,9-11", "--size", "64",
        "--iterations", "3", "--out", out.toString(), "--model-mirror", Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("4 channels"), r.out());
    RgbImage atlas = ImageFiles.read(out);
    assertEquals(2 * 64 + 3 * 4, atlas.width(), "2 columns for 4 tiles");
    assertEquals(2 * 64 + 3 * 4, atlas.height());
    CliTest.Run bad = CliTest.run("atlas", "mobilenet_v1_0.75_224_quantized",
        "MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6", "--channels", "380-390",
        "--model-mirror", Shared.models().toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("channel 384 of layer"), bad.err());
  }

  @Test
  void layersCommandListsConv9WithItsAliasAndChannels() {
    CliTest.Run r = CliTest.run("layers", "mobilenet_v1_0.75_224_quantized",
        "--model-mirror", Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu6\\s+conv2d_9\\s+384\\s+Relu6.*"), r.out());
    assertTrue(r.out().contains("default deepdream layers: conv2d_9"), r.out());
  }

  @Test
  void dreamCommandWritesAStillOfTheInputSize() throws Exception {
    Path out = dir.resolve("still.png");
    CliTest.Run r = CliTest.run("dream", Shared.image("chelsea.png").toString(), out.toString(),
        "--octaves", "2", "--iterations", "3", "--model-mirror", Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    RgbImage in = ImageFiles.read(Shared.image("chelsea.png"));
    RgbImage still = ImageFiles.read(out);
    assertEquals(in.width(), still.width());
    assertEquals(in.height(), still.height());
  }
}
