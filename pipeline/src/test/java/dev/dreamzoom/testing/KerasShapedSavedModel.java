package dev.dreamzoom.testing;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A SavedModel laid out the way TensorFlow 2 / Keras {@code model.save()} lays one out (read off
 * two real Keras exports): resource variables ({@code VarHandleOp conv2d/kernel}) in the main
 * graph; the serving signature's output is a {@code StatefulPartitionedCall} of {@code
 * __inference_signature_wrapper}, which calls {@code __inference__wrapped_model}, whose body reads
 * each variable from a resource argument ({@code ReadVariableOp}) and computes {@code
 * sequential/conv2d/Relu} and the rest, with function-style references ({@code
 * sequential/conv2d/Relu:activations:0}), an {@code Identity} with a control input on a {@code
 * NoOp}. The network, random weights: Conv 3→8 3×3 + ReLU, 2×2 max pool, Conv 8→16 3×3 + ReLU,
 * spatial mean, Dense 16→10. The variables get their values from the signature {@code
 * __saved_model_init_op} (no checkpoint), which TensorFlow's loader runs on load.
 */
public final class KerasShapedSavedModel {
  private static final String WRAPPER = "__inference_signature_wrapper_101";
  private static final String MODEL = "__inference__wrapped_model_102";
  private static final String[][] VARIABLES = {
    {"conv2d/kernel", "3,3,3,8"}, {"conv2d/bias", "8"},
    {"conv2d_1/kernel", "3,3,8,16"}, {"conv2d_1/bias", "16"},
    {"dense/kernel", "16,10"}, {"dense/bias", "10"}
  };

  private KerasShapedSavedModel() {}

  /**
   * Writes the SavedModel folder {@code dir}; its input is {@code serving_default_conv2d_input}.
   */
  public static Path write(Path dir) throws IOException {
    SplittableRandom random = new SplittableRandom(2);
    GraphDef.Builder g = GraphDef.newBuilder();
    NodeDef.Builder init = NodeDef.newBuilder().setName("init_all").setOp("NoOp");
    List<String> callInputs = new ArrayList<>(List.of("serving_default_conv2d_input"));
    for (String[] v : VARIABLES) {
      long[] shape = java.util.Arrays.stream(v[1].split(",")).mapToLong(Long::parseLong).toArray();
      g.addNode(
          NodeDef.newBuilder()
              .setName(v[0])
              .setOp("VarHandleOp")
              .putAttr("dtype", type(DataType.DT_FLOAT))
              .putAttr("shape", shape(shape))
              .putAttr("shared_name", str(v[0]))
              .putAttr("container", str(""))
              .putAttr(
                  "allowed_devices",
                  AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()).build()));
      g.addNode(
          NodeDef.newBuilder()
              .setName(v[0] + "/Initializer/value")
              .setOp("Const")
              .putAttr("dtype", type(DataType.DT_FLOAT))
              .putAttr(
                  "value", AttrValue.newBuilder().setTensor(randomTensor(random, shape)).build()));
      g.addNode(
          NodeDef.newBuilder()
              .setName(v[0] + "/Assign")
              .setOp("AssignVariableOp")
              .addInput(v[0])
              .addInput(v[0] + "/Initializer/value")
              .putAttr("dtype", type(DataType.DT_FLOAT))
              .putAttr("validate_shape", AttrValue.newBuilder().setB(false).build()));
      init.addInput("^" + v[0] + "/Assign");
      callInputs.add(v[0]);
    }
    g.addNode(init);
    g.addNode(
        NodeDef.newBuilder()
            .setName("serving_default_conv2d_input")
            .setOp("Placeholder")
            .putAttr("dtype", type(DataType.DT_FLOAT))
            .putAttr("shape", shape(-1, -1, -1, 3)));
    g.addNode(call("StatefulPartitionedCall", WRAPPER, callInputs));
    g.setLibrary(FunctionDefLibrary.newBuilder().addFunction(wrapper()).addFunction(model()));

    MetaGraphDef meta =
        MetaGraphDef.newBuilder()
            .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
            .setGraphDef(g)
            .putSignatureDef(
                "serving_default",
                SignatureDef.newBuilder()
                    .putInputs(
                        "conv2d_input", tensorInfo("serving_default_conv2d_input:0", -1, -1, -1, 3))
                    .putOutputs("dense", tensorInfo("StatefulPartitionedCall:0", -1, 10))
                    .setMethodName("tensorflow/serving/predict")
                    .build())
            .putSignatureDef(
                "__saved_model_init_op",
                SignatureDef.newBuilder()
                    .putOutputs(
                        "__saved_model_init_op",
                        TensorInfo.newBuilder()
                            .setName("init_all")
                            .setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true))
                            .build())
                    .build())
            .build();
    Files.createDirectories(dir);
    Files.write(
        dir.resolve("saved_model.pb"),
        SavedModel.newBuilder()
            .setSavedModelSchemaVersion(1)
            .addMetaGraphs(meta)
            .build()
            .toByteArray());
    return dir;
  }

  private static FunctionDef wrapper() {
    OpDef.Builder sig =
        OpDef.newBuilder()
            .setName(WRAPPER)
            .setIsStateful(true)
            .addInputArg(arg("conv2d_input", DataType.DT_FLOAT));
    List<String> inputs = new ArrayList<>(List.of("conv2d_input"));
    for (int i = 0; i < VARIABLES.length; i++) {
      String name = i == 0 ? "unknown" : "unknown_" + (i - 1);
      sig.addInputArg(arg(name, DataType.DT_RESOURCE));
      inputs.add(name);
    }
    sig.addOutputArg(arg("identity", DataType.DT_FLOAT));
    return FunctionDef.newBuilder()
        .setSignature(sig)
        .addNodeDef(call("StatefulPartitionedCall", MODEL, inputs))
        .addNodeDef(
            NodeDef.newBuilder()
                .setName("Identity")
                .setOp("Identity")
                .addInput("StatefulPartitionedCall:output:0")
                .addInput("^NoOp")
                .putAttr("T", type(DataType.DT_FLOAT)))
        .addNodeDef(
            NodeDef.newBuilder().setName("NoOp").setOp("NoOp").addInput("^StatefulPartitionedCall"))
        .putRet("identity", "Identity:output:0")
        .build();
  }

  private static FunctionDef model() {
    OpDef.Builder sig =
        OpDef.newBuilder()
            .setName(MODEL)
            .setIsStateful(true)
            .addInputArg(arg("conv2d_input", DataType.DT_FLOAT));
    String[] resources = {
      "sequential_conv2d_conv2d_readvariableop_resource",
      "sequential_conv2d_biasadd_readvariableop_resource",
      "sequential_conv2d_1_conv2d_readvariableop_resource",
      "sequential_conv2d_1_biasadd_readvariableop_resource",
      "sequential_dense_matmul_readvariableop_resource",
      "sequential_dense_biasadd_readvariableop_resource"
    };
    for (String r : resources) {
      sig.addInputArg(arg(r, DataType.DT_RESOURCE));
    }
    sig.addOutputArg(arg("identity", DataType.DT_FLOAT));
    FunctionDef.Builder f = FunctionDef.newBuilder().setSignature(sig);
    NodeDef.Builder noOp = NodeDef.newBuilder().setName("NoOp").setOp("NoOp");
    String x = "conv2d_input";
    String[] layers = {"sequential/conv2d", "sequential/conv2d_1"};
    for (int l = 0; l < 2; l++) {
      String s = layers[l];
      f.addNodeDef(read(s + "/Conv2D/ReadVariableOp", resources[2 * l]));
      f.addNodeDef(
          op(s + "/Conv2D", "Conv2D", x, s + "/Conv2D/ReadVariableOp:value:0")
              .putAttr("strides", ints(1, 1, 1, 1))
              .putAttr("padding", str("SAME"))
              .putAttr("data_format", str("NHWC"))
              .putAttr("dilations", ints(1, 1, 1, 1))
              .putAttr("use_cudnn_on_gpu", AttrValue.newBuilder().setB(true).build())
              .putAttr("explicit_paddings", ints()));
      f.addNodeDef(read(s + "/BiasAdd/ReadVariableOp", resources[2 * l + 1]));
      f.addNodeDef(
          op(
                  s + "/BiasAdd",
                  "BiasAdd",
                  s + "/Conv2D:output:0",
                  s + "/BiasAdd/ReadVariableOp:value:0")
              .putAttr("data_format", str("NHWC")));
      f.addNodeDef(op(s + "/Relu", "Relu", s + "/BiasAdd:output:0"));
      noOp.addInput("^" + s + "/Conv2D/ReadVariableOp")
          .addInput("^" + s + "/BiasAdd/ReadVariableOp");
      x = s + "/Relu:activations:0";
      if (l == 0) {
        f.addNodeDef(
            op("sequential/max_pooling2d/MaxPool", "MaxPool", x)
                .putAttr("ksize", ints(1, 2, 2, 1))
                .putAttr("strides", ints(1, 2, 2, 1))
                .putAttr("padding", str("VALID"))
                .putAttr("data_format", str("NHWC")));
        x = "sequential/max_pooling2d/MaxPool:output:0";
      }
    }
    f.addNodeDef(
        NodeDef.newBuilder()
            .setName("sequential/global_average_pooling2d/Mean/reduction_indices")
            .setOp("Const")
            .putAttr("dtype", type(DataType.DT_INT32))
            .putAttr(
                "value",
                AttrValue.newBuilder()
                    .setTensor(
                        TensorProto.newBuilder()
                            .setDtype(DataType.DT_INT32)
                            .setTensorShape(
                                TensorShapeProto.newBuilder()
                                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
                            .addIntVal(1)
                            .addIntVal(2))
                    .build()));
    f.addNodeDef(
        op(
                "sequential/global_average_pooling2d/Mean",
                "Mean",
                x,
                "sequential/global_average_pooling2d/Mean/reduction_indices:output:0")
            .putAttr("Tidx", type(DataType.DT_INT32))
            .putAttr("keep_dims", AttrValue.newBuilder().setB(false).build()));
    f.addNodeDef(read("sequential/dense/MatMul/ReadVariableOp", resources[4]));
    f.addNodeDef(
        op(
                "sequential/dense/MatMul",
                "MatMul",
                "sequential/global_average_pooling2d/Mean:output:0",
                "sequential/dense/MatMul/ReadVariableOp:value:0")
            .putAttr("transpose_a", AttrValue.newBuilder().setB(false).build())
            .putAttr("transpose_b", AttrValue.newBuilder().setB(false).build()));
    f.addNodeDef(read("sequential/dense/BiasAdd/ReadVariableOp", resources[5]));
    f.addNodeDef(
        op(
                "sequential/dense/BiasAdd",
                "BiasAdd",
                "sequential/dense/MatMul:product:0",
                "sequential/dense/BiasAdd/ReadVariableOp:value:0")
            .putAttr("data_format", str("NHWC")));
    noOp.addInput("^sequential/dense/MatMul/ReadVariableOp")
        .addInput("^sequential/dense/BiasAdd/ReadVariableOp");
    f.addNodeDef(op("Identity", "Identity", "sequential/dense/BiasAdd:output:0").addInput("^NoOp"));
    f.addNodeDef(noOp);
    return f.putRet("identity", "Identity:output:0").build();
  }

  private static NodeDef.Builder call(String name, String function, List<String> inputs) {
    AttrValue.ListValue.Builder tin = AttrValue.ListValue.newBuilder().addType(DataType.DT_FLOAT);
    for (int i = 1; i < inputs.size(); i++) {
      tin.addType(DataType.DT_RESOURCE);
    }
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("StatefulPartitionedCall")
        .addAllInput(inputs)
        .putAttr("Tin", AttrValue.newBuilder().setList(tin).build())
        .putAttr(
            "Tout",
            AttrValue.newBuilder()
                .setList(AttrValue.ListValue.newBuilder().addType(DataType.DT_FLOAT))
                .build())
        .putAttr(
            "f",
            AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build())
        .putAttr("config", str(""))
        .putAttr("config_proto", str(""))
        .putAttr("executor_type", str(""));
  }

  private static NodeDef read(String name, String resource) {
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("ReadVariableOp")
        .addInput(resource)
        .putAttr("dtype", type(DataType.DT_FLOAT))
        .build();
  }

  private static NodeDef.Builder op(String name, String op, String... inputs) {
    return NodeDef.newBuilder()
        .setName(name)
        .setOp(op)
        .addAllInput(List.of(inputs))
        .putAttr("T", type(DataType.DT_FLOAT));
  }

  private static OpDef.ArgDef arg(String name, DataType type) {
    return OpDef.ArgDef.newBuilder().setName(name).setType(type).build();
  }

  private static TensorInfo tensorInfo(String name, long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return TensorInfo.newBuilder()
        .setName(name)
        .setDtype(DataType.DT_FLOAT)
        .setTensorShape(s)
        .build();
  }

  private static TensorProto randomTensor(SplittableRandom random, long[] shape) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    long n = 1;
    for (long d : shape) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      n *= d;
    }
    // He-like scale, so activations neither vanish nor explode through the two convolutions.
    double std = shape.length == 1 ? 0.1 : Math.sqrt(2.0 / (n / shape[shape.length - 1]));
    ByteBuffer b = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < n; i++) {
      b.putFloat((float) (random.nextGaussian() * std));
    }
    return TensorProto.newBuilder()
        .setDtype(DataType.DT_FLOAT)
        .setTensorShape(s)
        .setTensorContent(ByteString.copyFrom(b.array()))
        .build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue str(String s) {
    return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
  }

  private static AttrValue ints(long... v) {
    AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
    for (long x : v) {
      l.addI(x);
    }
    return AttrValue.newBuilder().setList(l).build();
  }

  private static AttrValue shape(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return AttrValue.newBuilder().setShape(s).build();
  }
}
