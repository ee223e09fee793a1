package dev.dreamzoom.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** The three ways a network can come: a frozen GraphDef, a SavedModel folder, Keras HDF5 weights. */
public enum ModelFormat {
  /** A frozen {@code .pb}: weights are constants in the graph. */
  GRAPH_DEF,
  /** A folder with {@code saved_model.pb} and {@code variables/}. */
  SAVED_MODEL,
  /** A Keras {@code .h5} weight file of a VGG-style convolution stack. */
  KERAS_H5;

  /** Decided by what the path is: a folder, an {@code .h5}/{@code .hdf5} file, or anything else. */
  public static ModelFormat of(Path path) {
    if (Files.isDirectory(path)) {
      return SAVED_MODEL;
    }
    String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".h5") || name.endsWith(".hdf5") ? KERAS_H5 : GRAPH_DEF;
  }

  /**
   * What a network of this format given by path is assumed to take, until the preset says
   * otherwise ({@code model.input}, {@code model.offset}, {@code model.scale}, {@code model.channels}):
   * Keras HDF5 weights are the Caffe-style ImageNet networks (BGR, mean subtracted); graphs and
   * SavedModels get the [-1, 1] scaling of MobileNet and Inception v3, their input from the graph.
   */
  InputSpec pathDefaults() {
    return this == KERAS_H5 ? KerasConvStack.CAFFE_INPUT : InputSpec.uniform(null, 127.5f, 127.5f);
  }
}
