package dev.dreamzoom.model.graph;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Replaces ops of 2015-era graphs that TensorFlow's C++ gradient registry (the one {@code
 * Graph.addGradients} uses) has no gradient for, by equivalent ops that have one. Each replacement
 * keeps the node's name, so the rest of the graph and layer names are unchanged.
 *
 * <ul>
 *   <li>{@code Concat} (inception5h's and Inception v3's "mixed" layers) → {@code ConcatV2}, which
 *       takes the axis last instead of first.
 *   <li>{@code BatchNormWithGlobalNormalization} (Inception v3, 2015-12-05; removed from TensorFlow
 *       at GraphDef version 9) → {@code (t - mean) * rsqrt(var + eps) [* gamma] + beta}.
 * </ul>
 */
public final class GradientRewrites {
  private GradientRewrites() {}

  public static GraphDef apply(GraphDef def) {
    boolean needed =
        def.getNodeList().stream()
            .anyMatch(
                n ->
                    n.getOp().equals("Concat")
                        || n.getOp().equals("BatchNormWithGlobalNormalization"));
    if (!needed) {
      return def;
    }
    GraphDef.Builder out = def.toBuilder().clearNode();
    for (NodeDef n : def.getNodeList()) {
      switch (n.getOp()) {
        case "Concat" -> out.addNode(concatV2(n));
        case "BatchNormWithGlobalNormalization" -> batchNorm(n, out);
        default -> out.addNode(n);
      }
    }
    return out.build();
  }

  private static NodeDef concatV2(NodeDef n) {
    NodeDef.Builder b =
        n.toBuilder()
            .setOp("ConcatV2")
            .clearInput()
            .putAttr("Tidx", AttrValue.newBuilder().setType(DataType.DT_INT32).build());
    int values = (int) n.getAttrOrThrow("N").getI();
    for (int i = 1; i <= values; i++) {
      b.addInput(n.getInput(i));
    }
    b.addInput(n.getInput(0));
    // Control inputs follow the data inputs.
    for (int i = values + 1; i < n.getInputCount(); i++) {
      b.addInput(n.getInput(i));
    }
    return b.build();
  }

  private static void batchNorm(NodeDef n, GraphDef.Builder out) {
    String name = n.getName();
    AttrValue type = n.getAttrOrThrow("T");
    String t = n.getInput(0);
    String mean = n.getInput(1);
    String var = n.getInput(2);
    String beta = n.getInput(3);
    String gamma = n.getInput(4);
    float eps = n.getAttrOrThrow("variance_epsilon").getF();
    boolean scale = n.getAttrOrThrow("scale_after_normalization").getB();

    out.addNode(
        NodeDef.newBuilder()
            .setName(name + "/eps")
            .setOp("Const")
            .setDevice(n.getDevice())
            .putAttr("dtype", type)
            .putAttr(
                "value",
                AttrValue.newBuilder()
                    .setTensor(TensorProto.newBuilder().setDtype(type.getType()).addFloatVal(eps))
                    .build()));
    out.addNode(binary(n, name + "/var_eps", "Add", var, name + "/eps", type));
    out.addNode(unary(n, name + "/rsqrt", "Rsqrt", name + "/var_eps", type));
    String factor = name + "/rsqrt";
    if (scale) {
      out.addNode(binary(n, name + "/factor", "Mul", factor, gamma, type));
      factor = name + "/factor";
    }
    out.addNode(binary(n, name + "/centered", "Sub", t, mean, type));
    out.addNode(binary(n, name + "/normalized", "Mul", name + "/centered", factor, type));
    out.addNode(binary(n, name, "Add", name + "/normalized", beta, type));
  }

  private static NodeDef binary(
      NodeDef like, String name, String op, String a, String b, AttrValue type) {
    return NodeDef.newBuilder()
        .setName(name)
        .setOp(op)
        .setDevice(like.getDevice())
        .addInput(a)
        .addInput(b)
        .putAttr("T", type)
        .build();
  }

  private static NodeDef unary(NodeDef like, String name, String op, String a, AttrValue type) {
    return NodeDef.newBuilder()
        .setName(name)
        .setOp(op)
        .setDevice(like.getDevice())
        .addInput(a)
        .putAttr("T", type)
        .build();
  }
}
