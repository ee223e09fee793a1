package dev.dreamzoom.model;

import com.google.protobuf.ByteString;
import dev.dreamzoom.model.graph.FunctionInliner;
import dev.dreamzoom.model.graph.GraphDefs;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Freezes a SavedModel into a GraphDef: every variable the network reads becomes a constant holding
 * its saved value, and the variable bookkeeping (assignments, initializers, save and restore) goes,
 * so the result imports and differentiates like any frozen {@code .pb}.
 *
 * <p>A TensorFlow 1 export (and TensorFlow Java's exporter) keeps the network in the main graph. A
 * TensorFlow 2 / Keras export runs it inside function calls, its weights resource variables the
 * calls take as inputs: those calls are inlined first ({@link FunctionInliner}, only what the
 * serving signature computes), and each variable read in the inlined bodies becomes the value the
 * loaded session holds for that variable.
 */
final class SavedModels {
  /** Ops that only exist to write, initialize, save or restore variables. */
  private static final Set<String> BOOKKEEPING =
      Set.of(
          "Assign",
          "AssignAdd",
          "AssignSub",
          "AssignVariableOp",
          "AssignAddVariableOp",
          "AssignSubVariableOp",
          "VarIsInitializedOp",
          "IsVariableInitialized",
          "SaveV2",
          "Save",
          "SaveSlices",
          "RestoreV2",
          "Restore",
          "RestoreSlice",
          "MergeV2Checkpoints",
          "ShardedFilename",
          "DestroyResourceOp");

  private SavedModels() {}

  static ImportedGraph freeze(Path dir) throws ModelException {
    Natives.tensorFlow();
    try (SavedModelBundle bundle =
        SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
      GraphDef def = bundle.metaGraphDef().getGraphDef();
      if (!FunctionInliner.hasCalls(def)) {
        return new ImportedGraph(
            rewrite(def, variableValues(def, bundle.session())), signatureInput(bundle), Map.of());
      }
      Set<String> outputs = signatureOutputs(bundle);
      if (outputs.isEmpty()) {
        throw new ModelException(
            "SavedModel "
                + dir
                + " computes its network inside a function call"
                + " (a TensorFlow 2 / Keras export) but has no serving signature saying which one");
      }
      GraphDef inlined = FunctionInliner.inline(def, outputs);
      return new ImportedGraph(
          rewrite(inlined, readsOfVariables(inlined, bundle)), signatureInput(bundle), Map.of());
    } catch (ModelException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelException(
          "cannot load SavedModel "
              + dir
              + " (tag '"
              + SavedModelBundle.DEFAULT_TAG
              + "'): "
              + e.getMessage(),
          e);
    }
  }

  /** The serving signature's only input, as an operation name; null when there is no single one. */
  private static String signatureInput(SavedModelBundle bundle) {
    Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
    SignatureDef sig = signatures.get("serving_default");
    if (sig == null && signatures.size() == 1) {
      sig = signatures.values().iterator().next();
    }
    if (sig == null || sig.getInputsCount() != 1) {
      return null;
    }
    return GraphDefs.node(sig.getInputsMap().values().iterator().next().getName());
  }

  /**
   * The serving signature's output nodes (all signatures' where none is called serving_default).
   */
  private static Set<String> signatureOutputs(SavedModelBundle bundle) {
    Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
    Set<String> outputs = new HashSet<>();
    signatures.forEach(
        (key, sig) -> {
          if (key.equals("serving_default") || !signatures.containsKey("serving_default")) {
            sig.getOutputsMap().values().forEach(t -> outputs.add(GraphDefs.node(t.getName())));
          }
        });
    return outputs;
  }

  /**
   * The value each {@code ReadVariableOp} of an inlined graph reads, by the read's name: a read of
   * each variable handle is added to the loaded graph (the session sees added nodes) and run.
   */
  private static Map<String, TensorProto> readsOfVariables(
      GraphDef inlined, SavedModelBundle bundle) {
    Map<String, NodeDef> byName = GraphDefs.byName(inlined);
    Map<String, List<String>> readsByHandle = new HashMap<>();
    for (NodeDef n : inlined.getNodeList()) {
      NodeDef handle =
          n.getOp().equals("ReadVariableOp") ? byName.get(GraphDefs.node(n.getInput(0))) : null;
      if (handle != null && handle.getOp().equals("VarHandleOp")) {
        readsByHandle.computeIfAbsent(handle.getName(), k -> new ArrayList<>()).add(n.getName());
      }
    }
    Map<String, TensorProto> values = new HashMap<>();
    if (readsByHandle.isEmpty()) {
      return values;
    }
    List<String> handles = List.copyOf(readsByHandle.keySet());
    Session.Runner runner = bundle.session().runner();
    Scope scope = Ops.create(bundle.graph()).scope();
    for (String h : handles) {
      var op = bundle.graph().operation(h);
      String read =
          bundle
              .graph()
              .opBuilder("ReadVariableOp", h + "/dreamzoom_read", scope)
              .addInput(op.output(0))
              .setAttr("dtype", byName.get(h).getAttrOrThrow("dtype").getType())
              .build()
              .name();
      runner.fetch(read);
    }
    try (Result r = runner.run()) {
      for (int i = 0; i < handles.size(); i++) {
        TensorProto value = proto(r.get(i));
        readsByHandle.get(handles.get(i)).forEach(read -> values.put(read, value));
      }
    }
    return values;
  }

  /** The value of every variable and every resource-variable read, by the node that yields it. */
  private static Map<String, TensorProto> variableValues(GraphDef def, Session session) {
    List<String> fetch = new ArrayList<>();
    for (NodeDef n : def.getNodeList()) {
      if (n.getOp().equals("VariableV2")
          || n.getOp().equals("Variable")
          || n.getOp().equals("ReadVariableOp")) {
        fetch.add(n.getName());
      }
    }
    Map<String, TensorProto> values = new HashMap<>();
    if (fetch.isEmpty()) {
      return values;
    }
    Session.Runner runner = session.runner();
    fetch.forEach(runner::fetch);
    try (Result r = runner.run()) {
      for (int i = 0; i < fetch.size(); i++) {
        values.put(fetch.get(i), proto(r.get(i)));
      }
    }
    return values;
  }

  private static TensorProto proto(Tensor t) {
    byte[] bytes = new byte[(int) t.numBytes()];
    t.asRawTensor().data().read(bytes);
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : t.shape().asArray()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return TensorProto.newBuilder()
        .setDtype(t.dataType())
        .setTensorShape(shape)
        .setTensorContent(ByteString.copyFrom(bytes))
        .build();
  }

  /**
   * Variables and reads become constants; bookkeeping ops, and whatever takes data from them, go;
   * control dependencies on removed nodes are dropped (they only ordered initialization).
   */
  static GraphDef rewrite(GraphDef def, Map<String, TensorProto> values) {
    Map<String, List<String>> consumers = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      for (String in : n.getInputList()) {
        if (!in.startsWith("^")) {
          consumers.computeIfAbsent(GraphDefs.node(in), k -> new ArrayList<>()).add(n.getName());
        }
      }
    }
    Set<String> removed = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (NodeDef n : def.getNodeList()) {
      // A resource handle goes too: its reads are replaced by their values below.
      if (BOOKKEEPING.contains(n.getOp()) || n.getOp().equals("VarHandleOp")) {
        todo.add(n.getName());
      }
    }
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (removed.add(name)) {
        for (String c : consumers.getOrDefault(name, List.of())) {
          // A read of a resource variable survives its handle: it becomes the value.
          if (!values.containsKey(c)) {
            todo.add(c);
          }
        }
      }
    }
    GraphDef.Builder out = def.toBuilder().clearNode();
    for (NodeDef n : def.getNodeList()) {
      if (removed.contains(n.getName())) {
        continue;
      }
      TensorProto value = values.get(n.getName());
      if (value != null) {
        out.addNode(
            NodeDef.newBuilder()
                .setName(n.getName())
                .setOp("Const")
                .setDevice(n.getDevice())
                .putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(value).build()));
        continue;
      }
      NodeDef.Builder b = n.toBuilder().clearInput();
      for (String in : n.getInputList()) {
        if (!(in.startsWith("^") && removed.contains(in.substring(1)))) {
          b.addInput(in);
        }
      }
      out.addNode(b);
    }
    return out.build();
  }
}
