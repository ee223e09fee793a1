package dev.dreamzoom.testing;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A VGG-shaped Keras weight file with random weights, in the layout of the official {@code
 * vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}: root attribute {@code layer_names}, one group
 * per layer with a {@code weight_names} attribute, kernels in (h, w, in, out) order. Layers:
 * input_1 → block1_conv1 (3→6, Keras 1 dataset names) → block1_pool → block2_conv1 (6→8, Keras 2
 * nested names) → block2_pool → flatten → fc1 (dense: where the stack ends).
 *
 * @param kernels each convolution's kernel as written, by layer name
 * @param biases each convolution's bias as written
 */
public record TinyVgg(Path file, Map<String, float[][][][]> kernels, Map<String, float[]> biases) {
  public static TinyVgg write(Path file) {
    SplittableRandom random = new SplittableRandom(7);
    Map<String, float[][][][]> kernels = new HashMap<>();
    Map<String, float[]> biases = new HashMap<>();
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      h5.putAttribute(
          "layer_names",
          new String[] {
            "input_1",
            "block1_conv1",
            "block1_pool",
            "block2_conv1",
            "block2_pool",
            "flatten",
            "fc1"
          });
      h5.putAttribute("backend", "tensorflow");
      // Keras gives weightless layers an empty weight_names list; jHDF cannot write an empty
      // array, so these groups have none, which the reader takes the same way.
      for (String weightless : new String[] {"input_1", "block1_pool", "block2_pool", "flatten"}) {
        h5.putGroup(weightless);
      }
      WritableGroup c1 = h5.putGroup("block1_conv1");
      c1.putAttribute("weight_names", new String[] {"block1_conv1_W_1:0", "block1_conv1_b_1:0"});
      c1.putDataset("block1_conv1_W_1:0", kernel(kernels, "block1_conv1", 3, 6, random));
      c1.putDataset("block1_conv1_b_1:0", bias(biases, "block1_conv1", 6, random));
      WritableGroup c2 = h5.putGroup("block2_conv1");
      c2.putAttribute(
          "weight_names", new String[] {"block2_conv1/kernel:0", "block2_conv1/bias:0"});
      WritableGroup nested = c2.putGroup("block2_conv1");
      nested.putDataset("kernel:0", kernel(kernels, "block2_conv1", 6, 8, random));
      nested.putDataset("bias:0", bias(biases, "block2_conv1", 8, random));
      WritableGroup fc = h5.putGroup("fc1");
      fc.putAttribute("weight_names", new String[] {"fc1_W_1:0", "fc1_b_1:0"});
      fc.putDataset("fc1_W_1:0", new float[8][4]);
      fc.putDataset("fc1_b_1:0", new float[4]);
    }
    return new TinyVgg(file, kernels, biases);
  }

  private static float[][][][] kernel(
      Map<String, float[][][][]> kernels, String layer, int in, int out, SplittableRandom random) {
    float[][][][] k = new float[3][3][in][out];
    for (float[][][] a : k) {
      for (float[][] b : a) {
        for (float[] c : b) {
          for (int o = 0; o < out; o++) {
            c[o] = (float) random.nextGaussian() * 0.2f;
          }
        }
      }
    }
    kernels.put(layer, k);
    return k;
  }

  private static float[] bias(
      Map<String, float[]> biases, String layer, int n, SplittableRandom random) {
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      b[i] = (float) random.nextGaussian();
    }
    biases.put(layer, b);
    return b;
  }
}
