package dev.dreamzoom.app;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * VGG16's convolutional part with seeded random weights, written as Keras weights (the layout of
 * {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}, read like any VGG .h5): real layer
 * shapes, so a timing on it is a timing of VGG16, without downloading 58 MB of ImageNet weights.
 * He-initialized kernels keep activations in a realistic range through all 13 layers.
 */
public final class Vgg16Shaped {
  /** Output channels of each block's convolutions. */
  private static final int[][] BLOCKS = {
    {64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}
  };

  private Vgg16Shaped() {}

  /** Writes the weights to {@code file} (about 59 MB). */
  public static void write(Path file, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> layers = new ArrayList<>();
    layers.add("input_1");
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      h5.putGroup("input_1");
      int in = 3;
      for (int b = 0; b < BLOCKS.length; b++) {
        for (int c = 0; c < BLOCKS[b].length; c++) {
          int out = BLOCKS[b][c];
          String name = "block" + (b + 1) + "_conv" + (c + 1);
          layers.add(name);
          WritableGroup layer = h5.putGroup(name);
          layer.putAttribute("weight_names", new String[] {name + "/kernel:0", name + "/bias:0"});
          WritableGroup nested = layer.putGroup(name);
          nested.putDataset("kernel:0", kernel(in, out, random));
          nested.putDataset("bias:0", new float[out]);
          in = out;
        }
        String pool = "block" + (b + 1) + "_pool";
        layers.add(pool);
        h5.putGroup(pool);
      }
      h5.putAttribute("layer_names", layers.toArray(String[]::new));
      h5.putAttribute("backend", "tensorflow");
    }
  }

  private static float[][][][] kernel(int in, int out, SplittableRandom random) {
    double std = Math.sqrt(2.0 / (9 * in));
    float[][][][] k = new float[3][3][in][out];
    for (float[][][] row : k) {
      for (float[][] col : row) {
        for (float[] inputs : col) {
          for (int o = 0; o < out; o++) {
            inputs[o] = (float) (random.nextGaussian() * std);
          }
        }
      }
    }
    return k;
  }
}
