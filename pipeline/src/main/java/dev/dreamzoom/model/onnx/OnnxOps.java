package dev.dreamzoom.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.op.nn.LocalResponseNormalization;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * ONNX operators as TensorFlow ops, in the layout {@link OnnxGraphs} describes (every 4-D tensor
 * held in NHWC order). One method per operator family; each names its last op after the ONNX value
 * it computes, so layers keep their ONNX names. Only ops with a TensorFlow gradient are used:
 * padding for pools is an explicit pad (minus infinity for max, a count of real pixels for
 * average), depthwise convolutions are TensorFlow's own, other grouped convolutions are split and
 * concatenated.
 *
 * <p>One class for the whole operator table (about 1,000 lines for 36 operators): every translation
 * shares the node context and the layout rules above, and what is supported, and how, reads in one
 * place ({@link #translate}, then one section per family: element-wise, convolution and
 * normalization, pooling, dense layers, shapes).
 */
public final class OnnxOps {
  /** An operator or attribute value this importer does not translate. */
  public static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message);
    }
  }

  private static final int[] TO_HELD = {0, 2, 3, 1};
  private static final int[] TO_ONNX = {0, 3, 1, 2};

  private final Ops root;
  private final long opset;
  private final Map<String, Operand<?>> values = new HashMap<>();
  private final Map<String, OnnxProto.TensorProto> constants = new HashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Set<String> used = new HashSet<>();

  OnnxOps(Ops root, long opset) {
    this.root = root;
    this.opset = opset;
  }

  /** ONNX value name → TensorFlow tensor (op) name. */
  Map<String, String> names() {
    return Map.copyOf(names);
  }

  String tensorName(String onnx) {
    String n = names.get(onnx);
    if (n == null) {
      throw new IllegalStateException("no value '" + onnx + "'");
    }
    return n;
  }

  /** A valid, unused TensorFlow op name for an ONNX value name. */
  String uniqueName(String onnx) {
    // TensorFlow Java takes op names of letters, digits and _ . - only: "/conv1/Conv" →
    // "conv1_Conv".
    String s = onnx.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^[_.-]+", "");
    if (s.isEmpty()) {
      s = "value";
    }
    String name = s;
    for (int i = 1; used.contains(name) || used.contains(name + "_"); i++) {
      name = s + "_" + i;
    }
    used.add(name);
    used.add(name + "_");
    return name;
  }

  void define(String onnx, Operand<?> op) {
    values.put(onnx, op);
    names.put(onnx, op.op().name());
  }

  /**
   * An initializer or Constant: a constant in held layout, its ONNX value kept for attribute-like
   * inputs.
   */
  void constant(String onnx, OnnxProto.TensorProto t) {
    constants.put(onnx, t);
    String name = uniqueName(onnx);
    Operand<?> c =
        switch (t.getDataType()) {
          case 1, 11 -> OnnxGraphs.floatConstant(root.withSubScope(uniqueName(name + "_value")), t);
          case 6, 7, 2, 3, 4, 5, 9 ->
              OnnxGraphs.longConstant(root.withSubScope(uniqueName(name + "_value")), t);
          default ->
              throw new IllegalArgumentException(
                  "initializer '" + onnx + "' has unsupported ONNX type " + t.getDataType());
        };
    define(
        onnx,
        t.getDimsCount() == 4
            ? root.withName(name).linalg.transpose(c, root.constant(TO_HELD))
            : root.withName(name).identity(c));
  }

  /** Translates one node. */
  void translate(OnnxProto.NodeProto node) throws Unsupported {
    if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
      throw new Unsupported(
          "operator " + node.getDomain() + "." + node.getOpType() + " is not supported");
    }
    Node n = new Node(node);
    switch (node.getOpType()) {
      case "Identity", "Dropout" -> n.out(root.withName(n.name).identity(n.in(0)));
      case "Relu" -> n.out(root.withName(n.name).nn.relu(n.f(0)));
      case "LeakyRelu" ->
          n.out(
              root.withName(n.name).nn.leakyRelu(n.f(0), LeakyRelu.alpha(n.attrF("alpha", 0.01f))));
      case "Sigmoid" -> n.out(root.withName(n.name).math.sigmoid(n.f(0)));
      case "Tanh" -> n.out(root.withName(n.name).math.tanh(n.f(0)));
      case "Elu" -> n.out(elu(n));
      case "Clip" -> n.out(clip(n));
      case "HardSigmoid" ->
          n.out(
              hardSigmoid(
                  n.tmp(),
                  n.f(0),
                  n.attrF("alpha", 0.2f),
                  n.attrF("beta", 0.5f),
                  root.withName(n.name)));
      case "HardSwish" ->
          n.out(
              root.withName(n.name)
                  .math
                  .mul(n.f(0), hardSigmoid(n.tmp(), n.f(0), 1f / 6, 0.5f, n.tmp())));
      case "Add", "Sub", "Mul", "Div" -> n.out(binary(n));
      case "Conv" -> n.out(conv(n));
      case "ConvTranspose" -> n.out(convTranspose(n));
      case "BatchNormalization" -> n.out(batchNorm(n));
      case "MaxPool", "AveragePool" -> n.out(pool(n));
      case "GlobalAveragePool", "GlobalMaxPool" -> n.out(globalPool(n));
      case "LRN" -> n.out(lrn(n));
      case "Gemm" -> n.out(gemm(n));
      case "MatMul" -> n.out(matMul(n));
      case "Concat" -> n.out(concat(n));
      case "Flatten" -> n.out(flatten(n));
      case "Reshape" -> n.out(reshape(n));
      case "Transpose" -> n.out(transpose(n));
      case "Squeeze", "Unsqueeze" -> n.out(squeeze(n, node.getOpType().equals("Unsqueeze")));
      case "Softmax" -> n.out(softmax(n));
      case "Constant" -> constantNode(n);
      case "Shape" -> n.out(shape(n));
      case "Gather" -> n.out(gather(n));
      case "Pad" -> n.out(pad(n));
      case "ReduceMean" -> n.out(reduceMean(n));
      default ->
          throw new Unsupported(
              "operator "
                  + node.getOpType()
                  + " is not supported (supported: "
                  + String.join(", ", SUPPORTED)
                  + ")");
    }
  }

  /** The operators {@link #translate} handles. */
  public static final List<String> SUPPORTED =
      List.of(
          "Add",
          "AveragePool",
          "BatchNormalization",
          "Clip",
          "Concat",
          "Constant",
          "Conv",
          "ConvTranspose",
          "Div",
          "Dropout",
          "Elu",
          "Flatten",
          "Gather",
          "Gemm",
          "GlobalAveragePool",
          "GlobalMaxPool",
          "HardSigmoid",
          "HardSwish",
          "Identity",
          "LRN",
          "LeakyRelu",
          "MatMul",
          "MaxPool",
          "Mul",
          "Pad",
          "ReduceMean",
          "Relu",
          "Reshape",
          "Shape",
          "Sigmoid",
          "Softmax",
          "Squeeze",
          "Sub",
          "Tanh",
          "Transpose",
          "Unsqueeze");

  /** One node being translated: its inputs, attributes and the name of its output. */
  private final class Node {
    final OnnxProto.NodeProto proto;
    final String name;

    /** A scope for the node's intermediate ops. */
    private final String scope;

    private final Map<String, OnnxProto.AttributeProto> attrs = new HashMap<>();

    Node(OnnxProto.NodeProto proto) throws Unsupported {
      this.proto = proto;
      if (proto.getOutputCount() == 0) {
        throw new Unsupported("no outputs");
      }
      this.name = uniqueName(proto.getOutput(0));
      this.scope = uniqueName(name + "_ops");
      proto.getAttributeList().forEach(a -> attrs.put(a.getName(), a));
    }

    /** Ops for the intermediate steps, in a scope of their own. */
    Ops tmp() {
      return root.withSubScope(scope);
    }

    boolean has(int i) {
      return proto.getInputCount() > i && !proto.getInput(i).isEmpty();
    }

    Operand<?> in(int i) throws Unsupported {
      if (!has(i)) {
        throw new Unsupported("input " + i + " is missing");
      }
      Operand<?> v = values.get(proto.getInput(i));
      if (v == null) {
        throw new Unsupported("input '" + proto.getInput(i) + "' is not computed before it");
      }
      return v;
    }

    @SuppressWarnings("unchecked")
    Operand<TFloat32> f(int i) throws Unsupported {
      Operand<?> v = in(i);
      if (v.asOutput().dataType() != DataType.DT_FLOAT) {
        throw new Unsupported(
            "input '" + proto.getInput(i) + "' is " + v.asOutput().dataType() + ", not float");
      }
      return (Operand<TFloat32>) v;
    }

    /** The constant value of input i, or null where it is computed. */
    OnnxProto.TensorProto constant(int i) {
      return has(i) ? constants.get(proto.getInput(i)) : null;
    }

    long[] constLongs(int i) throws Unsupported {
      OnnxProto.TensorProto t = constant(i);
      if (t == null) {
        throw new Unsupported("input " + i + " ('" + proto.getInput(i) + "') must be a constant");
      }
      return OnnxGraphs.longs(t);
    }

    OnnxProto.AttributeProto attr(String key) {
      return attrs.get(key);
    }

    float attrF(String key, float fallback) {
      OnnxProto.AttributeProto a = attrs.get(key);
      return a == null ? fallback : a.getF();
    }

    long attrI(String key, long fallback) {
      OnnxProto.AttributeProto a = attrs.get(key);
      return a == null ? fallback : a.getI();
    }

    long[] attrInts(String key, long[] fallback) {
      OnnxProto.AttributeProto a = attrs.get(key);
      return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    String attrS(String key, String fallback) {
      OnnxProto.AttributeProto a = attrs.get(key);
      return a == null ? fallback : a.getS().toStringUtf8();
    }

    void out(Operand<?> op) throws Unsupported {
      if (proto.getOutputCount() > 1
          && proto.getOutputList().subList(1, proto.getOutputCount()).stream()
              .anyMatch(o -> !o.isEmpty())
          && !proto.getOpType().equals("Dropout")) {
        throw new Unsupported("only its first output is supported");
      }
      define(proto.getOutput(0), op);
    }
  }

  // ---- layout ----------------------------------------------------------------------------

  public static int rank(Operand<?> x) {
    Shape s = x.shape();
    return s.isUnknown() ? -1 : s.numDimensions();
  }

  /** {@code x} in ONNX order: a held 4-D tensor permuted back to NCHW. */
  private <T extends TType> Operand<T> onnxOrder(Ops tf, Operand<T> x) {
    return rank(x) == 4 ? tf.linalg.transpose(x, tf.constant(TO_ONNX)) : x;
  }

  /** {@code x} (ONNX order) as held: a 4-D tensor permuted to NHWC, named by {@code named}. */
  private <T extends TType> Operand<T> held(Ops named, Operand<T> x) {
    return rank(x) == 4 ? named.linalg.transpose(x, named.constant(TO_HELD)) : named.identity(x);
  }

  /** ONNX axis of a 4-D tensor → its axis as held. */
  private static int heldAxis(long axis, int rank) {
    int a = (int) (axis < 0 ? axis + rank : axis);
    return rank == 4 ? new int[] {0, 3, 1, 2}[a] : a;
  }

  /**
   * {@code x} made ready to broadcast against a held 4-D tensor: of lower rank, it is padded with
   * leading 1s (numpy's broadcasting) and permuted like a held tensor.
   */
  private <T extends TType> Operand<T> broadcastable(Ops tf, Operand<T> x, int otherRank) {
    int r = rank(x);
    if (otherRank != 4 || r >= 4 || r < 0) {
      return x;
    }
    Operand<T> y = x;
    for (int i = r; i < 4; i++) {
      y = tf.expandDims(y, tf.constant(0));
    }
    return tf.linalg.transpose(y, tf.constant(TO_HELD));
  }

  // ---- element-wise ------------------------------------------------------------------------

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> binary(Node n) throws Unsupported {
    Operand a = n.in(0);
    Operand b = n.in(1);
    Ops tf = n.tmp();
    if (a.asOutput().dataType() != b.asOutput().dataType()) {
      b = tf.dtypes.cast(b, a.type());
    }
    a = broadcastable(tf, a, rank(b));
    b = broadcastable(tf, b, rank(a));
    Ops o = root.withName(n.name);
    return switch (n.proto.getOpType()) {
      case "Add" -> o.math.add(a, b);
      case "Sub" -> o.math.sub(a, b);
      case "Mul" -> o.math.mul(a, b);
      default ->
          a.asOutput().dataType() == DataType.DT_FLOAT
              ? o.math.div(a, b)
              : o.math.truncateDiv(a, b);
    };
  }

  private Operand<TFloat32> elu(Node n) throws Unsupported {
    float alpha = n.attrF("alpha", 1f);
    Operand<TFloat32> x = n.f(0);
    if (alpha == 1f) {
      return root.withName(n.name).nn.elu(x);
    }
    Ops tf = n.tmp();
    return root.withName(n.name)
        .select(
            tf.math.greater(x, tf.constant(0f)),
            x,
            tf.math.mul(tf.constant(alpha), tf.math.sub(tf.math.exp(x), tf.constant(1f))));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> clip(Node n) throws Unsupported {
    Operand x = n.in(0);
    Ops tf = n.tmp();
    Operand lo = null;
    Operand hi = null;
    if (opset < 11) {
      lo = n.attr("min") == null ? null : tf.constant(n.attrF("min", 0f));
      hi = n.attr("max") == null ? null : tf.constant(n.attrF("max", 0f));
    } else {
      lo = n.has(1) ? n.in(1) : null;
      hi = n.has(2) ? n.in(2) : null;
    }
    Operand y = x;
    if (lo != null) {
      y = tf.math.maximum(y, lo);
    }
    if (hi != null) {
      y = tf.math.minimum(y, hi);
    }
    return root.withName(n.name).identity(y);
  }

  private static Operand<TFloat32> hardSigmoid(
      Ops tf, Operand<TFloat32> x, float alpha, float beta, Ops last) {
    Operand<TFloat32> lin = tf.math.add(tf.math.mul(x, tf.constant(alpha)), tf.constant(beta));
    return last.math.minimum(tf.math.maximum(lin, tf.constant(0f)), tf.constant(1f));
  }

  // ---- convolution and normalization ----------------------------------------------------

  private Operand<TFloat32> conv(Node n) throws Unsupported {
    Operand<TFloat32> x = n.f(0);
    Operand<TFloat32> w = n.f(1);
    if (rank(x) != 4 || rank(w) != 4) {
      throw new Unsupported("only 2-D convolutions (4-D input and weights) are supported");
    }
    Ops tf = n.tmp();
    long group = n.attrI("group", 1);
    long[] strides = n.attrInts("strides", new long[] {1, 1});
    long[] dilations = n.attrInts("dilations", new long[] {1, 1});
    // Held weights are [M, kH, kW, C/group]; TensorFlow wants [kH, kW, C/group, M].
    Operand<TFloat32> hwio = tf.linalg.transpose(w, tf.constant(new int[] {1, 2, 3, 0}));
    Operand<TFloat32> padded = explicitPad(n, tf, x, kernelSize(n, w), strides, dilations, 0f);
    List<Long> s = List.of(1L, strides[0], strides[1], 1L);
    org.tensorflow.op.nn.Conv2d.Options d =
        org.tensorflow.op.nn.Conv2d.dilations(List.of(1L, dilations[0], dilations[1], 1L));
    Operand<TFloat32> y;
    long channels = x.shape().isUnknown() ? -1 : x.shape().size(3);
    long outputs = w.shape().isUnknown() ? -1 : w.shape().size(0);
    if (group == 1) {
      y = tf.nn.conv2d(padded, hwio, s, "VALID", d);
    } else if (group == channels && outputs > 0 && outputs % channels == 0) {
      // Depthwise (MobileNet's): output channel c * mult + m reads input channel c, in ONNX as in
      // TensorFlow, so the [kH, kW, 1, M] kernel regroups as [kH, kW, C, mult].
      Operand<TFloat32> kernel =
          tf.reshape(
              hwio,
              tf.constant(
                  new long[] {
                    kernelSize(n, w)[0], kernelSize(n, w)[1], channels, outputs / channels
                  }));
      y =
          tf.nn.depthwiseConv2dNative(
              padded,
              kernel,
              s,
              "VALID",
              org.tensorflow.op.nn.DepthwiseConv2dNative.dilations(
                  List.of(1L, dilations[0], dilations[1], 1L)));
    } else {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      var xs = tf.split(tf.constant(3), padded, group);
      var ws = tf.split(tf.constant(3), hwio, group);
      for (int i = 0; i < group; i++) {
        parts.add(tf.nn.conv2d(xs.output().get(i), ws.output().get(i), s, "VALID", d));
      }
      y = tf.concat(parts, tf.constant(3));
    }
    Ops last = root.withName(n.name);
    if (n.has(2)) {
      return last.nn.biasAdd(y, n.f(2));
    }
    return last.identity(y);
  }

  /** A {@code [kH, kW, O, I]} filter dilated: {@code d - 1} zeros between neighbouring taps. */
  private static Operand<TFloat32> spread(
      Ops tf, Operand<TFloat32> filter, long[] k, long[] d, long out) {
    Operand<TFloat32> apart =
        tf.reshape(filter, tf.constant(new long[] {k[0], 1, k[1], 1, out, -1}));
    Operand<TFloat32> zeros =
        tf.pad(
            apart,
            tf.constant(
                new int[][] {
                  {0, 0}, {0, (int) d[0] - 1}, {0, 0}, {0, (int) d[1] - 1}, {0, 0}, {0, 0}
                }),
            tf.constant(0f));
    Operand<TFloat32> whole =
        tf.reshape(zeros, tf.constant(new long[] {k[0] * d[0], k[1] * d[1], out, -1}));
    return tf.slice(
        whole,
        tf.constant(new long[] {0, 0, 0, 0}),
        tf.constant(new long[] {(k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1, -1, -1}));
  }

  /**
   * ConvTranspose as the input gradient of a convolution (TensorFlow's Conv2DBackpropInput): the
   * full output, then output_padding added and pads cut at the end and the start.
   */
  private Operand<TFloat32> convTranspose(Node n) throws Unsupported {
    Operand<TFloat32> x = n.f(0);
    Operand<TFloat32> w = n.f(1);
    if (rank(x) != 4 || rank(w) != 4) {
      throw new Unsupported("only 2-D transposed convolutions are supported");
    }
    if (n.attr("output_shape") != null) {
      throw new Unsupported("the output_shape attribute is not supported (give pads instead)");
    }
    String auto = n.attrS("auto_pad", "NOTSET");
    if (!auto.equals("NOTSET") && !auto.equals("VALID")) {
      throw new Unsupported("auto_pad " + auto + " is not supported");
    }
    Ops tf = n.tmp();
    long group = n.attrI("group", 1);
    long[] k = kernelSize(n, w);
    long[] strides = n.attrInts("strides", new long[] {1, 1});
    long[] dilations = n.attrInts("dilations", new long[] {1, 1});
    long[] pads = auto.equals("VALID") ? new long[4] : n.attrInts("pads", new long[4]);
    long[] extra = n.attrInts("output_padding", new long[] {0, 0});
    long outPerGroup = w.shape().size(3);
    if (outPerGroup < 0) {
      throw new Unsupported("the weights' output channels must be known");
    }
    // Held weights are [C, kH, kW, M/group]; the forward convolution's filter is [kH, kW, M/group,
    // C].
    Operand<TFloat32> filter = tf.linalg.transpose(w, tf.constant(new int[] {1, 2, 3, 0}));
    Operand<TInt32> in = tf.shape(x);
    Operand<TInt32> full =
        tf.math.add(
            tf.math.mul(
                tf.math.sub(
                    tf.gather(in, tf.constant(new int[] {1, 2}), tf.constant(0)), tf.constant(1)),
                tf.constant(new int[] {(int) strides[0], (int) strides[1]})),
            tf.constant(
                new int[] {
                  (int) ((k[0] - 1) * dilations[0] + 1), (int) ((k[1] - 1) * dilations[1] + 1)
                }));
    Operand<TInt32> sizes =
        tf.concat(
            List.of(
                tf.gather(in, tf.constant(new int[] {0}), tf.constant(0)),
                full,
                tf.constant(new int[] {(int) outPerGroup})),
            tf.constant(0));
    List<Long> s = List.of(1L, strides[0], strides[1], 1L);
    if (dilations[0] > 1 || dilations[1] > 1) {
      // TensorFlow computes a dilated Conv2DBackpropInput on the CPU only with oneDNN ("CPU
      // implementations do not yet support dilation rates larger than 1" otherwise): the same
      // transposed convolution with zeros spread between the taps runs with every kernel family.
      filter = spread(tf, filter, k, dilations, outPerGroup);
    }
    Operand<TFloat32> y;
    if (group == 1) {
      y = tf.nn.conv2dBackpropInput(sizes, filter, x, s, "VALID");
    } else {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      var xs = tf.split(tf.constant(3), x, group);
      var fs = tf.split(tf.constant(3), filter, group);
      for (int i = 0; i < group; i++) {
        parts.add(
            tf.nn.conv2dBackpropInput(sizes, fs.output().get(i), xs.output().get(i), s, "VALID"));
      }
      y = tf.concat(parts, tf.constant(3));
    }
    if (extra[0] != 0 || extra[1] != 0) {
      y =
          tf.pad(
              y,
              tf.constant(new int[][] {{0, 0}, {0, (int) extra[0]}, {0, (int) extra[1]}, {0, 0}}),
              tf.constant(0f));
    }
    if (Arrays.stream(pads).anyMatch(p -> p != 0)) {
      Operand<TInt32> size = tf.shape(y);
      Operand<TInt32> begin = tf.constant(new int[] {0, (int) pads[0], (int) pads[1], 0});
      Operand<TInt32> length =
          tf.math.sub(
              size,
              tf.constant(new int[] {0, (int) (pads[0] + pads[2]), (int) (pads[1] + pads[3]), 0}));
      y = keepChannels(tf, tf.slice(y, begin, length), y);
    }
    Ops last = root.withName(n.name);
    return n.has(2) ? last.nn.biasAdd(y, n.f(2)) : last.identity(y);
  }

  /** The kernel's spatial size: the attribute, else the held weights' dims 1 and 2. */
  private static long[] kernelSize(Node n, Operand<TFloat32> w) throws Unsupported {
    long[] k = n.attrInts("kernel_shape", null);
    if (k != null) {
      return k;
    }
    Shape s = w.shape();
    if (s.isUnknown() || s.size(1) < 0 || s.size(2) < 0) {
      throw new Unsupported("kernel_shape is needed where the weights' shape is not known");
    }
    return new long[] {s.size(1), s.size(2)};
  }

  /**
   * {@code x} padded as the node's {@code pads} / {@code auto_pad} say (SAME_UPPER and SAME_LOWER
   * computed from the input's size at run time), then convolved or pooled without padding.
   */
  private Operand<TFloat32> explicitPad(
      Node n,
      Ops tf,
      Operand<TFloat32> x,
      long[] kernel,
      long[] strides,
      long[] dilations,
      float value)
      throws Unsupported {
    String auto = n.attrS("auto_pad", "NOTSET");
    Operand<TInt32> paddings;
    if (auto.equals("NOTSET") || auto.equals("VALID")) {
      long[] pads = auto.equals("VALID") ? new long[4] : n.attrInts("pads", new long[4]);
      if (Arrays.stream(pads).allMatch(p -> p == 0)) {
        return x;
      }
      paddings =
          tf.constant(
              new int[][] {
                {0, 0}, {(int) pads[0], (int) pads[2]}, {(int) pads[1], (int) pads[3]}, {0, 0}
              });
    } else if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
      Operand<TInt32> size = tf.gather(tf.shape(x), tf.constant(new int[] {1, 2}), tf.constant(0));
      Operand<TInt32> stride = tf.constant(new int[] {(int) strides[0], (int) strides[1]});
      Operand<TInt32> reach =
          tf.constant(
              new int[] {
                (int) ((kernel[0] - 1) * dilations[0] + 1),
                (int) ((kernel[1] - 1) * dilations[1] + 1)
              });
      Operand<TInt32> outSize =
          tf.math.floorDiv(tf.math.add(size, tf.math.sub(stride, tf.constant(1))), stride);
      Operand<TInt32> total =
          tf.math.maximum(
              tf.constant(0),
              tf.math.sub(
                  tf.math.add(tf.math.mul(tf.math.sub(outSize, tf.constant(1)), stride), reach),
                  size));
      Operand<TInt32> small = tf.math.floorDiv(total, tf.constant(2));
      Operand<TInt32> large = tf.math.sub(total, small);
      paddings =
          auto.equals("SAME_UPPER")
              ? spatialPaddings(tf, small, large)
              : spatialPaddings(tf, large, small);
    } else {
      throw new Unsupported("auto_pad " + auto + " is not supported");
    }
    return keepChannels(tf, tf.pad(x, paddings, tf.constant(value)), x);
  }

  /**
   * {@code y} (a held 4-D tensor padded by a computed amount) with {@code x}'s channel count made
   * known again: TensorFlow cannot infer any size through a computed padding, and layers, channel
   * checks and later ops want the channels.
   */
  private static Operand<TFloat32> keepChannels(Ops tf, Operand<TFloat32> y, Operand<TFloat32> x) {
    long c = x.shape().isUnknown() ? -1 : x.shape().size(3);
    if (c < 0) {
      return y;
    }
    Operand<TInt32> s = tf.shape(y);
    return tf.reshape(
        y,
        tf.stack(
            List.of(
                tf.gather(s, tf.constant(0), tf.constant(0)),
                tf.gather(s, tf.constant(1), tf.constant(0)),
                tf.gather(s, tf.constant(2), tf.constant(0)),
                tf.constant((int) c))));
  }

  private Operand<TFloat32> batchNorm(Node n) throws Unsupported {
    Operand<TFloat32> x = n.f(0);
    float eps = n.attrF("epsilon", 1e-5f);
    OnnxProto.TensorProto[] p = {n.constant(1), n.constant(2), n.constant(3), n.constant(4)};
    Ops tf = n.tmp();
    Operand<TFloat32> scale;
    Operand<TFloat32> shift;
    if (Arrays.stream(p).allMatch(t -> t != null)) {
      float[] gamma = OnnxGraphs.floats(p[0]);
      float[] beta = OnnxGraphs.floats(p[1]);
      float[] mean = OnnxGraphs.floats(p[2]);
      float[] var = OnnxGraphs.floats(p[3]);
      float[] a = new float[gamma.length];
      float[] b = new float[gamma.length];
      for (int c = 0; c < a.length; c++) {
        a[c] = (float) (gamma[c] / Math.sqrt(var[c] + eps));
        b[c] = beta[c] - mean[c] * a[c];
      }
      scale = tf.constant(a);
      shift = tf.constant(b);
    } else {
      Operand<TFloat32> a =
          tf.math.mul(n.f(1), tf.math.rsqrt(tf.math.add(n.f(4), tf.constant(eps))));
      scale = a;
      shift = tf.math.sub(n.f(2), tf.math.mul(n.f(3), a));
    }
    int r = rank(x);
    if (r != 4 && r != 2) {
      // Channels are axis 1 in ONNX order: shape the per-channel factors [C, 1, ..., 1].
      long[] dims = new long[Math.max(r - 1, 1)];
      Arrays.fill(dims, 1);
      dims[0] = -1;
      scale = tf.reshape(scale, tf.constant(dims));
      shift = tf.reshape(shift, tf.constant(dims));
    }
    // Held 4-D tensors and [N, C] matrices have their channels last: the factors broadcast as they
    // are.
    return root.withName(n.name).math.add(tf.math.mul(x, scale), shift);
  }

  private Operand<TFloat32> lrn(Node n) throws Unsupported {
    long size = n.attrI("size", 0);
    if (size % 2 == 0) {
      throw new Unsupported("LRN with an even size (" + size + ") is not supported");
    }
    Ops tf = n.tmp();
    return root.withName(n.name)
        .nn
        .localResponseNormalization(
            n.f(0),
            LocalResponseNormalization.depthRadius((size - 1) / 2),
            LocalResponseNormalization.bias(n.attrF("bias", 1f)),
            LocalResponseNormalization.alpha(n.attrF("alpha", 1e-4f) / size),
            LocalResponseNormalization.beta(n.attrF("beta", 0.75f)));
  }

  // ---- pooling ----------------------------------------------------------------------------

  private Operand<TFloat32> pool(Node n) throws Unsupported {
    Operand<TFloat32> x = n.f(0);
    if (rank(x) != 4) {
      throw new Unsupported("only 2-D pooling (4-D input) is supported");
    }
    boolean max = n.proto.getOpType().equals("MaxPool");
    long[] k = n.attrInts("kernel_shape", null);
    if (k == null || k.length != 2) {
      throw new Unsupported("kernel_shape must give 2 sizes");
    }
    long[] strides = n.attrInts("strides", new long[] {1, 1});
    long[] dilations = n.attrInts("dilations", new long[] {1, 1});
    if (dilations[0] != 1 || dilations[1] != 1) {
      throw new Unsupported("dilated pooling is not supported");
    }
    if (max && n.proto.getOutputCount() > 1 && !n.proto.getOutput(1).isEmpty()) {
      throw new Unsupported("MaxPool's Indices output is not supported");
    }
    Ops tf = n.tmp();
    boolean ceil = n.attrI("ceil_mode", 0) == 1;
    List<Long> ksize = List.of(1L, k[0], k[1], 1L);
    List<Long> s = List.of(1L, strides[0], strides[1], 1L);
    float fill = max ? Float.NEGATIVE_INFINITY : 0f;
    Operand<TFloat32> padded =
        extraForCeil(
            tf, explicitPad(n, tf, x, k, strides, dilations, fill), k, strides, ceil, fill);
    Ops last = root.withName(n.name);
    if (max) {
      return last.nn.maxPool(
          padded,
          tf.constant(new int[] {1, (int) k[0], (int) k[1], 1}),
          tf.constant(new int[] {1, (int) strides[0], (int) strides[1], 1}),
          "VALID");
    }
    if (padded == x) {
      // No pads and no partial windows: every window is all real pixels, nothing to correct.
      return last.nn.avgPool(x, ksize, s, "VALID");
    }
    Operand<TFloat32> sum = tf.nn.avgPool(padded, ksize, s, "VALID");
    if (n.attrI("count_include_pad", 0) == 1 && !ceil) {
      return last.identity(sum);
    }
    // Average over the real pixels only (and, with ceil_mode, over the pads inside the input's
    // padded extent when count_include_pad is set): pool a mask of ones the same way.
    // Built from the shape alone, so no gradient is asked of it (OnesLike has none in TensorFlow's
    // C++ registry).
    Operand<TFloat32> ones = tf.fill(tf.shape(x), tf.constant(1f));
    Operand<TFloat32> mask =
        n.attrI("count_include_pad", 0) == 1
            ? extraForCeil(
                tf, explicitPad(n, tf, ones, k, strides, dilations, 1f), k, strides, ceil, 0f)
            : extraForCeil(
                tf, explicitPad(n, tf, ones, k, strides, dilations, 0f), k, strides, ceil, 0f);
    return last.math.div(sum, tf.nn.avgPool(mask, ksize, s, "VALID"));
  }

  /** With ceil_mode, the end padding that lets a last, partial window count. */
  private Operand<TFloat32> extraForCeil(
      Ops tf, Operand<TFloat32> x, long[] k, long[] strides, boolean ceil, float fill) {
    if (!ceil) {
      return x;
    }
    Operand<TInt32> size = tf.gather(tf.shape(x), tf.constant(new int[] {1, 2}), tf.constant(0));
    Operand<TInt32> kk = tf.constant(new int[] {(int) k[0], (int) k[1]});
    Operand<TInt32> st = tf.constant(new int[] {(int) strides[0], (int) strides[1]});
    // Windows: ceil((size - k) / s) + 1; they reach (windows - 1) * s + k.
    Operand<TInt32> windows =
        tf.math.add(
            tf.math.floorDiv(
                tf.math.add(tf.math.sub(size, kk), tf.math.sub(st, tf.constant(1))), st),
            tf.constant(1));
    Operand<TInt32> reach = tf.math.add(tf.math.mul(tf.math.sub(windows, tf.constant(1)), st), kk);
    Operand<TInt32> extra = tf.math.maximum(tf.constant(0), tf.math.sub(reach, size));
    Operand<TInt32> paddings = spatialPaddings(tf, tf.constant(new int[] {0, 0}), extra);
    return keepChannels(tf, tf.pad(x, paddings, tf.constant(fill)), x);
  }

  /**
   * Pad's [[0, 0], [top, bottom], [left, right], [0, 0]] from computed {top, left} and {bottom,
   * right}.
   */
  private static Operand<TInt32> spatialPaddings(
      Ops tf, Operand<TInt32> begin, Operand<TInt32> end) {
    Operand<TInt32> none = tf.constant(new int[][] {{0, 0}});
    return tf.concat(
        List.of(none, tf.stack(List.of(begin, end), org.tensorflow.op.core.Stack.axis(1L)), none),
        tf.constant(0));
  }

  private Operand<TFloat32> globalPool(Node n) throws Unsupported {
    Operand<TFloat32> x = n.f(0);
    if (rank(x) != 4) {
      throw new Unsupported("only 4-D inputs are supported");
    }
    Ops last = root.withName(n.name);
    Operand<TInt32> axes = n.tmp().constant(new int[] {1, 2});
    return n.proto.getOpType().equals("GlobalMaxPool")
        ? last.max(x, axes, org.tensorflow.op.core.Max.keepDims(true))
        : last.math.mean(x, axes, Mean.keepDims(true));
  }

  private Operand<TFloat32> reduceMean(Node n) throws Unsupported {
    Operand<TFloat32> x = n.f(0);
    int r = rank(x);
    long[] axes = opset >= 18 && n.has(1) ? n.constLongs(1) : n.attrInts("axes", null);
    if (axes == null) {
      axes = new long[r];
      for (int i = 0; i < r; i++) {
        axes[i] = i;
      }
    }
    boolean keep = n.attrI("keepdims", 1) == 1;
    int[] held = Arrays.stream(axes).mapToInt(a -> heldAxis(a, r)).toArray();
    Ops tf = n.tmp();
    if (r == 4 && !keep) {
      // Dropping axes of a held tensor leaves ONNX-ordered dims only in ONNX order.
      return root.withName(n.name)
          .math
          .mean(
              onnxOrder(tf, x),
              tf.constant(Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + r : a)).toArray()));
    }
    return root.withName(n.name).math.mean(x, tf.constant(held), Mean.keepDims(keep));
  }

  // ---- dense layers -----------------------------------------------------------------------

  private Operand<TFloat32> gemm(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand<TFloat32> a = onnxOrder(tf, n.f(0));
    Operand<TFloat32> b = onnxOrder(tf, n.f(1));
    if (rank(a) != 2 || rank(b) != 2) {
      throw new Unsupported("Gemm takes matrices");
    }
    if (n.attrI("transB", 0) == 1) {
      // Not MatMul's transpose_b: TensorFlow fuses MatMul and the bias into oneDNN's MatMul, which
      // with transpose_b computed a torchvision GoogLeNet's logits 0.21 off (of 0.35) on an AMD
      // EPYC
      // with AVX-512, where the unfused ops and Eigen agree with PyTorch to 3e-6. A transposed
      // constant is folded once when the session starts.
      b = tf.linalg.transpose(b, tf.constant(new int[] {1, 0}));
    }
    Operand<TFloat32> ab =
        tf.linalg.matMul(
            a, b, org.tensorflow.op.linalg.MatMul.transposeA(n.attrI("transA", 0) == 1));
    float alpha = n.attrF("alpha", 1f);
    if (alpha != 1f) {
      ab = tf.math.mul(ab, tf.constant(alpha));
    }
    Ops last = root.withName(n.name);
    if (!n.has(2)) {
      return last.identity(ab);
    }
    Operand<TFloat32> c = onnxOrder(tf, n.f(2));
    float beta = n.attrF("beta", 1f);
    return last.math.add(ab, beta == 1f ? c : tf.math.mul(c, tf.constant(beta)));
  }

  private Operand<TFloat32> matMul(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand<TFloat32> a = onnxOrder(tf, n.f(0));
    Operand<TFloat32> b = onnxOrder(tf, n.f(1));
    if (rank(a) < 2 || rank(b) < 2) {
      throw new Unsupported("MatMul of vectors is not supported");
    }
    Operand<TFloat32> y =
        rank(a) == 2 && rank(b) == 2
            ? tf.linalg.matMul(a, b)
            : tf.train.batchMatMul(a, b, TFloat32.class);
    return held(root.withName(n.name), y);
  }

  // ---- shapes -----------------------------------------------------------------------------

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> concat(Node n) throws Unsupported {
    List<Operand> parts = new ArrayList<>();
    for (int i = 0; i < n.proto.getInputCount(); i++) {
      parts.add(n.in(i));
    }
    int r = rank(parts.get(0));
    if (r < 0) {
      throw new Unsupported("inputs of unknown rank");
    }
    Ops tf = n.tmp();
    DataType type = parts.get(0).asOutput().dataType();
    List<Operand> same = new ArrayList<>();
    for (Operand p : parts) {
      same.add(p.asOutput().dataType() == type ? p : tf.dtypes.cast(p, parts.get(0).type()));
    }
    return root.withName(n.name).concat((List) same, tf.constant(heldAxis(n.attrI("axis", 1), r)));
  }

  private Operand<TFloat32> flatten(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand<TFloat32> x = onnxOrder(tf, n.f(0));
    int r = rank(x);
    long axis = n.attrI("axis", 1);
    int a = (int) (axis < 0 ? axis + r : axis);
    Operand<TInt32> dims = tf.shape(x);
    Operand<TInt32> outer =
        tf.reshape(
            tf.prod(
                tf.slice(dims, tf.constant(new int[] {0}), tf.constant(new int[] {a})),
                tf.constant(0)),
            tf.constant(new int[] {1}));
    return root.withName(n.name)
        .reshape(x, tf.concat(List.of(outer, tf.constant(new int[] {-1})), tf.constant(0)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> reshape(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand x = onnxOrder(tf, n.in(0));
    boolean allowZero = n.attrI("allowzero", 0) == 1;
    if (opset >= 5 && n.constant(1) == null) {
      return dynamicReshape(n, tf, x, allowZero);
    }
    long[] target = opset >= 5 ? n.constLongs(1) : n.attrInts("shape", null);
    if (target == null) {
      throw new Unsupported("no target shape");
    }
    Operand<TInt32> shape;
    if (Arrays.stream(target).noneMatch(d -> d == 0) || allowZero) {
      shape = tf.constant(Arrays.stream(target).mapToInt(d -> (int) d).toArray());
    } else {
      // 0 copies the input's dim at that position.
      Operand<TInt32> in = tf.shape(x);
      List<Operand<TInt32>> dims = new ArrayList<>();
      for (int i = 0; i < target.length; i++) {
        dims.add(
            target[i] == 0
                ? tf.gather(in, tf.constant(i), tf.constant(0))
                : tf.constant((int) target[i]));
      }
      shape = tf.stack(dims);
    }
    Operand y = tf.reshape(x, shape);
    return target.length == 4 ? held(root.withName(n.name), y) : root.withName(n.name).identity(y);
  }

  /** Reshape to a shape computed in the graph; its length (the output's rank) must be known. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> dynamicReshape(Node n, Ops tf, Operand x, boolean allowZero)
      throws Unsupported {
    Operand<?> target = n.in(1);
    Shape ts = target.shape();
    if (ts.isUnknown() || ts.numDimensions() != 1 || ts.size(0) < 0) {
      throw new Unsupported(
          "a computed shape of unknown length (the output's rank) is not supported");
    }
    int length = (int) ts.size(0);
    Operand<TInt64> shape = tf.dtypes.cast(target, TInt64.class);
    if (!allowZero) {
      // 0 copies the input's dim at that position.
      int r = rank(x);
      Operand<TInt64> in = tf.shape(x, TInt64.class);
      Operand<TInt64> dims =
          length <= r
              ? tf.slice(in, tf.constant(new int[] {0}), tf.constant(new int[] {length}))
              : tf.concat(
                  List.of(in, tf.zeros(tf.constant(new int[] {length - r}), TInt64.class)),
                  tf.constant(0));
      shape = tf.select(tf.math.equal(shape, tf.constant(0L)), dims, shape);
    }
    Operand y = tf.reshape(x, shape);
    return length == 4 ? held(root.withName(n.name), y) : root.withName(n.name).identity(y);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> transpose(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand x = onnxOrder(tf, n.in(0));
    int r = rank(x);
    long[] perm = n.attrInts("perm", null);
    int[] p = new int[r];
    for (int i = 0; i < r; i++) {
      p[i] = perm == null ? r - 1 - i : (int) perm[i];
    }
    return held(root.withName(n.name), tf.linalg.transpose(x, tf.constant(p)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> squeeze(Node n, boolean unsqueeze) throws Unsupported {
    Ops tf = n.tmp();
    Operand x = onnxOrder(tf, n.in(0));
    int r = rank(x);
    long[] axes = opset >= 13 && n.has(1) ? n.constLongs(1) : n.attrInts("axes", null);
    Operand y;
    if (unsqueeze) {
      if (axes == null) {
        throw new Unsupported("Unsqueeze needs axes");
      }
      int out = r + axes.length;
      long[] sorted = Arrays.stream(axes).map(a -> a < 0 ? a + out : a).sorted().toArray();
      y = x;
      for (long a : sorted) {
        y = tf.expandDims(y, tf.constant((int) a));
      }
    } else {
      y =
          axes == null
              ? tf.squeeze(x)
              : tf.squeeze(
                  x,
                  Squeeze.axis(Arrays.stream(axes).map(a -> a < 0 ? a + r : a).boxed().toList()));
    }
    return held(root.withName(n.name), y);
  }

  private Operand<TFloat32> softmax(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand<TFloat32> x = onnxOrder(tf, n.f(0));
    int r = rank(x);
    long axis = n.attrI("axis", opset >= 13 ? -1 : 1);
    int a = (int) (axis < 0 ? axis + r : axis);
    Operand<TFloat32> y;
    if (opset >= 13 || a == r - 1) {
      // Softmax over one axis: moved last, where TensorFlow's softmax works.
      int[] perm = new int[r];
      for (int i = 0; i < r; i++) {
        perm[i] = i;
      }
      perm[a] = r - 1;
      perm[r - 1] = a;
      Operand<TFloat32> moved = a == r - 1 ? x : tf.linalg.transpose(x, tf.constant(perm));
      y = tf.nn.softmax(moved);
      y = a == r - 1 ? y : tf.linalg.transpose(y, tf.constant(perm));
    } else {
      // Before opset 13: the input coerced to a matrix at the axis, softmax over its rows.
      Operand<TInt32> dims = tf.shape(x);
      Operand<TInt32> outer =
          tf.reshape(
              tf.prod(
                  tf.slice(dims, tf.constant(new int[] {0}), tf.constant(new int[] {a})),
                  tf.constant(0)),
              tf.constant(new int[] {1}));
      y =
          tf.reshape(
              tf.nn.softmax(
                  tf.reshape(
                      x, tf.concat(List.of(outer, tf.constant(new int[] {-1})), tf.constant(0)))),
              dims);
    }
    return held(root.withName(n.name), y);
  }

  private void constantNode(Node n) throws Unsupported {
    OnnxProto.AttributeProto v = n.attr("value");
    if (v != null && v.hasT()) {
      constant(n.proto.getOutput(0), v.getT().toBuilder().setName(n.proto.getOutput(0)).build());
      return;
    }
    OnnxProto.TensorProto.Builder t = OnnxProto.TensorProto.newBuilder();
    if (n.attr("value_float") != null) {
      t.setDataType(1).addFloatData(n.attr("value_float").getF());
    } else if (n.attr("value_floats") != null) {
      t.setDataType(1)
          .addAllFloatData(n.attr("value_floats").getFloatsList())
          .addDims(n.attr("value_floats").getFloatsCount());
    } else if (n.attr("value_int") != null) {
      t.setDataType(7).addInt64Data(n.attr("value_int").getI());
    } else if (n.attr("value_ints") != null) {
      t.setDataType(7)
          .addAllInt64Data(n.attr("value_ints").getIntsList())
          .addDims(n.attr("value_ints").getIntsCount());
    } else {
      throw new Unsupported("a Constant without a tensor, float or int value is not supported");
    }
    constant(n.proto.getOutput(0), t.build());
  }

  private Operand<TInt64> shape(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand<TInt64> s = tf.shape(onnxOrder(tf, n.in(0)), TInt64.class);
    long start = n.attrI("start", 0);
    long end = n.attrI("end", Long.MAX_VALUE);
    if (start != 0 || end != Long.MAX_VALUE) {
      int r = rank(n.in(0));
      int b = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
      int e = (int) Math.max(0, Math.min(r, end < 0 ? end + r : end));
      s = tf.slice(s, tf.constant(new int[] {b}), tf.constant(new int[] {Math.max(0, e - b)}));
    }
    return root.withName(n.name).identity(s);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> gather(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand data = onnxOrder(tf, n.in(0));
    int r = rank(data);
    long axis = n.attrI("axis", 0);
    int a = (int) (axis < 0 ? axis + r : axis);
    Operand idx = n.in(1);
    // Negative indices count from the end, as in ONNX.
    Operand<TInt64> i64 = tf.dtypes.cast(idx, TInt64.class);
    Operand<TInt64> size = tf.gather(tf.shape(data, TInt64.class), tf.constant(a), tf.constant(0));
    Operand<TInt64> wrapped = tf.math.floorMod(tf.math.add(i64, size), size);
    Operand y = tf.gather(data, wrapped, tf.constant(a), Gather.batchDims(0L));
    return held(root.withName(n.name), y);
  }

  /**
   * Pad by amounts computed in the graph: ONNX's [begins..., ends...] as TensorFlow's [[begin,
   * end], ...].
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> computedPad(Node n, Ops tf, Operand x, int r, String mode) throws Unsupported {
    Operand<TInt64> pads = tf.dtypes.cast(n.in(1), TInt64.class);
    Operand<TInt64> paddings =
        tf.linalg.transpose(
            tf.reshape(pads, tf.constant(new int[] {2, r})), tf.constant(new int[] {1, 0}));
    if (r == 4) {
      // Held axis i is ONNX axis TO_HELD[i].
      paddings = tf.gather(paddings, tf.constant(TO_HELD), tf.constant(0));
    }
    Ops last = root.withName(n.name);
    if (mode.equals("reflect")) {
      return last.mirrorPad(x, paddings, "REFLECT");
    }
    if (!mode.equals("constant")) {
      throw new Unsupported("Pad mode '" + mode + "' is not supported with computed pads");
    }
    Operand value =
        n.has(2)
            ? tf.reshape(n.in(2), tf.constant(new int[0]))
            : tf.dtypes.cast(tf.constant(0f), x.type());
    return last.pad(x, paddings, value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> pad(Node n) throws Unsupported {
    Ops tf = n.tmp();
    Operand x = n.in(0);
    int r = rank(x);
    String mode = n.attrS("mode", "constant");
    if (opset >= 11 && n.constant(1) == null && !mode.equals("edge") && r > 0) {
      return computedPad(n, tf, x, r, mode);
    }
    long[] pads = opset >= 11 ? n.constLongs(1) : n.attrInts("pads", null);
    if (pads == null || pads.length != 2 * r) {
      throw new Unsupported("pads must give a begin and an end for each of the " + r + " axes");
    }
    if (Arrays.stream(pads).anyMatch(p -> p < 0)) {
      throw new Unsupported("negative pads (cropping) are not supported");
    }
    int[][] p = new int[r][2];
    for (int i = 0; i < r; i++) {
      int h = heldAxis(i, r);
      p[h][0] = (int) pads[i];
      p[h][1] = (int) pads[i + r];
    }
    Ops last = root.withName(n.name);
    switch (mode) {
      case "constant" -> {
        Operand value =
            opset >= 11 && n.has(2)
                ? tf.reshape(n.in(2), tf.constant(new int[0]))
                : tf.dtypes.cast(tf.constant(opset >= 11 ? 0f : n.attrF("value", 0f)), x.type());
        return last.pad(x, tf.constant(p), value);
      }
      case "reflect" -> {
        return last.mirrorPad(x, tf.constant(p), "REFLECT");
      }
      case "edge" -> {
        // Repeating the edge: one symmetric pad (which repeats the border pixel) per pixel of pad.
        int most = Arrays.stream(pads).mapToInt(v -> (int) v).max().orElse(0);
        Operand y = x;
        for (int step = 0; step < most; step++) {
          int[][] one = new int[r][2];
          for (int i = 0; i < r; i++) {
            one[i][0] = p[i][0] > step ? 1 : 0;
            one[i][1] = p[i][1] > step ? 1 : 0;
          }
          y = tf.mirrorPad(y, tf.constant(one), "SYMMETRIC");
        }
        return last.identity(y);
      }
      default ->
          throw new Unsupported(
              "Pad mode '" + mode + "' is not supported (constant, reflect, edge are)");
    }
  }
}
