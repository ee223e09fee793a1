package dev.dreamzoom.model.graph;

import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The arithmetic a network does, counted from its GraphDef: multiply-adds of the convolutions,
 * depthwise convolutions and matrix products that the given layers depend on, at a given input size
 * (2 FLOPs per multiply-add). Element-wise ops (bias, batch norm, ReLU) are left out: they are a
 * few percent of the work and bound by memory, not arithmetic.
 */
public final class GraphCost {
  private GraphCost() {}

  /**
   * FLOPs of one forward pass from the input to {@code layers} on a {@code width x height} image.
   */
  public static long forwardFlops(Network network, Set<String> layers, int width, int height) {
    long[] flops = {0};
    forEachOp(
        network,
        layers,
        width,
        height,
        op -> {
          switch (op.type()) {
            case "Conv2D" -> {
              Shape out = op.output(0).shape();
              Shape filter = op.input(1).shape();
              flops[0] +=
                  2
                      * out.size(1)
                      * out.size(2)
                      * out.size(3)
                      * filter.size(0)
                      * filter.size(1)
                      * filter.size(2);
            }
            case "DepthwiseConv2dNative" -> {
              Shape out = op.output(0).shape();
              Shape filter = op.input(1).shape();
              flops[0] +=
                  2 * out.size(1) * out.size(2) * out.size(3) * filter.size(0) * filter.size(1);
            }
            case "MatMul" -> {
              Shape a = op.input(0).shape();
              Shape out = op.output(0).shape();
              flops[0] += 2 * out.size(0) * out.size(1) * a.size(1);
            }
            default -> {}
          }
        });
    if (flops[0] < 0) {
      throw new IllegalStateException("shape inference left a size unknown; cannot count FLOPs");
    }
    return flops[0];
  }

  /**
   * Bytes of every float output of a forward pass from the input to {@code layers} on a {@code
   * width x height} image (constants left out): what the activations alone take, before the
   * backward pass and TensorFlow's temporaries.
   */
  public static long activationBytes(Network network, Set<String> layers, int width, int height) {
    long[] bytes = {0};
    forEachOp(
        network,
        layers,
        width,
        height,
        op -> {
          if (op.type().equals("Const") || op.type().equals("Identity")) {
            return;
          }
          for (int i = 0; i < op.numOutputs(); i++) {
            Shape shape = op.output(i).shape();
            if (!shape.isUnknown()
                && shape.numDimensions() == 4
                && op.output(i).dataType() == DataType.DT_FLOAT) {
              bytes[0] += Math.max(0, shape.size()) * 4;
            }
          }
        });
    return bytes[0];
  }

  /**
   * Visits each operation of the part of the network that {@code layers} depend on, with shapes
   * inferred at {@code width x height}: only that part, since the rest (e.g. the classifier head,
   * which expects a 224 x 224 input) may not even be valid at other sizes.
   */
  private static void forEachOp(
      Network network,
      Set<String> layers,
      int width,
      int height,
      java.util.function.Consumer<GraphOperation> visit) {
    Natives.tensorFlow();
    GraphDef def =
        withInputShape(network.graphDef(), network.entry().input().tensor(), width, height);
    Map<String, NodeDef> nodes = new HashMap<>();
    def.getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Set<String> tensors = new HashSet<>();
    layers.forEach(l -> tensors.add(network.tensor(l)));
    Set<String> needed = GraphDefs.ancestors(nodes, tensors, false);
    GraphDef.Builder sub = def.toBuilder().clearNode();
    def.getNodeList().stream().filter(n -> needed.contains(n.getName())).forEach(sub::addNode);
    try (Graph g = new Graph()) {
      g.importGraphDef(sub.build());
      for (String name : needed) {
        visit.accept(g.operation(name));
      }
    }
  }

  private static GraphDef withInputShape(GraphDef def, String input, int width, int height) {
    GraphDef.Builder b = def.toBuilder();
    for (int i = 0; i < b.getNodeCount(); i++) {
      if (b.getNode(i).getName().equals(input)) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : new long[] {1, height, width, 3}) {
          shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        // A fresh placeholder: the input may be an op (Inception v3's "Mul") whose inputs must not
        // count.
        b.setNode(
            i,
            NodeDef.newBuilder()
                .setName(input)
                .setOp("Placeholder")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .putAttr("shape", AttrValue.newBuilder().setShape(shape).build())
                .build());
      }
    }
    return b.build();
  }
}
