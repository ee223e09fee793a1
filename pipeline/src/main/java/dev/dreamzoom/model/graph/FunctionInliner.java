package dev.dreamzoom.model.graph;

import dev.dreamzoom.model.ModelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Replaces function calls by the functions' bodies, so a TensorFlow 2 / Keras SavedModel becomes a
 * plain graph TensorFlow's C++ gradients can differentiate. A TF2 export computes its network in
 * {@code StatefulPartitionedCall} nodes calling functions of the graph's library (the signature
 * wrapper calling {@code __inference__wrapped_model_N}, whose body holds {@code
 * sequential/conv2d/Relu} and the rest); the variables are the call's resource inputs, read inside
 * the body by {@code ReadVariableOp}.
 *
 * <p>Each call's body nodes are copied into the graph, arguments wired to the call's inputs, nested
 * calls inlined the same way; the call node itself becomes an {@code IdentityN} of the function's
 * results, so whatever read {@code call:i} reads the same value. A body node keeps its own name
 * ({@code sequential/conv2d/Relu}, the layer a Keras user knows) unless the graph already has that
 * name, then it is prefixed by the call's. Function-style references ({@code
 * conv2d/Relu:activations:0}) are turned into graph ones ({@code conv2d/Relu:0}) with the op's
 * registered definition. Control dependencies inside bodies only order variable reads, and are
 * dropped, as are {@code NoOp}s.
 */
public final class FunctionInliner {
  private static final Set<String> CALLS = Set.of("StatefulPartitionedCall", "PartitionedCall");
  private static final int MAX_DEPTH = 32;

  private final Map<String, FunctionDef> library = new HashMap<>();
  private final Map<String, OpDef> ops = new HashMap<>();
  private final Set<String> used = new HashSet<>();
  private final List<NodeDef> out = new ArrayList<>();

  private FunctionInliner(GraphDef def) {
    def.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    TensorFlow.registeredOpList().getOpList().forEach(o -> ops.put(o.getName(), o));
  }

  /** Whether a node of {@code def} calls a function of its library. */
  public static boolean hasCalls(GraphDef def) {
    Set<String> functions = new HashSet<>();
    def.getLibrary().getFunctionList().forEach(f -> functions.add(f.getSignature().getName()));
    return def.getNodeList().stream()
        .anyMatch(n -> CALLS.contains(n.getOp()) || functions.contains(n.getOp()));
  }

  /**
   * The part of {@code def} that computes {@code outputs} (node names), every function call in it
   * inlined, without the function library.
   */
  public static GraphDef inline(GraphDef def, Set<String> outputs) throws ModelException {
    FunctionInliner inliner = new FunctionInliner(def);
    // Control inputs too: every node kept must find the nodes it names.
    Set<String> keep = GraphDefs.ancestors(GraphDefs.byName(def), outputs, true);
    List<NodeDef> needed =
        def.getNodeList().stream().filter(n -> keep.contains(n.getName())).toList();
    needed.forEach(n -> inliner.used.add(n.getName()));
    for (NodeDef n : needed) {
      if (inliner.calls(n)) {
        inliner.inlineCall(
            n, n.getName(), n.getInputList().stream().filter(i -> !i.startsWith("^")).toList(), 0);
      } else {
        inliner.out.add(n);
      }
    }
    return def.toBuilder().clearNode().clearLibrary().addAllNode(inliner.out).build();
  }

  private boolean calls(NodeDef n) {
    return CALLS.contains(n.getOp()) || library.containsKey(n.getOp());
  }

  /**
   * Adds the body of the function {@code call} calls, its arguments bound to {@code inputs}
   * (graph-style tensor names), and an {@code IdentityN} named {@code name} of its results.
   */
  private void inlineCall(NodeDef call, String name, List<String> inputs, int depth)
      throws ModelException {
    String fn =
        CALLS.contains(call.getOp()) ? call.getAttrOrThrow("f").getFunc().getName() : call.getOp();
    FunctionDef f = library.get(fn);
    if (f == null) {
      throw new ModelException(
          "node '"
              + call.getName()
              + "' calls function "
              + fn
              + ", which the graph's library lacks");
    }
    if (depth > MAX_DEPTH) {
      throw new ModelException("function " + fn + " nests calls more than " + MAX_DEPTH + " deep");
    }
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < f.getSignature().getInputArgCount(); i++) {
      args.put(f.getSignature().getInputArg(i).getName(), inputs.get(i));
    }
    String prefix = name + "/";
    Map<String, String> renamed = new HashMap<>();
    Map<String, NodeDef> body = new HashMap<>();
    for (NodeDef n : f.getNodeDefList()) {
      body.put(n.getName(), n);
      if (!n.getOp().equals("NoOp")) {
        String unique = used.contains(n.getName()) ? prefix + n.getName() : n.getName();
        while (!used.add(unique)) {
          unique = prefix + unique;
        }
        renamed.put(n.getName(), unique);
      }
    }
    for (NodeDef n : f.getNodeDefList()) {
      if (n.getOp().equals("NoOp")) {
        continue;
      }
      if (Set.of("If", "StatelessIf", "While", "StatelessWhile", "Case").contains(n.getOp())) {
        throw new ModelException(
            "function "
                + fn
                + " has control flow ("
                + n.getOp()
                + " '"
                + n.getName()
                + "'), which dreamzoom cannot inline; freeze the network to a .pb in Python instead");
      }
      List<String> resolved = new ArrayList<>();
      for (String in : n.getInputList()) {
        if (!in.startsWith("^")) {
          resolved.add(resolve(in, args, renamed, body, fn));
        }
      }
      if (calls(n)) {
        inlineCall(n, renamed.get(n.getName()), resolved, depth + 1);
        continue;
      }
      NodeDef.Builder b =
          n.toBuilder()
              .setName(renamed.get(n.getName()))
              .clearInput()
              .clearDevice()
              .addAllInput(resolved);
      // Colocation and shape hints name nodes of the function; they mean nothing outside it.
      n.getAttrMap().keySet().stream().filter(k -> k.startsWith("_")).forEach(b::removeAttr);
      out.add(b.build());
    }
    List<String> results = new ArrayList<>();
    AttrValue.ListValue.Builder types = AttrValue.ListValue.newBuilder();
    for (var arg : f.getSignature().getOutputArgList()) {
      String ret = f.getRetOrThrow(arg.getName());
      results.add(resolve(ret, args, renamed, body, fn));
      types.addType(
          arg.getType() != DataType.DT_INVALID
              ? arg.getType()
              : call.getAttrOrThrow("Tout").getList().getType(results.size() - 1));
    }
    out.add(
        NodeDef.newBuilder()
            .setName(name)
            .setOp("IdentityN")
            .addAllInput(results)
            .putAttr("T", AttrValue.newBuilder().setList(types).build())
            .build());
  }

  /** A body's input reference ({@code arg}, {@code node:out_arg:index}) as a graph tensor name. */
  private String resolve(
      String ref,
      Map<String, String> args,
      Map<String, String> renamed,
      Map<String, NodeDef> body,
      String fn)
      throws ModelException {
    String[] parts = ref.split(":");
    if (parts.length == 1) {
      String bound = args.get(ref);
      if (bound == null) {
        throw new ModelException(
            "function " + fn + " reads '" + ref + "', neither an argument nor an output");
      }
      return bound;
    }
    NodeDef producer = body.get(parts[0]);
    if (producer == null || parts.length != 3) {
      throw new ModelException(
          "function " + fn + " reads '" + ref + "', which it does not compute");
    }
    return renamed.get(parts[0])
        + ":"
        + (outputIndex(producer, parts[1]) + Integer.parseInt(parts[2]));
  }

  /** Where the output argument {@code arg} of {@code node}'s op starts among its outputs. */
  private int outputIndex(NodeDef node, String arg) throws ModelException {
    if (library.containsKey(node.getOp())) {
      List<String> names =
          library.get(node.getOp()).getSignature().getOutputArgList().stream()
              .map(OpDef.ArgDef::getName)
              .toList();
      return names.indexOf(arg);
    }
    OpDef op = ops.get(node.getOp());
    if (op == null) {
      throw new ModelException(
          "node '"
              + node.getName()
              + "' has op "
              + node.getOp()
              + ", which this TensorFlow does not know");
    }
    int index = 0;
    for (OpDef.ArgDef a : op.getOutputArgList()) {
      if (a.getName().equals(arg)) {
        return index;
      }
      index += count(node, a);
    }
    throw new ModelException("op " + node.getOp() + " has no output '" + arg + "'");
  }

  /**
   * How many tensors an output argument stands for: one, N of a number attr, or a type list's
   * length.
   */
  private static int count(NodeDef node, OpDef.ArgDef a) {
    if (!a.getNumberAttr().isEmpty()) {
      return (int) node.getAttrOrThrow(a.getNumberAttr()).getI();
    }
    if (!a.getTypeListAttr().isEmpty()) {
      return node.getAttrOrThrow(a.getTypeListAttr()).getList().getTypeCount();
    }
    return 1;
  }
}
