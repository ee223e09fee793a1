package dev.dreamzoom.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ways a network can come: a frozen GraphDef, a SavedModel folder, Keras HDF5 weights, ONNX.
 */
public enum ModelFormat {
  /** A frozen {@code .pb}: weights are constants in the graph. */
  GRAPH_DEF,
  /** A folder with {@code saved_model.pb} and {@code variables/}. */
  SAVED_MODEL,
  /** A Keras {@code .h5} weight file of a VGG-style convolution stack. */
  KERAS_H5,
  /**
   * An ONNX model ({@code .onnx}), as {@code torch.onnx.export} and the ONNX model zoo write them.
   */
  ONNX;

  /**
   * Decided by what the path is: a folder, an {@code .h5}/{@code .hdf5} or {@code .onnx} file, or
   * anything else.
   */
  public static ModelFormat of(Path path) {
    if (Files.isDirectory(path)) {
      return SAVED_MODEL;
    }
    String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".h5") || name.endsWith(".hdf5")
        ? KERAS_H5
        : name.endsWith(".onnx") ? ONNX : GRAPH_DEF;
  }

  /**
   * What a network of this format given by path is assumed to take, until the preset says otherwise
   * ({@code model.input}, {@code model.offset}, {@code model.scale}, {@code model.channels}): Keras
   * HDF5 weights are the Caffe-style ImageNet networks (BGR, mean subtracted); graphs and
   * SavedModels get the [-1, 1] scaling of MobileNet and Inception v3, their input from the graph;
   * ONNX models get torchvision's ImageNet normalization (RGB, (p / 255 − mean) / std), which the
   * PyTorch classifiers exported to ONNX expect.
   */
  InputSpec pathDefaults() {
    return switch (this) {
      case KERAS_H5 -> KerasConvStack.CAFFE_INPUT;
      case ONNX -> TORCHVISION_INPUT;
      default -> InputSpec.uniform(null, 127.5f, 127.5f);
    };
  }

  /** torchvision's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225), in pixel levels. */
  static final InputSpec TORCHVISION_INPUT =
      new InputSpec(
          null,
          new float[] {123.675f, 116.28f, 103.53f},
          new float[] {58.395f, 57.12f, 57.375f},
          false);
}
