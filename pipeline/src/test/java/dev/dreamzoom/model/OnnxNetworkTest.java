package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.TinyOnnx;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX model given by path becomes a network: its input found, its 4-D activations listed under
 * their ONNX names with channel counts, torchvision's normalization assumed, and gradient ascent
 * through it raising the objective in float32 and in bfloat16. (Plumbing, on a small model built in
 * code; what each operator computes is {@link dev.dreamzoom.model.onnx.OnnxConformanceTest}'s.)
 */
@Tag("slow")
class OnnxNetworkTest {
  @TempDir Path dir;

  @Test
  void anOnnxFileIsANetworkWithItsLayersAndAGradient() throws Exception {
    Path file = TinyOnnx.write(dir.resolve("tiny.onnx"));
    assertEquals(ModelFormat.ONNX, ModelFormat.of(file));
    ModelStore store = new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null);
    Network network = Network.load(store.resolve(file.toString()));
    assertEquals("input.1", network.entry().input().tensor());
    assertArrayEquals(new float[] {123.675f, 116.28f, 103.53f}, network.entry().input().offset());
    Map<String, LayerInfo> layers =
        network.layers(false).stream().collect(Collectors.toMap(LayerInfo::name, l -> l));
    assertEquals(8, layers.get("relu1_Relu_output_0").channels(), layers.toString());
    assertEquals(16, layers.get("relu2_Relu_output_0").channels(), layers.toString());
    // The ONNX value name, leading slash and all, names the layer too.
    assertEquals("relu2_Relu_output_0", network.tensor("/relu2/Relu_output_0"));
    assertTrue(
        network.layers(true).stream()
            .anyMatch(l -> l.name().equals("pool_MaxPool_output_0") && l.channels() == 8),
        network.layers(true).toString());
    ImporterChecks.assertDreamsInBothPrecisions(network, "/relu2/Relu_output_0");
  }

  @Test
  void anUnsupportedOperatorIsNamedWithItsNode() throws Exception {
    Path file = dir.resolve("lstm.onnx");
    var model =
        dev.dreamzoom.model.onnx.OnnxProto.ModelProto.parseFrom(
            java.nio.file.Files.readAllBytes(TinyOnnx.write(dir.resolve("base.onnx"))));
    var graph = model.getGraph().toBuilder();
    graph.setNode(2, graph.getNode(2).toBuilder().setOpType("Mish"));
    java.nio.file.Files.write(file, model.toBuilder().setGraph(graph).build().toByteArray());
    ModelException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ModelException.class,
            () ->
                Network.load(
                    new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null)
                        .resolve(file.toString())));
    assertTrue(
        e.getMessage()
            .contains("node '/relu1/Relu': operator Mish is not supported (supported: Add,"),
        e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
