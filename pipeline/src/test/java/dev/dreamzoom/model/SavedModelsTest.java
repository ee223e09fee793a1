package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.dreamzoom.dream.Probe;
import dev.dreamzoom.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssignVariableOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel exported here through TensorFlow Java's own exporter: a 3×3 convolution whose kernel
 * and bias are variables, feeding a ReLU named "features". (TensorFlow Java saves only its own
 * reference variables; resource variables, which TensorFlow 1 Python may also save, are covered by
 * {@link #resourceVariableReadsBecomeTheirValues} on a hand-made graph.)
 */
@Tag("slow")
class SavedModelsTest {
  private static final int CHANNELS = 5;

  @TempDir Path dir;

  private float[] kernel;
  private float[] bias;

  private Path export() throws Exception {
    Natives.tensorFlow();
    Path out = dir.resolve("exported");
    SplittableRandom random = new SplittableRandom(5);
    kernel = new float[3 * 3 * 3 * CHANNELS];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) random.nextGaussian() * 0.3f;
    }
    bias = new float[CHANNELS];
    for (int i = 0; i < CHANNELS; i++) {
      bias[i] = (float) random.nextGaussian();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images =
          tf.withName("images")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      Operand<TFloat32> k =
          tf.withName("kernel")
              .variable(tf.constant(Shape.of(3, 3, 3, CHANNELS), DataBuffers.of(kernel)));
      Operand<TFloat32> b = tf.withName("bias").variable(tf.constant(bias));
      Operand<TFloat32> conv = tf.nn.conv2d(images, k, List.of(1L, 1L, 1L, 1L), "SAME");
      Operand<TFloat32> features = tf.withName("features").nn.relu(tf.nn.biasAdd(conv, b));
      try (Session s = new Session(g)) {
        s.initialize();
        SavedModelBundle.exporter(out.toString())
            .withSession(s)
            .withSignature(
                Signature.builder().input("images", images).output("features", features).build())
            .export();
      }
    }
    return out;
  }

  @Test
  void loadsByFolderFindsTheSignatureInputListsLayersAndProducesAGradient() throws Exception {
    Path exported = export();
    assertTrue(Files.isRegularFile(exported.resolve("saved_model.pb")));
    ModelStore store = new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null);
    ResolvedModel resolved = store.resolve(exported + "/");
    Network network = Network.load(resolved);
    assertEquals("images", network.entry().input().tensor(), "the signature names the input");
    assertTrue(
        network.layers(false).stream()
            .anyMatch(l -> l.name().equals("features") && l.channels() == CHANNELS),
        network.layers(false).toString());
    assertTrue(
        network.graphDef().getNodeList().stream()
            .noneMatch(
                n ->
                    n.getOp().startsWith("Variable")
                        || n.getOp().equals("VarHandleOp")
                        || n.getOp().startsWith("Assign")),
        "frozen: no variables or assignments left");

    ImporterChecks.assertDreamsInBothPrecisions(network, "features");
  }

  /** Frozen constants carry the saved values: the frozen network answers as the bundle does. */
  @Test
  void theFrozenGraphComputesWhatTheSavedModelComputes() throws Exception {
    Path exported = export();
    Network network =
        Network.load(
            new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null)
                .resolve(exported.toString() + "/"));
    int w = 6;
    int h = 4;
    float[] px = ImporterChecks.pixels(w, h, 9);
    float[] fed = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      fed[i] = (px[i] - 127.5f) / 127.5f; // the defaults for a network given by path
    }
    float[] expected = new float[CHANNELS];
    try (SavedModelBundle bundle =
            SavedModelBundle.load(exported.toString(), SavedModelBundle.DEFAULT_TAG);
        TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(fed));
        Result r = bundle.session().runner().feed("images", in).fetch("features").run()) {
      float[] all = new float[w * h * CHANNELS];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(all, false, false));
      for (int i = 0; i < all.length; i++) {
        expected[i % CHANNELS] += all[i] / (w * h);
      }
    }
    try (Probe probe = new Probe(network, 1)) {
      float[] actual = probe.activation(new RgbImage(w, h, px), "features", false).channelMeans();
      for (int c = 0; c < CHANNELS; c++) {
        assertEquals(
            expected[c], actual[c], 1e-4 * Math.max(1, Math.abs(expected[c])), "channel " + c);
      }
      assertNotEquals(0f, actual[0] + actual[1] + actual[2], "not a dead network");
    }
  }

  /**
   * A resource variable as TensorFlow 1 saves it: handle, an initializing assignment, a read. The
   * read becomes a constant of the value, handle and assignment go, the init op loses its control
   * input, and the result runs.
   */
  @Test
  void resourceVariableReadsBecomeTheirValues() throws Exception {
    Natives.tensorFlow();
    GraphDef def;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VarHandleOp handle =
          tf.withName("w").varHandleOp(TFloat32.class, Shape.of(2), VarHandleOp.sharedName("w"));
      AssignVariableOp assign =
          tf.withName("w_init").assignVariableOp(handle, tf.constant(new float[] {9, 9}));
      tf.withName("init").withControlDependencies(assign).noOp();
      Operand<TFloat32> read = tf.withName("w_read").readVariableOp(handle, TFloat32.class);
      tf.withName("out").math.mul(read, tf.constant(2f));
      def = g.toGraphDef();
    }
    TensorProto value;
    try (TFloat32 t = TFloat32.vectorOf(3, 4)) {
      byte[] bytes = new byte[8];
      t.asRawTensor().data().read(bytes);
      value =
          TensorProto.newBuilder()
              .setDtype(DataType.DT_FLOAT)
              .setTensorShape(
                  TensorShapeProto.newBuilder()
                      .addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
              .setTensorContent(ByteString.copyFrom(bytes))
              .build();
    }
    GraphDef frozen = SavedModels.rewrite(def, Map.of("w_read", value));
    List<String> ops =
        frozen.getNodeList().stream().map(n -> n.getName() + ":" + n.getOp()).toList();
    assertTrue(ops.contains("w_read:Const"), ops.toString());
    assertTrue(
        ops.stream().noneMatch(o -> o.startsWith("w:") || o.startsWith("w_init:")), ops.toString());
    try (Graph g = new Graph()) {
      g.importGraphDef(frozen);
      try (Session s = new Session(g);
          Result r = s.runner().fetch("out").run()) {
        TFloat32 out = (TFloat32) r.get(0);
        assertEquals(6f, out.getFloat(0));
        assertEquals(8f, out.getFloat(1));
      }
    }
  }

  @Test
  void aFolderWithoutSavedModelIsNamed() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("not-a-model"));
    ModelStore store = new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null);
    ModelException e = assertThrows(ModelException.class, () -> store.resolve(empty + "/"));
    assertTrue(
        e.getMessage().contains("is not a SavedModel: it has no saved_model.pb"), e.getMessage());
  }
}
