package dev.dreamzoom.testing;

import static dev.dreamzoom.testing.TinyOnnx.ints;
import static dev.dreamzoom.testing.TinyOnnx.node;
import static dev.dreamzoom.testing.TinyOnnx.tensor;

import dev.dreamzoom.model.onnx.OnnxProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small network shaped like the ONNX model zoo's {@code googlenet-12.onnx} where dreamzoom's
 * catalog entry relies on it, with random weights: input {@code data_0} [1, 3, 224, 224]; values in
 * Caffe2's SSA form (a convolution {@code conv1/7x7_s2_1}, its in-place ReLU {@code
 * conv1/7x7_s2_2}); an inception block whose Concat is {@code inception_4c/output_1} (512 channels,
 * as the real one); the head {@code pool5/7x7_s1_1} (7x7 AveragePool at 224 px), its in-place
 * Dropout {@code pool5/7x7_s1_2}, Flatten, the 1000-class Gemm {@code loss3/classifier_1} and
 * Softmax {@code prob_1} (the zoo's output name). Opset 12. The real file (28 MB) is not
 * downloadable here; this checks the names and the head, not a dream.
 */
public final class ZooShapedGoogLeNet {
  private ZooShapedGoogLeNet() {}

  public static Path write(Path file) throws IOException {
    SplittableRandom r = new SplittableRandom(12);
    OnnxProto.GraphProto.Builder g = OnnxProto.GraphProto.newBuilder().setName("googlenet");
    OnnxProto.TensorShapeProto.Builder shape = OnnxProto.TensorShapeProto.newBuilder();
    for (long d : new long[] {1, 3, 224, 224}) {
      shape.addDim(OnnxProto.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    g.addInput(
        OnnxProto.ValueInfoProto.newBuilder()
            .setName("data_0")
            .setType(
                OnnxProto.TypeProto.newBuilder()
                    .setTensorType(
                        OnnxProto.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))));
    g.addInitializer(tensor("conv1/7x7_s2_w_0", r, 0.05f, 8, 3, 7, 7));
    g.addInitializer(tensor("conv1/7x7_s2_b_0", r, 0.05f, 8));
    g.addInitializer(tensor("inception_4c/1x1_w_0", r, 0.3f, 256, 8, 1, 1));
    g.addInitializer(tensor("inception_4c/3x3_w_0", r, 0.1f, 256, 8, 3, 3));
    g.addInitializer(tensor("loss3/classifier_w_0", r, 0.05f, 1000, 512));
    g.addInitializer(tensor("loss3/classifier_b_0", r, 0.05f, 1000));
    g.addNode(
        node(
                "Conv",
                "",
                new String[] {"data_0", "conv1/7x7_s2_w_0", "conv1/7x7_s2_b_0"},
                "conv1/7x7_s2_1")
            .addAttribute(ints("kernel_shape", 7, 7))
            .addAttribute(ints("pads", 3, 3, 3, 3))
            .addAttribute(ints("strides", 2, 2)));
    g.addNode(node("Relu", "", new String[] {"conv1/7x7_s2_1"}, "conv1/7x7_s2_2"));
    // Caffe's ceil-mode pooling, as the converter writes it: explicit end pads.
    g.addNode(
        node("MaxPool", "", new String[] {"conv1/7x7_s2_2"}, "pool1/3x3_s2_1")
            .addAttribute(ints("kernel_shape", 3, 3))
            .addAttribute(ints("pads", 0, 0, 1, 1))
            .addAttribute(ints("strides", 2, 2)));
    g.addNode(
        node(
                "Conv",
                "",
                new String[] {"pool1/3x3_s2_1", "inception_4c/1x1_w_0"},
                "inception_4c/1x1_1")
            .addAttribute(ints("kernel_shape", 1, 1)));
    g.addNode(node("Relu", "", new String[] {"inception_4c/1x1_1"}, "inception_4c/1x1_2"));
    g.addNode(
        node(
                "Conv",
                "",
                new String[] {"pool1/3x3_s2_1", "inception_4c/3x3_w_0"},
                "inception_4c/3x3_1")
            .addAttribute(ints("kernel_shape", 3, 3))
            .addAttribute(ints("pads", 1, 1, 1, 1)));
    g.addNode(node("Relu", "", new String[] {"inception_4c/3x3_1"}, "inception_4c/3x3_2"));
    g.addNode(
        node(
                "Concat",
                "",
                new String[] {"inception_4c/1x1_2", "inception_4c/3x3_2"},
                "inception_4c/output_1")
            .addAttribute(
                OnnxProto.AttributeProto.newBuilder()
                    .setName("axis")
                    .setI(1)
                    .setType(OnnxProto.AttributeProto.AttributeType.INT)));
    g.addNode(
        node("MaxPool", "", new String[] {"inception_4c/output_1"}, "pool4/8x8_s8_1")
            .addAttribute(ints("kernel_shape", 8, 8))
            .addAttribute(ints("strides", 8, 8)));
    g.addNode(
        node("AveragePool", "", new String[] {"pool4/8x8_s8_1"}, "pool5/7x7_s1_1")
            .addAttribute(ints("kernel_shape", 7, 7))
            .addAttribute(ints("strides", 1, 1)));
    g.addNode(node("Dropout", "", new String[] {"pool5/7x7_s1_1"}, "pool5/7x7_s1_2"));
    g.addNode(node("Flatten", "", new String[] {"pool5/7x7_s1_2"}, "OC2_DUMMY_0"));
    g.addNode(
        node(
                "Gemm",
                "",
                new String[] {"OC2_DUMMY_0", "loss3/classifier_w_0", "loss3/classifier_b_0"},
                "loss3/classifier_1")
            .addAttribute(
                OnnxProto.AttributeProto.newBuilder()
                    .setName("transB")
                    .setI(1)
                    .setType(OnnxProto.AttributeProto.AttributeType.INT)));
    g.addNode(node("Softmax", "", new String[] {"loss3/classifier_1"}, "prob_1"));
    g.addOutput(OnnxProto.ValueInfoProto.newBuilder().setName("prob_1"));
    OnnxProto.ModelProto model =
        OnnxProto.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("onnx-caffe2")
            .addOpsetImport(OnnxProto.OperatorSetIdProto.newBuilder().setVersion(12))
            .setGraph(g)
            .build();
    Files.write(file, model.toByteArray());
    return file;
  }
}
