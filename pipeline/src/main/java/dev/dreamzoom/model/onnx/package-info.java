/**
 * The ONNX importer: {@link dev.dreamzoom.model.onnx.OnnxGraphs} reads a {@code .onnx} file (the
 * {@code OnnxProto} classes are generated from {@code onnx.proto}) and translates it, operator by
 * operator ({@code OnnxOps}), into a frozen TensorFlow GraphDef in NHWC layout.
 *
 * <p>Part of the model stage: may use TensorFlow, protobuf and {@code model}. Must not use any
 * stage above the model stage.
 */
package dev.dreamzoom.model.onnx;
