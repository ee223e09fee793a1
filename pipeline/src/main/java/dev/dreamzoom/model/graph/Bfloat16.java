package dev.dreamzoom.model.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Rewrites a network's GraphDef so that its arithmetic runs in bfloat16: every op of a known kind
 * whose type attribute is float32 gets bfloat16 instead, float32 weights feeding only such ops
 * become bfloat16 constants (converted once, here). A quantized graph's {@code Dequantize} of 8-bit
 * weights stays float32 (its MIN_FIRST mode has no bfloat16 output) and is followed by a cast;
 * TensorFlow folds both into one bfloat16 constant when the session is created. Where a float32
 * tensor meets a converted op, or a converted op's output meets one that stays float32, a {@code
 * Cast} is inserted, so the input placeholder the image is fed to and every op outside the list
 * keep float32. Node names are kept, so layer names, aliases and logits still name the same
 * tensors, now of type bfloat16; the dream step reads them through a cast to float32 and computes
 * its objective, gradient normalization and update in float32.
 *
 * <p>The kinds listed are those the bundled and importable networks use, each with bfloat16 CPU
 * kernels and gradients in TensorFlow 2.16 (exercised by the importer tests and {@code
 * Bfloat16StepTest} in both precisions); any other op (LRN, say) stays float32 between casts, which
 * is always correct, only slower.
 */
public final class Bfloat16 {
  /**
   * Op kind → how many leading inputs carry its type attribute T (-2: as many as its attribute N).
   */
  private static final Map<String, Integer> CONVERTED =
      Map.ofEntries(
          Map.entry("Conv2D", 2),
          Map.entry("DepthwiseConv2dNative", 2),
          Map.entry("BiasAdd", 2),
          Map.entry("MatMul", 2),
          Map.entry("Add", 2),
          Map.entry("AddV2", 2),
          Map.entry("Sub", 2),
          Map.entry("Mul", 2),
          Map.entry("Maximum", 2),
          Map.entry("Minimum", 2),
          Map.entry("Relu", 1),
          Map.entry("Relu6", 1),
          Map.entry("Elu", 1),
          Map.entry("Tanh", 1),
          Map.entry("Sigmoid", 1),
          Map.entry("Identity", 1),
          Map.entry("MaxPool", 1),
          Map.entry("MaxPoolV2", 1),
          Map.entry("AvgPool", 1),
          Map.entry("Squeeze", 1),
          Map.entry("Reshape", 1),
          Map.entry("Mean", 1),
          Map.entry("Pad", 1),
          Map.entry("ConcatV2", -2));

  private Bfloat16() {}

  /**
   * The network {@code def} computing in bfloat16, with {@code input} (a placeholder the dream step
   * replaces by its own float32 preprocessing) still float32.
   */
  public static GraphDef rewrite(GraphDef def, String input) {
    Map<String, NodeDef> byName = new LinkedHashMap<>();
    def.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Set<String> converted = new HashSet<>();
    for (NodeDef n : def.getNodeList()) {
      if (!n.getName().equals(input) && convertible(n)) {
        converted.add(n.getName());
      }
    }
    // Which tensors each converted op reads in bfloat16, and which are read in float32 elsewhere.
    Map<String, Boolean> constOnlyBf16 = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      for (int i = 0; i < n.getInputCount(); i++) {
        String ref = n.getInput(i);
        if (ref.startsWith("^")) {
          continue;
        }
        NodeDef producer = byName.get(node(ref));
        if (producer != null && isFloatConst(producer)) {
          boolean wantsBf16 = converted.contains(n.getName()) && typed(n, i);
          constOnlyBf16.merge(producer.getName(), wantsBf16, Boolean::logicalAnd);
        }
      }
    }
    Set<String> bf16Consts = new HashSet<>();
    constOnlyBf16.forEach(
        (name, only) -> {
          if (only) {
            bf16Consts.add(name);
          }
        });

    GraphDef.Builder out = def.toBuilder().clearNode();
    Map<String, String> casts = new LinkedHashMap<>();
    List<NodeDef> castNodes = new ArrayList<>();
    for (NodeDef n : def.getNodeList()) {
      NodeDef.Builder b = n.toBuilder();
      boolean isConverted = converted.contains(n.getName());
      if (bf16Consts.contains(n.getName())) {
        b.putAttr("dtype", type(DataType.DT_BFLOAT16))
            .putAttr(
                "value",
                AttrValue.newBuilder()
                    .setTensor(toBfloat16(n.getAttrOrThrow("value").getTensor()))
                    .build());
      } else if (isConverted) {
        b.putAttr("T", type(DataType.DT_BFLOAT16));
      }
      for (int i = 0; i < n.getInputCount(); i++) {
        String ref = n.getInput(i);
        if (ref.startsWith("^")) {
          continue;
        }
        String producer = node(ref);
        // The ops converted have one output, of their type (a pool's indices are never read here).
        boolean producesBf16 =
            (converted.contains(producer) && port(ref) == 0) || bf16Consts.contains(producer);
        boolean wantsBf16 = isConverted && typed(n, i);
        // An op that stays float32 read float32 here before the rewrite.
        boolean wantsFloat = !isConverted;
        if (wantsBf16 && !producesBf16) {
          b.setInput(i, cast(ref, DataType.DT_FLOAT, DataType.DT_BFLOAT16, casts, castNodes));
        } else if (producesBf16 && (wantsFloat || (isConverted && !typed(n, i)))) {
          b.setInput(i, cast(ref, DataType.DT_BFLOAT16, DataType.DT_FLOAT, casts, castNodes));
        }
      }
      out.addNode(b);
    }
    out.addAllNode(castNodes);
    return out.build();
  }

  /** True for an op that computes on float32 and has a bfloat16 kernel. */
  private static boolean convertible(NodeDef n) {
    return CONVERTED.containsKey(n.getOp())
        && n.containsAttr("T")
        && n.getAttrOrThrow("T").getType() == DataType.DT_FLOAT;
  }

  /** True where input {@code i} of a converted op carries its type attribute. */
  private static boolean typed(NodeDef n, int i) {
    int count = CONVERTED.get(n.getOp());
    if (count == -2) {
      count = (int) n.getAttrOrThrow("N").getI();
    }
    return i < count;
  }

  private static boolean isFloatConst(NodeDef n) {
    return n.getOp().equals("Const")
        && n.getAttrOrDefault("dtype", AttrValue.getDefaultInstance()).getType()
            == DataType.DT_FLOAT;
  }

  private static String cast(
      String ref, DataType from, DataType to, Map<String, String> casts, List<NodeDef> castNodes) {
    // Named after the producer and its port: "a:1" and a node called "a_1" must not share a cast.
    String name =
        node(ref) + (to == DataType.DT_BFLOAT16 ? "/to_bfloat16_" : "/to_float32_") + port(ref);
    return casts.computeIfAbsent(
        name,
        k -> {
          castNodes.add(
              NodeDef.newBuilder()
                  .setName(k)
                  .setOp("Cast")
                  .addInput(ref)
                  .putAttr("SrcT", type(from))
                  .putAttr("DstT", type(to))
                  .putAttr("Truncate", AttrValue.newBuilder().setB(false).build())
                  .build());
          return k;
        });
  }

  private static String node(String ref) {
    int colon = ref.indexOf(':');
    return colon < 0 ? ref : ref.substring(0, colon);
  }

  private static int port(String ref) {
    int colon = ref.indexOf(':');
    return colon < 0 ? 0 : Integer.parseInt(ref.substring(colon + 1));
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  /** A float32 constant as bfloat16, rounded to nearest even (as TensorFlow's Cast rounds). */
  public static TensorProto toBfloat16(TensorProto t) {
    float[] values;
    if (!t.getTensorContent().isEmpty()) {
      ByteBuffer buf = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      values = new float[buf.remaining() / 4];
      buf.asFloatBuffer().get(values);
    } else {
      values = new float[t.getFloatValCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = t.getFloatVal(i);
      }
    }
    TensorProto.Builder b =
        t.toBuilder().setDtype(DataType.DT_BFLOAT16).clearFloatVal().clearTensorContent();
    // half_val holds bfloat16 bit patterns, one per int, as TensorFlow's own protos do.
    for (float v : values) {
      b.addHalfVal(bits(v));
    }
    return b.build();
  }

  /** The bfloat16 bit pattern nearest to {@code v} (ties to even; NaN stays NaN). */
  public static int bits(float v) {
    int x = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return (x >>> 16) | 0x40;
    }
    int rounding = 0x7FFF + ((x >>> 16) & 1);
    return ((x + rounding) >>> 16) & 0xFFFF;
  }
}
