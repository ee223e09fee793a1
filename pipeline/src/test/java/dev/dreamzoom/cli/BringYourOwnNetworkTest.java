package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.app.PreparedRender;
import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.testing.TinyVgg;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A preset naming a network file of its own, by relative path, with aliases and model.* keys. */
@Tag("slow")
class BringYourOwnNetworkTest {
  @TempDir Path dir;

  @Test
  void rendersAFilterFlightThroughKerasWeightsByAlias() throws Exception {
    TinyVgg.write(Files.createDirectories(dir.resolve("nets")).resolve("tiny_vgg.h5"));
    Path preset = dir.resolve("own.properties");
    Files.writeString(
        preset,
        """
        mode = filters
        model = nets/tiny_vgg.h5
        filters = 0:conv2_1#3, 2:block1_conv1#1
        filters.crossfade = 1
        filters.growth = 2
        width = 48
        height = 32
        fps = 4
        frames = 3
        dream.octaves = 1
        dream.iterations = 3
        encode.preset = veryfast
        """);
    CliTest.Run r =
        CliTest.run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.err() + r.out());
    VideoInfo info = VideoInfo.probe(dir.resolve("out/own/own.mp4"));
    assertEquals(3, info.frames());
    assertEquals(48, info.width());

    CliTest.Run layers = CliTest.run("layers", dir.resolve("nets/tiny_vgg.h5").toString());
    assertEquals(0, layers.code(), layers.err());
    assertTrue(layers.out().matches("(?s).*block2_conv1\\s+conv2_1\\s+8\\s+Relu.*"), layers.out());
  }

  @Test
  void aNetworkOfYourOwnHasNoDefaultTargetsSoThePresetMustNameThem() throws Exception {
    TinyVgg.write(dir.resolve("tiny_vgg.h5"));
    Path preset = dir.resolve("nameless.properties");
    Files.writeString(
        preset, "mode = filters\nmodel = tiny_vgg.h5\nwidth = 32\nheight = 32\nframes = 1\n");
    CliTest.Run r =
        CliTest.run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("filters: model") && r.err().contains("has no default filters; name some"),
        r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void modelKeysOverrideHowPixelsAreFed() throws Exception {
    TinyVgg.write(dir.resolve("tiny_vgg.h5"));
    Path preset = dir.resolve("fed.properties");
    Files.writeString(
        preset,
        """
        model = tiny_vgg.h5
        model.offset = 0
        model.scale = 255
        model.channels = rgb
        dream.layers = conv1_1
        """);
    PreparedRender p =
        PreparedRender.load(
            PresetParser.parse(preset),
            new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null));
    assertArrayEquals(new float[] {0, 0, 0}, p.network().entry().input().offset());
    assertArrayEquals(new float[] {255, 255, 255}, p.network().entry().input().scale());
    assertFalse(p.network().entry().input().bgr());
    assertEquals("input", p.network().entry().input().tensor(), "kept from the importer");

    Files.writeString(
        preset, "model = tiny_vgg.h5\nmodel.input = pixels\ndream.layers = conv1_1\n");
    CliTest.Run r =
        CliTest.run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("has no input tensor 'pixels'"), r.err());
  }

  /**
   * class(...) needs scores of shape [1, classes]; a 4-D activation named as the logits is refused.
   */
  @Test
  void logitsNamingAFourDimensionalActivationAreRefusedBeforeFrameOne() throws Exception {
    TinyVgg.write(dir.resolve("tiny_vgg.h5"));
    Path preset = dir.resolve("scores.properties");
    Files.writeString(
        preset,
        """
        model = tiny_vgg.h5
        model.logits = conv2_1
        objective = class(3)
        width = 32
        height = 32
        frames = 2
        """);
    CliTest.Run r =
        CliTest.run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(
        r.err().contains("not [1, classes]: model.logits must name the network's class scores"),
        r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(dir.resolve("out/scores/frames/000001.png")), "nothing was rendered");
  }
}
