package dev.dreamzoom.model.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.dreamzoom.model.ImportedGraph;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Natives;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Reads an ONNX model ({@code .onnx}: a protobuf {@code ModelProto}, parsed with the classes protoc
 * makes of {@code pipeline/src/main/proto/onnx.proto}) into the TensorFlow GraphDef the dream step
 * uses, one node at a time ({@link OnnxOps}).
 *
 * <p>Layout: ONNX image tensors are NCHW, TensorFlow's convolutions NHWC. Every 4-D tensor is
 * therefore held with its dimensions in NHWC order (ONNX dims permuted by 0, 2, 3, 1), inputs and
 * weights included, and each operator translates its axes, pads and weights to that; operators
 * whose meaning depends on the memory order (Flatten, Reshape, Transpose, MatMul on 4-D tensors)
 * permute back to ONNX order first. So the image is fed once as NHWC, and each 4-D activation is an
 * NHWC tensor named after the ONNX value it is, ready to be dreamed on.
 */
public final class OnnxGraphs {
  private OnnxGraphs() {}

  /** The graph's inputs as fed: 4-D ones in NHWC order. */
  public record Input(String onnxName, String tensor, int rank, int elementType) {}

  /** One translated node: its ONNX name and the tensor of its (first) output. */
  public record OnnxNode(String name, String tensor) {}

  /**
   * A translated model: the GraphDef, its inputs and its outputs' tensor names, in ONNX order; ONNX
   * value names → tensor names; the nodes in graph order.
   */
  public record Translated(
      GraphDef graphDef,
      List<Input> inputs,
      List<String> outputs,
      Map<String, String> names,
      List<OnnxNode> nodes) {}

  public static ImportedGraph read(Path file) throws ModelException {
    Translated t = translate(file, true);
    List<Input> images = t.inputs().stream().filter(i -> i.rank() == 4).toList();
    if (images.size() != 1) {
      throw new ModelException(
          file
              + " has "
              + (images.isEmpty() ? "no" : images.size())
              + " 4-D inputs ("
              + t.inputs().stream().map(Input::onnxName).toList()
              + "); an image network has exactly one");
    }
    Map<String, String> aliases = new LinkedHashMap<>(moduleAliases(t));
    aliases.putAll(caffeBlobAliases(t));
    t.names()
        .forEach(
            (onnx, tensor) -> {
              if (!onnx.equals(tensor)) {
                aliases.put(onnx, tensor);
              }
            });
    return new ImportedGraph(t.graphDef(), images.get(0).tensor(), aliases);
  }

  /**
   * Friendly names for the blocks of a PyTorch export: {@code torch.onnx.export} names each node
   * after the module that made it ({@code /layer3/layer3.5/relu_2/Relu}), and a module's output is
   * its last node's. Each module gets its path ({@code layer3/layer3.5}) and, where no other module
   * shares it, its own name ({@code layer3.5}, {@code inception4c}, {@code features.22}).
   */
  public static Map<String, String> moduleAliases(Translated t) {
    Map<String, String> byPath = new LinkedHashMap<>();
    for (OnnxNode node : t.nodes()) {
      String[] parts = node.name().split("/");
      if (!node.name().startsWith("/") || parts.length < 3) {
        continue;
      }
      StringBuilder path = new StringBuilder();
      for (int i = 1; i < parts.length - 1; i++) {
        path.append(i > 1 ? "/" : "").append(parts[i]);
        // Later nodes of the module overwrite earlier ones: the last is its output.
        byPath.put(path.toString(), node.tensor());
      }
    }
    Map<String, Integer> shortCounts = new HashMap<>();
    byPath
        .keySet()
        .forEach(p -> shortCounts.merge(p.substring(p.lastIndexOf('/') + 1), 1, Integer::sum));
    Map<String, String> aliases = new LinkedHashMap<>();
    byPath.forEach(
        (path, tensor) -> {
          aliases.put(path, tensor);
          String last = path.substring(path.lastIndexOf('/') + 1);
          if (shortCounts.get(last) == 1) {
            aliases.putIfAbsent(last, tensor);
          }
        });
    return aliases;
  }

  private static final Pattern SSA_VERSION = Pattern.compile("(.+)_(\\d+)");

  /**
   * Caffe's blob names for a network converted Caffe → Caffe2 → ONNX (the model zoo's BVLC
   * GoogLeNet, Inception v1, VGG19-caffe2). The converter writes SSA form: each write of a blob is
   * a new value {@code <blob>_<version>}, the graph's input at version 0 ({@code data_0}), so a
   * convolution followed by its in-place ReLU is {@code conv2/3x3_1} then {@code conv2/3x3_2}, and
   * the zoo's own feature tensors are {@code pool5/7x7_s1_2} and {@code fc7_3}. The blob name
   * stands for its last version: what Caffe's {@code net.blobs[name]} holds after a forward pass,
   * and what the DeepDream notebook's {@code end='inception_4c/output'} dreams on. Empty for any
   * other graph (no input named {@code *_0}).
   */
  public static Map<String, String> caffeBlobAliases(Translated t) {
    if (t.inputs().stream().noneMatch(i -> i.onnxName().endsWith("_0"))) {
      return Map.of();
    }
    Map<String, Integer> latest = new HashMap<>();
    Map<String, String> aliases = new TreeMap<>();
    t.names()
        .forEach(
            (value, tensor) -> {
              Matcher m = SSA_VERSION.matcher(value);
              if (!m.matches() || m.group(2).length() > 9 || t.names().containsKey(m.group(1))) {
                return;
              }
              int version = Integer.parseInt(m.group(2));
              if (version >= latest.getOrDefault(m.group(1), -1)) {
                latest.put(m.group(1), version);
                aliases.put(m.group(1), tensor);
              }
            });
    return aliases;
  }

  /**
   * Translates every node of {@code file}; an operator it cannot translate is a {@link
   * ModelException}.
   *
   * @param anySize whether 4-D inputs take any height and width (an image network dreamed at any
   *     size) rather than the sizes the file declares
   */
  public static Translated translate(Path file, boolean anySize) throws ModelException {
    OnnxProto.ModelProto model;
    try {
      model = OnnxProto.ModelProto.parseFrom(Files.readAllBytes(file));
    } catch (InvalidProtocolBufferException e) {
      throw new ModelException(file + " is not an ONNX model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new ModelException(file + " is not an ONNX model (no graph nodes)");
    }
    long opset =
        model.getOpsetImportList().stream()
            .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
            .mapToLong(OnnxProto.OperatorSetIdProto::getVersion)
            .max()
            .orElse(1);
    Natives.tensorFlow();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      OnnxOps ops = new OnnxOps(tf, opset);
      OnnxProto.GraphProto graph = model.getGraph();
      Set<String> initialized = new HashSet<>();
      for (OnnxProto.TensorProto t : graph.getInitializerList()) {
        checkSize(file, t);
        initialized.add(t.getName());
        ops.constant(t.getName(), t);
      }
      List<Input> inputs = new ArrayList<>();
      for (OnnxProto.ValueInfoProto v : graph.getInputList()) {
        if (initialized.contains(v.getName())) {
          continue;
        }
        OnnxProto.TypeProto.Tensor type = v.getType().getTensorType();
        int rank = type.hasShape() ? type.getShape().getDimCount() : -1;
        if (rank < 0) {
          throw new ModelException(
              file + ": input '" + v.getName() + "' has no shape; export it with one");
        }
        String name = ops.uniqueName(v.getName());
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
          OnnxProto.TensorShapeProto.Dimension d = type.getShape().getDim(i);
          // Declared sizes are kept (shape inference needs them), but images may come in any size.
          dims[i] = d.hasDimValue() && (!anySize || rank != 4 || i == 1) ? d.getDimValue() : -1;
        }
        if (rank == 4) {
          dims = new long[] {dims[0], dims[2], dims[3], dims[1]};
        }
        Operand<?> p =
            switch (type.getElemType()) {
              case 1 ->
                  tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(dims)));
              case 6 ->
                  tf.withName(name).placeholder(TInt32.class, Placeholder.shape(Shape.of(dims)));
              case 7 ->
                  tf.withName(name).placeholder(TInt64.class, Placeholder.shape(Shape.of(dims)));
              default ->
                  throw new ModelException(
                      file
                          + ": input '"
                          + v.getName()
                          + "' is of ONNX type "
                          + type.getElemType()
                          + "; float, int32 and int64 inputs are supported");
            };
        ops.define(v.getName(), p);
        inputs.add(new Input(v.getName(), name, rank, type.getElemType()));
      }
      List<OnnxNode> nodes = new ArrayList<>();
      for (OnnxProto.NodeProto node : graph.getNodeList()) {
        try {
          ops.translate(node);
          if (ops.names().containsKey(node.getOutput(0))) {
            nodes.add(new OnnxNode(node.getName(), ops.tensorName(node.getOutput(0))));
          }
        } catch (OnnxOps.Unsupported e) {
          throw new ModelException(file + ": node '" + describe(node) + "': " + e.getMessage());
        } catch (IllegalArgumentException
            | IllegalStateException
            | UnsupportedOperationException e) {
          throw new ModelException(
              file
                  + ": node '"
                  + describe(node)
                  + "' ("
                  + node.getOpType()
                  + ") cannot be translated: "
                  + firstLine(e.getMessage()),
              e);
        }
      }
      List<String> outputs = new ArrayList<>();
      for (OnnxProto.ValueInfoProto v : graph.getOutputList()) {
        if (!ops.names().containsKey(v.getName())) {
          throw new ModelException(
              file
                  + ": output '"
                  + v.getName()
                  + "' is not computed by"
                  + " the translated nodes (only the first output of a node is)");
        }
        outputs.add(ops.tensorName(v.getName()));
      }
      return new Translated(g.toGraphDef(), inputs, outputs, ops.names(), nodes);
    }
  }

  /**
   * Refuses an initializer whose data does not fill its dims (a truncated or tampered file), before
   * any buffer is read: the values it holds, by element type, against the product of its dims.
   */
  static void checkSize(Path file, OnnxProto.TensorProto t) throws ModelException {
    if (t.getDataLocation() == 1) {
      throw new ModelException(
          file
              + ": initializer '"
              + t.getName()
              + "' keeps its values in a file beside"
              + " the model (external data), which is not read; export the model as one file");
    }
    long wanted = 1;
    for (long d : t.getDimsList()) {
      if (d < 0 || (d > 0 && wanted > Integer.MAX_VALUE / d)) {
        throw new ModelException(
            file
                + ": initializer '"
                + t.getName()
                + "' has dims "
                + t.getDimsList()
                + ", more values than any network here holds; the file is damaged or not a network of images");
      }
      wanted *= d;
    }
    int type = t.getDataType();
    int width =
        switch (type) {
          case 1, 6 -> 4; // float, int32
          case 7, 11 -> 8; // int64, double
          case 2, 3, 9 -> 1; // uint8, int8, bool
          case 4, 5 -> 2; // uint16, int16
          default ->
              throw new ModelException(
                  file
                      + ": initializer '"
                      + t.getName()
                      + "' has ONNX element type "
                      + type
                      + ", which the importer does not read (float, double and integers only); export the"
                      + " network with float32 weights");
        };
    long held;
    if (!t.getRawData().isEmpty()) {
      if (t.getRawData().size() % width != 0) {
        throw new ModelException(
            file
                + ": initializer '"
                + t.getName()
                + "' has "
                + t.getRawData().size()
                + " bytes of data, not a whole number of "
                + width
                + "-byte values; the file is damaged");
      }
      held = t.getRawData().size() / width;
    } else {
      held =
          switch (type) {
            case 1 -> t.getFloatDataCount();
            case 11 -> t.getDoubleDataCount();
            case 7 -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
          };
    }
    if (held != wanted) {
      throw new ModelException(
          file
              + ": initializer '"
              + t.getName()
              + "' has dims "
              + t.getDimsList()
              + " ("
              + wanted
              + " values) but holds "
              + held
              + "; the file is truncated or damaged: export it again");
    }
  }

  /** TensorFlow's reasons go on with the op's whole signature on later lines: the first says it. */
  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("").strip();
  }

  private static String describe(OnnxProto.NodeProto node) {
    return node.getName().isEmpty() ? String.join(",", node.getOutputList()) : node.getName();
  }

  /** The values of a float tensor, in ONNX (row-major) order. */
  public static float[] floats(OnnxProto.TensorProto t) {
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      if (t.getDataType() == 11) {
        double[] d = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(d);
        return toFloats(d);
      }
      float[] f = new float[b.remaining() / 4];
      b.asFloatBuffer().get(f);
      return f;
    }
    if (t.getDoubleDataCount() > 0) {
      return toFloats(t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray());
    }
    float[] f = new float[t.getFloatDataCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] = t.getFloatData(i);
    }
    return f;
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /**
   * The values of an integer tensor (int64, int32, or smaller: raw by their width, else in
   * int32_data).
   */
  public static long[] longs(OnnxProto.TensorProto t) {
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      return switch (t.getDataType()) {
        case 7 -> {
          long[] l = new long[b.remaining() / 8];
          b.asLongBuffer().get(l);
          yield l;
        }
        case 2 -> longsOf(b.remaining(), i -> b.get() & 0xff);
        case 3, 9 -> longsOf(b.remaining(), i -> b.get());
        case 4 -> longsOf(b.remaining() / 2, i -> b.getShort() & 0xffff);
        case 5 -> longsOf(b.remaining() / 2, i -> b.getShort());
        default -> longsOf(b.remaining() / 4, i -> b.getInt());
      };
    }
    if (t.getInt64DataCount() > 0) {
      return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }
    return t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
  }

  private static long[] longsOf(int n, java.util.function.IntToLongFunction next) {
    long[] l = new long[n];
    for (int i = 0; i < n; i++) {
      l[i] = next.applyAsLong(i);
    }
    return l;
  }

  /** A tensor's dims as a TensorFlow shape. */
  public static Shape shape(OnnxProto.TensorProto t) {
    return Shape.of(t.getDimsList().stream().mapToLong(Long::longValue).toArray());
  }

  /** A float constant of ONNX dims (before any layout change). */
  public static Operand<TFloat32> floatConstant(Ops tf, OnnxProto.TensorProto t) {
    return tf.constant(shape(t), DataBuffers.of(floats(t), true, false));
  }

  /** An int64 constant of ONNX dims. */
  public static Operand<TInt64> longConstant(Ops tf, OnnxProto.TensorProto t) {
    return tf.constant(shape(t), DataBuffers.of(longs(t), true, false));
  }
}
