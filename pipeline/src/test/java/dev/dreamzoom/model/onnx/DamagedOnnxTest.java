package dev.dreamzoom.model.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.testing.TinyOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX file whose initializers do not fill their dims (truncated, or dims tampered with) is one
 * clear ModelException naming the initializer, not a BufferUnderflowException or a
 * NullPointerException from deep inside the import.
 */
@Tag("slow")
class DamagedOnnxTest {
  @TempDir Path dir;

  private String refusal(UnaryOperator<OnnxProto.TensorProto> damage) throws Exception {
    OnnxProto.ModelProto good =
        OnnxProto.ModelProto.parseFrom(
            Files.readAllBytes(TinyOnnx.write(dir.resolve("good.onnx"))));
    OnnxProto.GraphProto.Builder g = good.getGraph().toBuilder();
    g.setInitializer(0, damage.apply(g.getInitializer(0)));
    Path bad = dir.resolve("bad.onnx");
    Files.write(bad, good.toBuilder().setGraph(g).build().toByteArray());
    return assertThrows(ModelException.class, () -> OnnxGraphs.translate(bad, true)).getMessage();
  }

  @Test
  void anInitializerShorterThanItsDimsIsRefusedByName() throws Exception {
    String m = refusal(t -> t.toBuilder().clearFloatData().addFloatData(1f).build());
    assertTrue(
        m.contains("initializer 'conv1.weight' has dims [8, 3, 3, 3] (216 values) but holds 1"), m);
  }

  @Test
  void hugeDimsAreRefusedBeforeAnyAllocation() throws Exception {
    String m =
        refusal(
            t ->
                t.toBuilder()
                    .clearDims()
                    .addDims(1L << 20)
                    .addDims(1L << 20)
                    .addDims(3)
                    .addDims(3)
                    .build());
    assertTrue(
        m.contains("initializer 'conv1.weight' has dims [1048576, 1048576, 3, 3], more values"), m);
  }

  @Test
  void rawDataCutShortIsRefusedToo() throws Exception {
    String m =
        refusal(
            t -> {
              java.nio.ByteBuffer b =
                  java.nio.ByteBuffer.allocate(4 * 100).order(java.nio.ByteOrder.LITTLE_ENDIAN);
              return t.toBuilder()
                  .clearFloatData()
                  .setRawData(com.google.protobuf.ByteString.copyFrom(b.array()))
                  .build();
            });
    assertTrue(m.contains("(216 values) but holds 100"), m);
  }

  /** A one-channel (grey) network is refused when it loads, not at the first frame of a render. */
  @Test
  void aNetworkThatDoesNotTakeThreeChannelsIsRefusedWhenLoaded() throws Exception {
    OnnxProto.ModelProto good =
        OnnxProto.ModelProto.parseFrom(
            Files.readAllBytes(TinyOnnx.write(dir.resolve("good.onnx"))));
    OnnxProto.GraphProto.Builder g = good.getGraph().toBuilder();
    OnnxProto.ValueInfoProto.Builder in = g.getInput(0).toBuilder();
    in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).setDimValue(1);
    g.setInput(0, in);
    OnnxProto.TensorProto w = g.getInitializer(0);
    g.setInitializer(
        0,
        w.toBuilder()
            .setDims(1, 1)
            .clearFloatData()
            .addAllFloatData(w.getFloatDataList().subList(0, 8 * 9))
            .build());
    Path grey = dir.resolve("grey.onnx");
    Files.write(grey, good.toBuilder().setGraph(g).build().toByteArray());
    ModelStore store = new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null);
    String m =
        assertThrows(ModelException.class, () -> Network.load(store.resolve(grey.toString())))
            .getMessage();
    assertTrue(
        m.contains("takes 1 channels per pixel; dreamzoom dreams on colour images and feeds 3"), m);
  }
}
