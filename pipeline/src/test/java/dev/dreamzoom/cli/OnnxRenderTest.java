package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.testing.TinyOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A preset naming an ONNX file renders a clip, and {@code layers} lists the file's layers. */
@Tag("slow")
class OnnxRenderTest {
  @TempDir Path dir;

  @Test
  void aPresetNamingAnOnnxFileRendersAClip() throws Exception {
    TinyOnnx.write(dir.resolve("tiny.onnx"));
    Path preset = dir.resolve("onnx.properties");
    Files.writeString(
        preset,
        """
        name = onnx
        seed = noise
        width = 96
        height = 64
        frames = 3
        model = tiny.onnx
        dream.layers = /relu2/Relu_output_0
        dream.octaves = 2
        dream.iterations = 3
        encode.preset = veryfast
        """);
    Path out = dir.resolve("out");
    CliTest.Run run = CliTest.run("render", preset.toString(), "--output", out.toString());
    assertEquals(0, run.code(), run.err());
    assertEquals(3, VideoInfo.probe(out.resolve("onnx/onnx.mp4")).frames());

    CliTest.Run layers = CliTest.run("layers", dir.resolve("tiny.onnx").toString());
    assertEquals(0, layers.code(), layers.err());
    assertTrue(
        layers.out().contains("relu2_Relu_output_0")
            && layers.out().contains("/relu2/Relu_output_0"),
        layers.out());
  }
}
