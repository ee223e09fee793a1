package dev.dreamzoom.model;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.OctaveDreamer;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every importer's network must do: take gradient steps that raise the objective, computing in
 * float32 and, rewritten, in bfloat16.
 */
public final class ImporterChecks {
  private ImporterChecks() {}

  /** Random RGB pixels in 0..255. */
  public static float[] pixels(int w, int h, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] px = new float[w * h * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) random.nextDouble(0, 255);
    }
    return px;
  }

  /**
   * The DeepDream objective of {@code layer} at each of {@code iterations} steps from noise, in
   * float32.
   */
  public static double[] deepDreamLosses(Network network, String layer, int iterations)
      throws ModelException {
    return deepDreamLosses(network, layer, iterations, false);
  }

  /**
   * As {@link #deepDreamLosses(Network, String, int)}, the network computing in bfloat16 where
   * asked.
   */
  public static double[] deepDreamLosses(
      Network network, String layer, int iterations, boolean bfloat16) throws ModelException {
    SplittableRandom random = new SplittableRandom(11);
    float[] px = new float[32 * 32 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) random.nextDouble(64, 192);
    }
    List<Double> losses = new ArrayList<>();
    try (DreamStep step =
        new DreamStep(
            network,
            List.of(new Term.Layer(Target.layer(layer))),
            new DreamStep.Options(
                1, false, false, dev.dreamzoom.preset.GradientSpec.DEFAULT, bfloat16))) {
      step.ascend(
          new RgbImage(32, 32, px),
          new OctaveDreamer.Settings(1, 1.4, iterations, 2, 2, 0, 0, new float[] {1}),
          random,
          losses::add);
    }
    return losses.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * Asserts that ascent on {@code layer} raises its objective by a fifth, in float32 and in
   * bfloat16 (where bfloat16 can be computed; elsewhere that it is refused clearly).
   */
  public static void assertDreamsInBothPrecisions(Network network, String layer)
      throws ModelException {
    for (boolean bfloat16 : new boolean[] {false, true}) {
      if (bfloat16 && !Kernels.here().bfloat16Computable()) {
        // oneDNN on an AVX2 CPU: refused when the step is built, with what to do instead.
        ModelException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                ModelException.class, () -> deepDreamLosses(network, layer, 1, true));
        org.junit.jupiter.api.Assertions.assertTrue(
            e.getMessage()
                .startsWith(
                    "bfloat16 cannot be computed here:" + " oneDNN has no bfloat16 convolutions"),
            e.getMessage());
        continue;
      }
      double[] losses = deepDreamLosses(network, layer, 8, bfloat16);
      org.junit.jupiter.api.Assertions.assertTrue(
          losses[losses.length - 1] > 1.2 * losses[0],
          "ascent on "
              + layer
              + (bfloat16 ? " in bfloat16" : " in float32")
              + " raises its objective: "
              + java.util.Arrays.toString(losses));
    }
  }
}
