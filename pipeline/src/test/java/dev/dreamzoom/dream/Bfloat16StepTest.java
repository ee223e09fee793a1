package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.GradientSpec;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;

/**
 * bfloat16 with the real MobileNet v1 0.75 network (its quantized graph, so the Dequantize path is
 * included) on a real photo: the rewritten graph computes in bfloat16, its gradient is the same
 * objective's, and a dream computed in it differs from the float32 dream no more than a float32
 * dream of the photo with invisible noise added does. The gradients themselves agree less than
 * float32 with itself under that noise, which is why {@code auto} keeps float32 for this network
 * ({@code app.PrecisionChoiceTest}).
 */
@Tag("slow")
class Bfloat16StepTest {
  static final String LAYER = "MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu6";

  @TempDir static Path cache;
  static Network network;
  static RgbImage cat;

  @BeforeAll
  static void load() throws Exception {
    network = Shared.mobileNet(cache);
    cat = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(320, 240);
  }

  private static DreamStep step(boolean bfloat16, Term term) throws Exception {
    return new DreamStep(
        network,
        List.of(term),
        new DreamStep.Options(1, false, false, GradientSpec.DEFAULT, bfloat16));
  }

  /**
   * Where bfloat16 cannot be computed (oneDNN on an AVX2 CPU), asserts that building a bfloat16
   * step says so and what to do, and returns true: the test has nothing more to compute there.
   */
  private static boolean refusedHere() {
    if (Kernels.here().bfloat16Computable()) {
      return false;
    }
    ModelException e =
        assertThrows(
            ModelException.class, () -> step(true, new Term.Layer(Target.layer(LAYER))).close());
    assertTrue(
        e.getMessage().contains("oneDNN has no bfloat16 convolutions")
            && e.getMessage().contains("TF_ENABLE_ONEDNN_OPTS=0"),
        e.getMessage());
    return true;
  }

  static double meanAbsDiff(RgbImage a, RgbImage b) {
    double sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs(a.pixels()[i] - b.pixels()[i]);
    }
    return sum / a.pixels().length;
  }

  @Test
  void theRewrittenGraphComputesInBfloat16AndKeepsItsLayerNames() {
    var def = network.bfloat16GraphDef();
    long bf16Convs =
        def.getNodeList().stream()
            .filter(n -> n.getOp().equals("Conv2D") || n.getOp().equals("DepthwiseConv2dNative"))
            .filter(n -> n.getAttrOrThrow("T").getType() == DataType.DT_BFLOAT16)
            .count();
    long convs =
        network.graphDef().getNodeList().stream()
            .filter(n -> n.getOp().equals("Conv2D") || n.getOp().equals("DepthwiseConv2dNative"))
            .count();
    assertEquals(28, convs, "27 in the features and the 1x1 logits convolution");
    assertEquals(convs, bf16Convs, "every convolution computes in bfloat16");
    assertTrue(
        def.getNodeList().stream()
            .anyMatch(
                n ->
                    n.getName().equals(LAYER)
                        && n.getAttrOrThrow("T").getType() == DataType.DT_BFLOAT16));
    var dequantized =
        def.getNodeList().stream()
            .filter(n -> n.getOp().equals("Dequantize"))
            .map(n -> n.getName())
            .toList();
    assertTrue(!dequantized.isEmpty());
    for (String d : dequantized) {
      assertTrue(
          def.getNodeList().stream()
              .anyMatch(
                  n ->
                      n.getOp().equals("Cast")
                          && n.getInput(0).equals(d)
                          && n.getAttrOrThrow("DstT").getType() == DataType.DT_BFLOAT16),
          "the quantized weights " + d + " reach the convolutions as bfloat16");
    }
    // The input stays float32: the image is fed as it is, and cast once inside.
    assertTrue(
        def.getNodeList().stream()
            .anyMatch(
                n ->
                    n.getName().equals("input")
                        && n.getAttrOrThrow("dtype").getType() == DataType.DT_FLOAT));
  }

  @Test
  void theBfloat16GradientIsTheSameObjectivesGradient() throws Exception {
    if (refusedHere()) {
      return;
    }
    for (Term term :
        List.of(new Term.Layer(Target.layer(LAYER)), new Term.Channel(new Target(LAYER, 17)))) {
      PrecisionCheck c = PrecisionCheck.measure(network, List.of(term), new float[] {1f}, cat, 1);
      System.out.printf(
          "%s: gradient cosine float32 vs bfloat16 %.3f; float32 vs float32 with invisible"
              + " noise %.3f; bfloat16 %.2fx the speed%n",
          term, c.cosine(), c.floor(), c.speedup());
      // Unrelated gradients of this size have a cosine near 0; the same gradient 1. Measured
      // 0.50-0.54
      // with an AMD EPYC's native bfloat16 instructions, 0.60-0.62 emulated on its AVX-512, 0.72 on
      // an
      // Intel AVX-512 machine: native bfloat16 rounds differently by CPU, so the bound stays at
      // 0.5.
      Margins.atLeast(term + ": cosine float32 vs bfloat16", c.cosine(), 0.5);
      Margins.atLeast("float32 on invisible noise (cosine)", c.floor(), 0.5);
      assertTrue(c.floor() < 1, "float32 on invisible noise: " + c.floor());
    }
  }

  @Test
  void aBfloat16DreamDiffersNoMoreThanAFloat32DreamOfThePhotoWithInvisibleNoise() throws Exception {
    if (refusedHere()) {
      return;
    }
    Term term = new Term.Layer(Target.layer(LAYER));
    OctaveDreamer.Settings s =
        new OctaveDreamer.Settings(2, 1.4, 6, 1.5, 16, 0, 0, new float[] {1f});
    RgbImage noisy = PrecisionCheck.withInvisibleNoise(cat);
    RgbImage f32;
    RgbImage bf16;
    RgbImage f32Noisy;
    try (DreamStep a = step(false, term);
        DreamStep b = step(true, term)) {
      f32 = new OctaveDreamer(a, 0).dream(cat, s, 7, x -> {});
      f32Noisy = new OctaveDreamer(a, 0).dream(noisy, s, 7, x -> {});
      bf16 = new OctaveDreamer(b, 0).dream(cat, s, 7, x -> {});
    }
    double change = meanAbsDiff(cat, f32);
    double noise = meanAbsDiff(cat, noisy);
    double byNoise = meanAbsDiff(f32, f32Noisy);
    double byBf16 = meanAbsDiff(f32, bf16);
    System.out.printf(
        "the dream changed the photo by %.2f levels; invisible noise (%.2f levels) changed"
            + " the dream by %.2f, bfloat16 by %.2f%n",
        change, noise, byNoise, byBf16);
    Margins.atLeast("the dream changed the photo (levels)", change, 3);
    Margins.atMost("invisible noise (levels)", noise, 0.3);
    Margins.atMost("change by bfloat16 / by invisible noise", byBf16 / byNoise, 1.5);
    assertTrue(byBf16 > 0, "bfloat16 computed something else than float32");
  }

  @Test
  void tiledGradientsWorkInBfloat16() throws Exception {
    if (refusedHere()) {
      return;
    }
    double[] gain = new double[2];
    for (int p = 0; p < 2; p++) {
      java.util.List<Double> losses = new java.util.ArrayList<>();
      try (DreamStep step = step(p == 1, new Term.Layer(Target.layer(LAYER)))) {
        // 320x240 in tiles of at most 128 px: 3 x 2 tiles per iteration.
        step.ascendTiled(
            cat,
            new OctaveDreamer.Settings(1, 1.4, 6, 1.5, 0, 0, 0, new float[] {1f}),
            128,
            new java.util.SplittableRandom(5),
            losses::add);
      }
      gain[p] = losses.get(losses.size() - 1) / losses.get(0);
    }
    System.out.printf(
        "tiled ascent raised the objective %.3fx in float32, %.3fx in bfloat16%n",
        gain[0], gain[1]);
    Margins.atLeast("bfloat16 tiled ascent's gain", gain[1], 1.1);
    Margins.atLeast("bfloat16 gain / float32 gain", gain[1] / gain[0], 0.9);
  }
}
