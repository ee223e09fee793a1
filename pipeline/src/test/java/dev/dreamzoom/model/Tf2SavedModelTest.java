package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.model.graph.FunctionInliner;
import dev.dreamzoom.testing.KerasShapedSavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow 2 / Keras SavedModel ({@link KerasShapedSavedModel}: the network inside nested
 * function calls, its weights resource variables) becomes a plain graph: the calls inlined, the
 * variable reads constants of the values TensorFlow's loader gave them. The reference is TensorFlow
 * itself running the SavedModel's own function call.
 */
@Tag("slow")
class Tf2SavedModelTest {
  @TempDir Path dir;

  private Network load(Path model) throws ModelException {
    return Network.load(
        new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null).resolve(model + "/"));
  }

  @Test
  void theCallsAreInlinedAndTheGraphComputesWhatTensorFlowComputes() throws Exception {
    Path model = KerasShapedSavedModel.write(dir.resolve("keras"));
    Network network = load(model);
    assertEquals("serving_default_conv2d_input", network.entry().input().tensor());
    Map<String, Integer> layers =
        network.layers(false).stream()
            .collect(Collectors.toMap(LayerInfo::name, LayerInfo::channels));
    assertEquals(8, layers.get("sequential/conv2d/Relu"), layers.toString());
    assertEquals(16, layers.get("sequential/conv2d_1/Relu"), layers.toString());
    Set<String> ops =
        network.graphDef().getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
    for (String gone :
        List.of("StatefulPartitionedCall", "VarHandleOp", "ReadVariableOp", "AssignVariableOp")) {
      assertTrue(!ops.contains(gone), gone + " is gone: " + ops);
    }
    assertEquals(0, network.graphDef().getLibrary().getFunctionCount());

    int w = 12;
    int h = 9;
    float[] x = ImporterChecks.pixels(w, h, 4);
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] / 127.5f - 1;
    }
    float[] expected = run(bundleGraphRun(model, x, w, h));
    float[] actual;
    try (Graph g = new Graph()) {
      g.importGraphDef(network.graphDef());
      try (Session s = new Session(g);
          TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(x, true, false));
          Result r =
              s.runner()
                  .feed("serving_default_conv2d_input", in)
                  .fetch("StatefulPartitionedCall:0")
                  .run()) {
        actual = run(r);
      }
    }
    assertEquals(10, expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "logit " + i);
    }
    ImporterChecks.assertDreamsInBothPrecisions(network, "sequential/conv2d_1/Relu");
  }

  private static Result bundleGraphRun(Path model, float[] x, int w, int h) {
    SavedModelBundle bundle = SavedModelBundle.load(model.toString(), SavedModelBundle.DEFAULT_TAG);
    try (bundle;
        TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(x, true, false))) {
      return bundle
          .session()
          .runner()
          .feed("serving_default_conv2d_input", in)
          .fetch("StatefulPartitionedCall:0")
          .run();
    }
  }

  private static float[] run(Result r) {
    try (r) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] v = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(v, false, false));
      return v;
    }
  }

  /**
   * Control flow inside the function (tf.cond) cannot be inlined as plain ops: said, with the way
   * out.
   */
  @Test
  void controlFlowInTheFunctionIsRefusedByName() throws Exception {
    Path model = KerasShapedSavedModel.write(dir.resolve("keras"));
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(model.resolve("saved_model.pb")));
    var meta = saved.getMetaGraphs(0);
    var library = meta.getGraphDef().getLibrary().toBuilder();
    for (int i = 0; i < library.getFunctionCount(); i++) {
      FunctionDef f = library.getFunction(i);
      if (f.getSignature().getName().contains("wrapped_model")) {
        library.setFunction(
            i, f.toBuilder().addNodeDef(NodeDef.newBuilder().setName("cond").setOp("StatelessIf")));
      }
    }
    org.tensorflow.proto.GraphDef def = meta.getGraphDef().toBuilder().setLibrary(library).build();
    Natives.tensorFlow();
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> FunctionInliner.inline(def, Set.of("StatefulPartitionedCall")));
    assertTrue(e.getMessage().contains("control flow (StatelessIf 'cond')"), e.getMessage());
  }
}
