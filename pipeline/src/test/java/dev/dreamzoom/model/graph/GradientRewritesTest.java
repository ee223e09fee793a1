package dev.dreamzoom.model.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.model.ImporterChecks;
import dev.dreamzoom.model.InputSpec;
import dev.dreamzoom.model.LayerInfo;
import dev.dreamzoom.model.ModelEntry;
import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.model.ResolvedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;
import org.tensorflow.types.TFloat32;

/**
 * A frozen GraphDef written here as the 2015 Inception releases are: GraphDef version 8, the input
 * an op ("Mul") rather than a placeholder, batch normalization as BatchNormWithGlobalNormalization,
 * and a "mixed" block joined by the first Concat op (axis first). Neither op has a gradient in
 * TensorFlow's C++ registry.
 */
@Tag("slow")
class GradientRewritesTest {
  private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();

  @TempDir Path dir;

  static GraphDef inceptionStyle() {
    SplittableRandom random = new SplittableRandom(2);
    GraphDef.Builder g = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(8));
    g.addNode(NodeDef.newBuilder().setName("raw").setOp("Placeholder").putAttr("dtype", FLOAT));
    g.addNode(constant("scale", random, 1));
    g.addNode(op("Mul", "Mul", "raw", "scale").putAttr("T", FLOAT));
    g.addNode(constant("conv/kernel", random, 3, 3, 3, 4));
    g.addNode(
        op("conv/Conv2D", "Conv2D", "Mul", "conv/kernel")
            .putAttr("T", FLOAT)
            .putAttr("strides", ints(1, 1, 1, 1))
            .putAttr(
                "padding",
                AttrValue.newBuilder()
                    .setS(com.google.protobuf.ByteString.copyFromUtf8("SAME"))
                    .build()));
    for (String p : new String[] {"mean", "beta", "gamma"}) {
      g.addNode(constant("conv/" + p, random, 4));
    }
    g.addNode(positive("conv/variance", random, 4));
    g.addNode(
        op(
                "conv/batchnorm",
                "BatchNormWithGlobalNormalization",
                "conv/Conv2D",
                "conv/mean",
                "conv/variance",
                "conv/beta",
                "conv/gamma")
            .putAttr("T", FLOAT)
            .putAttr("variance_epsilon", AttrValue.newBuilder().setF(0.001f).build())
            .putAttr("scale_after_normalization", AttrValue.newBuilder().setB(true).build()));
    g.addNode(op("conv", "Relu", "conv/batchnorm").putAttr("T", FLOAT));
    g.addNode(
        op("mixed/pool", "MaxPool", "conv")
            .putAttr("T", FLOAT)
            .putAttr("ksize", ints(1, 3, 3, 1))
            .putAttr("strides", ints(1, 1, 1, 1))
            .putAttr(
                "padding",
                AttrValue.newBuilder()
                    .setS(com.google.protobuf.ByteString.copyFromUtf8("SAME"))
                    .build()));
    g.addNode(
        NodeDef.newBuilder()
            .setName("mixed/axis")
            .setOp("Const")
            .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
            .putAttr(
                "value",
                AttrValue.newBuilder()
                    .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_INT32).addIntVal(3))
                    .build()));
    g.addNode(
        op("mixed/join", "Concat", "mixed/axis", "conv", "mixed/pool")
            .putAttr("T", FLOAT)
            .putAttr("N", AttrValue.newBuilder().setI(2).build()));
    return g.build();
  }

  private static NodeDef.Builder op(String name, String op, String... inputs) {
    NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp(op);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n;
  }

  private static AttrValue ints(long... v) {
    AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
    for (long x : v) {
      l.addI(x);
    }
    return AttrValue.newBuilder().setList(l).build();
  }

  private static NodeDef constant(String name, SplittableRandom random, int... shape) {
    return constant(name, random, false, shape);
  }

  private static NodeDef positive(String name, SplittableRandom random, int... shape) {
    return constant(name, random, true, shape);
  }

  private static NodeDef constant(
      String name, SplittableRandom random, boolean positive, int... shape) {
    TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT);
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    int n = 1;
    for (int d : shape) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      n *= d;
    }
    t.setTensorShape(s);
    for (int i = 0; i < n; i++) {
      t.addFloatVal(positive ? (float) random.nextDouble(0.5, 2) : (float) random.nextGaussian());
    }
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("Const")
        .putAttr("dtype", FLOAT)
        .putAttr("value", AttrValue.newBuilder().setTensor(t).build())
        .build();
  }

  private static float[] run(GraphDef def, float[] input, int w, int h) {
    try (Graph g = new Graph()) {
      g.importGraphDef(def);
      try (Session s = new Session(g);
          TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(input));
          Result r = s.runner().feed("raw", in).fetch("mixed/join").run()) {
        TFloat32 out = (TFloat32) r.get(0);
        float[] v = new float[(int) out.shape().size()];
        out.copyTo(DataBuffers.of(v, false, false));
        return v;
      }
    }
  }

  @Test
  void rewrittenGraphComputesWhatTheOriginalComputes() {
    Natives.tensorFlow();
    GraphDef original = inceptionStyle();
    GraphDef rewritten = GradientRewrites.apply(original);
    assertTrue(
        rewritten.getNodeList().stream()
            .noneMatch(
                n ->
                    n.getOp().equals("Concat")
                        || n.getOp().equals("BatchNormWithGlobalNormalization")));
    int w = 5;
    int h = 4;
    float[] input = new float[w * h * 3];
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    float[] expected = run(original, input, w, h);
    float[] actual = run(rewritten, input, w, h);
    assertEquals(w * h * 8, actual.length, "Concat of 4 + 4 channels");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "value " + i);
    }
  }

  @Test
  void anInceptionStyleFrozenGraphLoadsListsItsLayersAndProducesAGradient() throws Exception {
    Path file = dir.resolve("classify_like.pb");
    Files.write(file, inceptionStyle().toByteArray());
    ModelEntry entry =
        new ModelEntry(
            "inception_like",
            null,
            "classify_like.pb",
            ModelEntry.Checksums.NONE,
            InputSpec.uniform("Mul", 128, 128),
            List.of("mixed0"),
            null,
            Map.of("mixed0", "mixed/join"));
    Network network =
        Network.load(new ResolvedModel(entry, file, dev.dreamzoom.files.SourceFile.sha256(file)));
    LayerInfo mixed =
        network.layers(false).stream()
            .filter(l -> l.name().equals("mixed/join"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(network.layers(false).toString()));
    assertEquals(8, mixed.channels());
    assertEquals(List.of("mixed0"), mixed.aliases());

    ImporterChecks.assertDreamsInBothPrecisions(network, "mixed0");
  }
}
