package dev.dreamzoom.model;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.dreamzoom.model.graph.Bfloat16;
import dev.dreamzoom.model.graph.GradientRewrites;
import dev.dreamzoom.model.graph.GraphDefs;
import dev.dreamzoom.model.graph.HeadPool;
import dev.dreamzoom.model.onnx.OnnxGraphs;
import dev.dreamzoom.preset.Names;
import dev.dreamzoom.preset.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** A network as a frozen GraphDef, plus how to feed it pixels and what its layers are called. */
public final class Network {
  /** Activation ops: what DeepDream and filter visualization usually target. */
  private static final Set<String> ACTIVATIONS =
      Set.of("Relu", "Relu6", "Elu", "Selu", "Tanh", "Sigmoid", "Concat", "ConcatV2");

  private final ResolvedModel model;
  private final GraphDef graphDef;
  private final Map<String, String> aliases;

  /** Found on first use when the entry names no classifier; see {@link ClassOutput}. */
  private Optional<ClassOutput> classOutput;

  private Network(ResolvedModel model, GraphDef graphDef, Map<String, String> aliases) {
    this.model = model;
    this.graphDef = graphDef;
    this.aliases = aliases;
  }

  /**
   * Reads the network in whatever form it comes (frozen GraphDef, SavedModel folder, Keras HDF5
   * weights, ONNX) into a GraphDef that can be differentiated, and finds its input tensor: the one
   * the entry or preset names, else the one the source names, else the graph's only float
   * placeholder.
   */
  public static Network load(ResolvedModel model) throws ModelException {
    Path file = model.graphFile();
    ImportedGraph imported =
        switch (ModelFormat.of(file)) {
          case GRAPH_DEF -> new ImportedGraph(readGraphDef(file), null, Map.of());
          case SAVED_MODEL -> SavedModels.freeze(file);
          case KERAS_H5 -> KerasConvStack.read(file);
          case ONNX -> OnnxGraphs.read(file);
        };
    GraphDef rewritten = GradientRewrites.apply(imported.graphDef());
    if (rewritten.getNodeCount() == 0) {
      throw new ModelException(file + " is not a TensorFlow GraphDef (no nodes)");
    }
    // A catalog alias may name a name the import gave (an ONNX value, a Caffe blob): follow it.
    Map<String, String> aliases = new TreeMap<>(imported.aliases());
    model
        .entry()
        .aliases()
        .forEach(
            (alias, target) -> aliases.put(alias, imported.aliases().getOrDefault(target, target)));
    GraphDef def = withGlobalHeadPool(rewritten, model.entry(), aliases);
    InputSpec spec = model.entry().input();
    String input =
        spec.tensor() != null
            ? spec.tensor()
            : imported.input() != null ? imported.input() : onlyPlaceholder(def, file);
    NodeDef inputNode =
        def.getNodeList().stream()
            .filter(n -> n.getName().equals(input))
            .findFirst()
            .orElseThrow(
                () ->
                    new ModelException(
                        "graph "
                            + file
                            + " has no input tensor '"
                            + input
                            + "'; its placeholders: "
                            + String.join(", ", placeholders(def))
                            + " (set model.input in the preset)"));
    if (inputNode.getOp().equals("Const")) {
      throw new ModelException("input '" + input + "' of " + file + " is a constant, not an input");
    }
    // Frames are fed as RGB (or BGR): a network that declares another channel count would fail only
    // at the first frame, after the render folder exists.
    org.tensorflow.proto.TensorShapeProto declared =
        inputNode.getAttrOrDefault("shape", AttrValue.getDefaultInstance()).getShape();
    if (declared.getDimCount() == 4
        && declared.getDim(3).getSize() > 0
        && declared.getDim(3).getSize() != 3) {
      throw new ModelException(
          "input '"
              + input
              + "' of "
              + file
              + " takes "
              + declared.getDim(3).getSize()
              + " channels per pixel; dreamzoom dreams on colour images and feeds 3 (RGB or BGR)");
    }
    ModelEntry entry = model.entry().withInput(spec.with(input, null, null, null));
    return new Network(model.withEntry(entry), def, Map.copyOf(aliases));
  }

  /**
   * The graph with the classifier's head pool made global; unchanged, with a warning, where the
   * entry names a pool the graph lacks: dreaming on layers does not need the head.
   */
  private static GraphDef withGlobalHeadPool(
      GraphDef def, ModelEntry entry, Map<String, String> aliases) {
    ModelEntry.Classifier classifier = entry.classifier();
    if (classifier == null || classifier.headPool() == null) {
      return def;
    }
    try {
      return HeadPool.global(
          def, aliases.getOrDefault(classifier.headPool(), classifier.headPool()));
    } catch (ModelException e) {
      LoggerFactory.getLogger(Network.class)
          .warn(
              "{}: {}; class logits work at the training size only", entry.name(), e.getMessage());
      return def;
    }
  }

  private static GraphDef readGraphDef(Path file) throws ModelException {
    try {
      return GraphDef.parseFrom(Files.readAllBytes(file));
    } catch (InvalidProtocolBufferException e) {
      throw new ModelException(
          file + " is not a TensorFlow GraphDef (frozen .pb): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> placeholders(GraphDef def) {
    return def.getNodeList().stream()
        .filter(n -> n.getOp().equals("Placeholder"))
        .map(NodeDef::getName)
        .toList();
  }

  private static String onlyPlaceholder(GraphDef def, Path file) throws ModelException {
    List<String> floats =
        def.getNodeList().stream()
            .filter(
                n ->
                    n.getOp().equals("Placeholder")
                        && n.getAttrOrDefault("dtype", AttrValue.getDefaultInstance()).getType()
                            == DataType.DT_FLOAT)
            .map(NodeDef::getName)
            .toList();
    if (floats.size() != 1) {
      throw new ModelException(
          "cannot tell the input of "
              + file
              + ": it has "
              + (floats.isEmpty()
                  ? "no float placeholder"
                  : "float placeholders " + String.join(", ", floats))
              + "; set model.input in the preset");
    }
    return floats.get(0);
  }

  public ResolvedModel model() {
    return model;
  }

  /** The catalog entry, with the input tensor as found in the graph. */
  public ModelEntry entry() {
    return model.entry();
  }

  public GraphDef graphDef() {
    return graphDef;
  }

  /**
   * This network's graph computing in bfloat16 (see {@link Bfloat16}): same node names, the input
   * still float32, activations and logits bfloat16.
   */
  public GraphDef bfloat16GraphDef() {
    return Bfloat16.rewrite(graphDef, entry().input().tensor());
  }

  /**
   * The tensor of class logits, shape [1, classes].
   *
   * @throws ModelException when the network has none (VGG weights cut at the convolutions, a
   *     network given by path without {@code model.logits})
   */
  public String logits() throws ModelException {
    ModelEntry.Classifier c = entry().classifier();
    if (c == null) {
      return classOutput()
          .map(ClassOutput::tensor)
          .orElseThrow(
              () ->
                  new ModelException(
                      "model "
                          + entry().name()
                          + " has no class logits (it ends at its convolutions, or its catalog entry"
                          + " names none, and it has no single 1000- or 1001-class output); for a network of your own set"
                          + " model.logits (and model.labels) in the preset"));
    }
    String logits = tensor(c.logits());
    boolean present = graphDef.getNodeList().stream().anyMatch(n -> n.getName().equals(logits));
    if (!present) {
      throw new ModelException(
          "model " + entry().name() + " has no logits tensor '" + c.logits() + "'");
    }
    return logits;
  }

  /**
   * The class names, one per logit.
   *
   * @throws ModelException when no labels file is known for this network
   */
  public Labels labels() throws ModelException {
    Path file = model.labelsFile();
    if (file == null && entry().classifier() == null && classOutput().isPresent()) {
      return Labels.imageNet(classOutput().get().classes() == 1001);
    }
    if (file == null) {
      throw new ModelException(
          "no labels file for model "
              + entry().name()
              + "; name classes by"
              + " logit index, class(N), or set model.labels = <file> (one label per line, logit 0 first)");
    }
    return Labels.read(file);
  }

  /** The labels of this network's classes, where any are known. */
  public Optional<Labels> knownLabels() throws ModelException {
    boolean known =
        model.labelsFile() != null || (entry().classifier() == null && classOutput().isPresent());
    return known ? Optional.of(labels()) : Optional.empty();
  }

  private synchronized Optional<ClassOutput> classOutput() {
    if (classOutput == null) {
      Natives.tensorFlow();
      classOutput = ClassOutput.find(graphDef);
      classOutput.ifPresent(
          o ->
              LoggerFactory.getLogger(Network.class)
                  .info(
                      "{}: its one output {} ({} classes)"
                          + " is taken as the class logits, with the ImageNet labels dreamzoom ships{}; model.logits and"
                          + " model.labels choose others",
                      entry().name(),
                      o.tensor(),
                      o.classes(),
                      o.classes() == 1001 ? " (background first)" : ""));
    }
    return classOutput;
  }

  /**
   * The tensor (operation) name a layer name stands for: an alias's target, else the name itself.
   */
  public String tensor(String layer) {
    return aliases.getOrDefault(layer, layer);
  }

  /** Friendly name → tensor name, sorted by friendly name. */
  public Map<String, String> aliases() {
    return new TreeMap<>(aliases);
  }

  /**
   * What is wrong with these targets for this network, one message per problem: layers that do not
   * exist (with the closest names), tensors that are not 4-D float activations, channels out of
   * range. Empty when all is well.
   */
  public List<String> targetProblems(List<Target> targets) {
    Set<String> names =
        graphDef.getNodeList().stream()
            .map(NodeDef::getName)
            .collect(java.util.stream.Collectors.toSet());
    Set<String> known = new java.util.HashSet<>(names);
    known.addAll(aliases.keySet());
    List<String> problems = new ArrayList<>();
    List<Target> found = new ArrayList<>();
    for (Target t : targets) {
      if (names.contains(tensor(t.layer()))) {
        found.add(t);
      } else if (problems.stream().noneMatch(p -> p.contains("'" + t.layer() + "'"))) {
        List<String> similar = Names.closest(t.layer(), known, 3);
        problems.add(
            "unknown layer '"
                + t.layer()
                + "' in model "
                + entry().name()
                + (similar.isEmpty() ? "" : "; similar: " + String.join(", ", similar))
                + " (list them with: dreamzoom layers "
                + entry().name()
                + ")");
      }
    }
    if (found.isEmpty()) {
      return problems;
    }
    Natives.tensorFlow();
    try (Graph g = new Graph()) {
      g.importGraphDef(graphDef);
      for (Target t : found) {
        Output<?> out = g.operation(tensor(t.layer())).output(0);
        Shape shape = out.shape();
        if (out.dataType() != DataType.DT_FLOAT
            || shape.isUnknown()
            || shape.numDimensions() != 4) {
          problems.add(
              "layer '" + t.layer() + "' is not a 4-D float activation (shape " + shape + ")");
        } else if (!t.wholeLayer() && shape.size(3) > 0 && t.channel() >= shape.size(3)) {
          problems.add(
              "channel "
                  + t.channel()
                  + " of layer '"
                  + t.layer()
                  + "' does not exist: it has "
                  + shape.size(3)
                  + " channels (0.."
                  + (shape.size(3) - 1)
                  + ")");
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
    Map<String, List<String>> names = new HashMap<>();
    aliases()
        .forEach(
            (alias, tensor) -> names.computeIfAbsent(tensor, k -> new ArrayList<>()).add(alias));
    Set<String> constants =
        graphDef.getNodeList().stream()
            .filter(n -> n.getOp().equals("Const"))
            .map(NodeDef::getName)
            .collect(java.util.stream.Collectors.toSet());
    List<LayerInfo> out = new ArrayList<>();
    try (Graph g = new Graph()) {
      g.importGraphDef(graphDef);
      for (NodeDef node : graphDef.getNodeList()) {
        GraphOperation op = g.operation(node.getName());
        // A weight held in another layout (ONNX's kernels transposed to NHWC) is no activation.
        boolean fromConstants =
            node.getInputCount() > 0
                && node.getInputList().stream()
                    .allMatch(in -> constants.contains(GraphDefs.node(in)));
        if (op == null
            || op.numOutputs() == 0
            || op.type().equals("Const")
            || fromConstants
            || (!all && !ACTIVATIONS.contains(op.type()) && !names.containsKey(op.name()))
            || op.output(0).dataType() != DataType.DT_FLOAT) {
          continue;
        }
        Shape s = op.output(0).shape();
        if (!s.isUnknown() && s.numDimensions() == 4 && s.size(3) > 0) {
          out.add(
              new LayerInfo(
                  op.name(), op.type(), (int) s.size(3), names.getOrDefault(op.name(), List.of())));
        }
      }
    }
    return out;
  }
}
