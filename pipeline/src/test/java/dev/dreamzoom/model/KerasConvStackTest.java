package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.dream.Probe;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.testing.TinyVgg;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keras HDF5 importer on a VGG-shaped weight file written by the test ({@link TinyVgg}). */
@Tag("slow")
class KerasConvStackTest {
  @TempDir Path dir;

  static ResolvedModel byPath(Path file) throws ModelException {
    return new ModelStore(ModelCatalog.load(), file.getParent().resolve("cache"), null)
        .resolve(file.toString());
  }

  @Test
  void loadsListsLayersWithCaffeAliasesAndProducesAGradient() throws Exception {
    Network network = Network.load(byPath(TinyVgg.write(dir.resolve("vgg_like.h5")).file()));
    Map<String, LayerInfo> layers =
        network.layers(false).stream().collect(Collectors.toMap(LayerInfo::name, l -> l));
    assertEquals(6, layers.get("block1_conv1").channels());
    assertEquals(List.of("conv1_1"), layers.get("block1_conv1").aliases());
    assertEquals(8, layers.get("block2_conv1").channels());
    assertEquals(List.of("conv2_1"), layers.get("block2_conv1").aliases());
    assertEquals(List.of("pool2"), layers.get("block2_pool").aliases());
    assertEquals("block2_conv1", network.tensor("conv2_1"));

    ImporterChecks.assertDreamsInBothPrecisions(network, "conv2_1");
  }

  /**
   * The graph computes what the file says: kernel layout (h, w, in, out), bias, ReLU and Keras'
   * caffe preprocessing (BGR, ImageNet mean subtracted) checked against a convolution done here.
   */
  @Test
  void firstConvolutionMatchesOneComputedByHand() throws Exception {
    TinyVgg vgg = TinyVgg.write(dir.resolve("vgg_like.h5"));
    Network network = Network.load(byPath(vgg.file()));
    int w = 7;
    int h = 5;
    float[] px = ImporterChecks.pixels(w, h, 3);
    float[] expected = handConvolutionMeans(vgg, px, w, h);
    try (Probe probe = new Probe(network, 1)) {
      float[] actual = probe.activation(new RgbImage(w, h, px), "conv1_1", false).channelMeans();
      for (int o = 0; o < expected.length; o++) {
        assertEquals(
            expected[o], actual[o], 1e-3 * Math.max(1, Math.abs(expected[o])), "channel " + o);
      }
    }
  }

  private static float[] handConvolutionMeans(TinyVgg vgg, float[] px, int w, int h) {
    float[] mean = {123.68f, 116.779f, 103.939f};
    float[][][][] k = vgg.kernels().get("block1_conv1");
    float[] b = vgg.biases().get("block1_conv1");
    float[] sums = new float[b.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int o = 0; o < b.length; o++) {
          double acc = b[o];
          for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
              int sy = y + dy - 1;
              int sx = x + dx - 1;
              if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                continue;
              }
              for (int i = 0; i < 3; i++) {
                int rgb = 2 - i; // the network's channel i is B, G, R
                acc += (px[(sy * w + sx) * 3 + rgb] - mean[rgb]) * k[dy][dx][i][o];
              }
            }
          }
          sums[o] += (float) Math.max(0, acc);
        }
      }
    }
    for (int o = 0; o < sums.length; o++) {
      sums[o] /= w * h;
    }
    return sums;
  }

  @Test
  void aLayerThatIsNotAConvolutionIsNamed() throws Exception {
    Path file = dir.resolve("resnet_like.h5");
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      h5.putAttribute("layer_names", new String[] {"conv1", "bn_conv1"});
      WritableGroup c = h5.putGroup("conv1");
      c.putAttribute("weight_names", new String[] {"conv1_W:0", "conv1_b:0"});
      c.putDataset("conv1_W:0", new float[3][3][3][4]);
      c.putDataset("conv1_b:0", new float[4]);
      WritableGroup bn = h5.putGroup("bn_conv1");
      bn.putAttribute("weight_names", new String[] {"gamma:0", "beta:0", "mean:0", "var:0"});
      for (String n : new String[] {"gamma:0", "beta:0", "mean:0", "var:0"}) {
        bn.putDataset(n, new float[4]);
      }
    }
    ModelException e = assertThrows(ModelException.class, () -> Network.load(byPath(file)));
    assertTrue(
        e.getMessage().contains("layer 'bn_conv1' is not a convolution with bias"), e.getMessage());
  }

  @Test
  void anHdf5FileWithoutKerasLayersIsNamed() throws Exception {
    Path file = dir.resolve("data.h5");
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      h5.putDataset("numbers", new float[] {1, 2, 3});
    }
    ModelException e = assertThrows(ModelException.class, () -> Network.load(byPath(file)));
    assertTrue(e.getMessage().contains("is not a Keras weight file"), e.getMessage());
  }
}
