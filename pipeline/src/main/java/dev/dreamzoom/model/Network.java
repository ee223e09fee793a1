package dev.dreamzoom.model;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import dev.dreamzoom.preset.Names;
import dev.dreamzoom.preset.Target;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** A parsed frozen GraphDef plus the catalog facts needed to feed it pixels. */
public final class Network {
  /** Activation ops: what DeepDream and filter visualization usually target. */
  private static final Set<String> ACTIVATIONS =
      Set.of("Relu", "Relu6", "Elu", "Selu", "Tanh", "Sigmoid", "Concat", "ConcatV2");

  private final ResolvedModel model;
  private final GraphDef graphDef;

  private Network(ResolvedModel model, GraphDef graphDef) {
    this.model = model;
    this.graphDef = graphDef;
  }

  /** Reads and checks the graph file: it must be a GraphDef with the entry's input placeholder. */
  public static Network load(ResolvedModel model) throws ModelException {
    GraphDef def;
    try {
      def = GraphDef.parseFrom(Files.readAllBytes(model.graphFile()));
    } catch (InvalidProtocolBufferException e) {
      throw new ModelException(model.graphFile() + " is not a TensorFlow GraphDef (frozen .pb): "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelException("cannot read " + model.graphFile() + ": " + e.getMessage(), e);
    }
    if (def.getNodeCount() == 0) {
      throw new ModelException(model.graphFile() + " is not a TensorFlow GraphDef (no nodes)");
    }
    String input = model.entry().input();
    NodeDef inputNode = def.getNodeList().stream()
        .filter(n -> n.getName().equals(input)).findFirst()
        .orElseThrow(() -> new ModelException("graph " + model.graphFile()
            + " has no input tensor '" + input + "'"));
    if (!inputNode.getOp().equals("Placeholder")) {
      throw new ModelException("input '" + input + "' of " + model.graphFile()
          + " is a " + inputNode.getOp() + ", not a Placeholder");
    }
    return new Network(model, def);
  }

  public ResolvedModel model() {
    return model;
  }

  public ModelEntry entry() {
    return model.entry();
  }

  public GraphDef graphDef() {
    return graphDef;
  }

  /**
   * What is wrong with these targets for this network, one message per problem: layers that do
   * not exist (with the closest names), tensors that are not 4-D float activations, channels out
   * of range. Empty when all is well.
   */
  public List<String> targetProblems(List<Target> targets) {
    Set<String> names = graphDef.getNodeList().stream().map(NodeDef::getName)
        .collect(java.util.stream.Collectors.toSet());
    List<String> problems = new ArrayList<>();
    List<Target> known = new ArrayList<>();
    for (Target t : targets) {
      if (names.contains(t.layer())) {
        known.add(t);
      } else if (problems.stream().noneMatch(p -> p.contains("'" + t.layer() + "'"))) {
        List<String> similar = Names.closest(t.layer(), names, 3);
        problems.add("unknown layer '" + t.layer() + "' in model " + entry().name()
            + (similar.isEmpty() ? "" : "; similar: " + String.join(", ", similar))
            + " (list them with: dreamzoom layers " + entry().name() + ")");
      }
    }
    if (known.isEmpty()) {
      return problems;
    }
    Natives.tensorFlow();
    try (Graph g = new Graph()) {
      g.importGraphDef(graphDef);
      for (Target t : known) {
        Output<?> out = g.operation(t.layer()).output(0);
        Shape shape = out.shape();
        if (out.dataType() != DataType.DT_FLOAT || shape.isUnknown() || shape.numDimensions() != 4) {
          problems.add("layer '" + t.layer() + "' is not a 4-D float activation (shape " + shape + ")");
        } else if (!t.wholeLayer() && shape.size(3) > 0 && t.channel() >= shape.size(3)) {
          problems.add("channel " + t.channel() + " of layer '" + t.layer() + "' does not exist: it has "
              + shape.size(3) + " channels (0.." + (shape.size(3) - 1) + ")");
        }
      }
    }
    return problems;
  }

  /**
   * The network's 4-D float tensors with a known channel count: activations only, or every such
   * tensor (convolutions, bias adds, pools...) when {@code all}. In graph order.
   */
  public List<LayerInfo> layers(boolean all) {
    Natives.tensorFlow();
    List<LayerInfo> out = new ArrayList<>();
    try (Graph g = new Graph()) {
      g.importGraphDef(graphDef);
      for (NodeDef node : graphDef.getNodeList()) {
        GraphOperation op = g.operation(node.getName());
        if (op == null || op.numOutputs() == 0 || op.type().equals("Const")
            || (!all && !ACTIVATIONS.contains(op.type()))
            || op.output(0).dataType() != DataType.DT_FLOAT) {
          continue;
        }
        Shape s = op.output(0).shape();
        if (!s.isUnknown() && s.numDimensions() == 4 && s.size(3) > 0) {
          out.add(new LayerInfo(op.name(), op.type(), (int) s.size(3)));
        }
      }
    }
    return out;
  }
}
