package dev.dreamzoom.model;

import dev.dreamzoom.model.graph.GraphDefs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The class logits of a network given without {@code model.logits}: its one output, when that is a
 * 2-D float tensor of 1000 classes (ImageNet) or 1001 (ImageNet with "background" first, as
 * TensorFlow's slim networks have it). Where that output is a softmax, what the softmax reads is
 * the logits. A torchvision network exported to ONNX ends so.
 *
 * @param tensor the logits' node
 * @param classes 1000 or 1001
 */
record ClassOutput(String tensor, int classes) {
  /** Ops that pass the logits on unchanged in value, between them and a softmax. */
  private static final Set<String> PASS = Set.of("Identity", "Reshape", "Squeeze");

  /** The graph's one class output, or empty when it has none or several. */
  static Optional<ClassOutput> find(GraphDef def) {
    Set<String> consumed = new HashSet<>();
    for (NodeDef n : def.getNodeList()) {
      n.getInputList().forEach(i -> consumed.add(GraphDefs.node(i)));
    }
    Map<String, NodeDef> nodes = GraphDefs.byName(def);
    List<ClassOutput> found = new ArrayList<>();
    try (Graph g = new Graph()) {
      g.importGraphDef(def);
      for (NodeDef n : def.getNodeList()) {
        if (consumed.contains(n.getName())
            || n.getOp().equals("NoOp")
            || n.getOp().equals("Const")) {
          continue;
        }
        Output<?> out = g.operation(n.getName()).output(0);
        Shape s = out.shape();
        if (out.dataType() == DataType.DT_FLOAT
            && !s.isUnknown()
            && s.numDimensions() == 2
            && (s.size(1) == 1000 || s.size(1) == 1001)) {
          found.add(new ClassOutput(beforeSoftmax(nodes, n).getName(), (int) s.size(1)));
        }
      }
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  private static NodeDef beforeSoftmax(Map<String, NodeDef> nodes, NodeDef sink) {
    NodeDef n = sink;
    while (PASS.contains(n.getOp())
        && n.getInputCount() > 0
        && nodes.containsKey(GraphDefs.node(n.getInput(0)))) {
      n = nodes.get(GraphDefs.node(n.getInput(0)));
    }
    if (n.getOp().equals("Softmax") && nodes.containsKey(GraphDefs.node(n.getInput(0)))) {
      return nodes.get(GraphDefs.node(n.getInput(0)));
    }
    return sink;
  }
}
