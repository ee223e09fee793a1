package dev.dreamzoom.testing;

import dev.dreamzoom.model.onnx.OnnxProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small classifier-shaped ONNX model written the way {@code torch.onnx.export} writes one (opset
 * 13, NCHW, weights as initializers, nodes named like PyTorch's exporter names them): Conv 3→8
 * (3×3, pad 1) → BatchNormalization → Relu → MaxPool 2×2 (ceil_mode) → Conv 8→16 (3×3, pad 1, 2
 * groups) → Relu → GlobalAveragePool → Flatten → Gemm 16→10. Random weights: for plumbing (formats,
 * names, layout, gradients), not for judging a dream.
 */
public final class TinyOnnx {
  private TinyOnnx() {}

  public static Path write(Path file) throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    OnnxProto.GraphProto.Builder g = OnnxProto.GraphProto.newBuilder().setName("tiny");
    g.addInput(image("input.1"));
    g.addInitializer(tensor("conv1.weight", r, 0.3f, 8, 3, 3, 3));
    g.addInitializer(tensor("conv1.bias", r, 0.1f, 8));
    g.addInitializer(
        tensor("bn1.weight", r, 0.2f, 8).toBuilder()
            .clearFloatData()
            .addAllFloatData(java.util.Collections.nCopies(8, 1.2f))
            .build());
    g.addInitializer(tensor("bn1.bias", r, 0.1f, 8));
    g.addInitializer(tensor("bn1.running_mean", r, 0.1f, 8));
    g.addInitializer(
        tensor("bn1.running_var", r, 0f, 8).toBuilder()
            .clearFloatData()
            .addAllFloatData(java.util.Collections.nCopies(8, 0.8f))
            .build());
    g.addInitializer(tensor("conv2.weight", r, 0.2f, 16, 4, 3, 3));
    g.addInitializer(tensor("fc.weight", r, 0.2f, 10, 16));
    g.addInitializer(tensor("fc.bias", r, 0.1f, 10));
    g.addNode(
        node(
                "Conv",
                "/conv1/Conv",
                new String[] {"input.1", "conv1.weight", "conv1.bias"},
                "/conv1/Conv_output_0")
            .addAttribute(ints("kernel_shape", 3, 3))
            .addAttribute(ints("pads", 1, 1, 1, 1))
            .addAttribute(ints("strides", 1, 1)));
    g.addNode(
        node(
                "BatchNormalization",
                "/bn1/BatchNormalization",
                new String[] {
                  "/conv1/Conv_output_0",
                  "bn1.weight",
                  "bn1.bias",
                  "bn1.running_mean",
                  "bn1.running_var"
                },
                "/bn1/BatchNormalization_output_0")
            .addAttribute(
                OnnxProto.AttributeProto.newBuilder()
                    .setName("epsilon")
                    .setF(1e-5f)
                    .setType(OnnxProto.AttributeProto.AttributeType.FLOAT)));
    g.addNode(
        node(
            "Relu",
            "/relu1/Relu",
            new String[] {"/bn1/BatchNormalization_output_0"},
            "/relu1/Relu_output_0"));
    g.addNode(
        node(
                "MaxPool",
                "/pool/MaxPool",
                new String[] {"/relu1/Relu_output_0"},
                "/pool/MaxPool_output_0")
            .addAttribute(ints("kernel_shape", 2, 2))
            .addAttribute(ints("strides", 2, 2))
            .addAttribute(
                OnnxProto.AttributeProto.newBuilder()
                    .setName("ceil_mode")
                    .setI(1)
                    .setType(OnnxProto.AttributeProto.AttributeType.INT)));
    g.addNode(
        node(
                "Conv",
                "/conv2/Conv",
                new String[] {"/pool/MaxPool_output_0", "conv2.weight"},
                "/conv2/Conv_output_0")
            .addAttribute(ints("kernel_shape", 3, 3))
            .addAttribute(ints("pads", 1, 1, 1, 1))
            .addAttribute(
                OnnxProto.AttributeProto.newBuilder()
                    .setName("group")
                    .setI(2)
                    .setType(OnnxProto.AttributeProto.AttributeType.INT)));
    g.addNode(
        node("Relu", "/relu2/Relu", new String[] {"/conv2/Conv_output_0"}, "/relu2/Relu_output_0"));
    g.addNode(
        node(
            "GlobalAveragePool",
            "/gap/GlobalAveragePool",
            new String[] {"/relu2/Relu_output_0"},
            "/gap/GlobalAveragePool_output_0"));
    g.addNode(
        node(
                "Flatten",
                "/Flatten",
                new String[] {"/gap/GlobalAveragePool_output_0"},
                "/Flatten_output_0")
            .addAttribute(
                OnnxProto.AttributeProto.newBuilder()
                    .setName("axis")
                    .setI(1)
                    .setType(OnnxProto.AttributeProto.AttributeType.INT)));
    g.addNode(
        node(
                "Gemm",
                "/fc/Gemm",
                new String[] {"/Flatten_output_0", "fc.weight", "fc.bias"},
                "logits")
            .addAttribute(
                OnnxProto.AttributeProto.newBuilder()
                    .setName("transB")
                    .setI(1)
                    .setType(OnnxProto.AttributeProto.AttributeType.INT)));
    g.addOutput(OnnxProto.ValueInfoProto.newBuilder().setName("logits"));
    OnnxProto.ModelProto model =
        OnnxProto.ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("pytorch")
            .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setVersion(13))
            .setGraph(g)
            .build();
    Files.write(file, model.toByteArray());
    return file;
  }

  private static OnnxProto.ValueInfoProto image(String name) {
    OnnxProto.TensorShapeProto.Builder shape = OnnxProto.TensorShapeProto.newBuilder();
    shape.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(1));
    shape.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(3));
    shape.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam("height"));
    shape.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimParam("width"));
    return OnnxProto.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxProto.TypeProto.newBuilder()
                .setTensorType(
                    OnnxProto.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)))
        .build();
  }

  static OnnxProto.TensorProto tensor(String name, SplittableRandom r, float std, long... dims) {
    OnnxProto.TensorProto.Builder t =
        OnnxProto.TensorProto.newBuilder().setName(name).setDataType(1);
    long n = 1;
    for (long d : dims) {
      t.addDims(d);
      n *= d;
    }
    for (long i = 0; i < n; i++) {
      t.addFloatData((float) (r.nextGaussian() * std));
    }
    return t.build();
  }

  static OnnxProto.NodeProto.Builder node(String op, String name, String[] in, String out) {
    OnnxProto.NodeProto.Builder n =
        OnnxProto.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out);
    for (String i : in) {
      n.addInput(i);
    }
    return n;
  }

  static OnnxProto.AttributeProto ints(String name, long... v) {
    OnnxProto.AttributeProto.Builder a =
        OnnxProto.AttributeProto.newBuilder()
            .setName(name)
            .setType(OnnxProto.AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }
}
