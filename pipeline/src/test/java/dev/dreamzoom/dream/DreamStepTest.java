package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.seed.Seeds;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeepDream and filter visualization with the real MobileNet v1 0.75 network from ../shared/models.
 */
@Tag("slow")
class DreamStepTest {
  static final String LAYER = "MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu6";
  static final String MIDDLE = "MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6";

  static final DreamStep.Options OPTIONS = new DreamStep.Options(0, true, true);

  @TempDir static Path cache;
  static Network network;
  static RgbImage cat;

  @BeforeAll
  static void load() throws Exception {
    network = Shared.mobileNet(cache);
    cat = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(224, 160);
  }

  private static DreamStep deepDreamStep() throws ModelException {
    return new DreamStep(network, List.of(new Term.Layer(Target.layer(LAYER))), OPTIONS);
  }

  private static OctaveDreamer.Settings settings(
      int octaves, int iterations, int jitter, double blur, float... weights) {
    return new OctaveDreamer.Settings(octaves, 1.4, iterations, 1.5, jitter, blur, 0, weights);
  }

  @Test
  void objectiveRisesOverTheIterationsOfAFrame() throws Exception {
    List<Double> losses = new ArrayList<>();
    try (DreamStep step = deepDreamStep()) {
      step.ascend(cat, settings(1, 12, 16, 0, 1f), new SplittableRandom(1), losses::add);
    }
    assertEquals(12, losses.size());
    double first = losses.get(0);
    double last = losses.get(losses.size() - 1);
    assertTrue(last > first * 1.3, "objective should rise: " + losses);
    // Jitter makes single steps noisy, but the trend holds over the second half.
    assertTrue(
        losses.subList(6, 12).stream().mapToDouble(d -> d).average().orElseThrow()
            > losses.subList(0, 6).stream().mapToDouble(d -> d).average().orElseThrow(),
        losses.toString());
  }

  @Test
  void sameSeedSameDreamOtherSeedOtherDream() throws Exception {
    try (DreamStep step = deepDreamStep()) {
      OctaveDreamer d = new OctaveDreamer(step);
      OctaveDreamer.Settings s = settings(2, 4, 16, 0, 1f);
      RgbImage a = d.dream(cat, s, 7, x -> {});
      RgbImage b = d.dream(cat, s, 7, x -> {});
      RgbImage c = d.dream(cat, s, 8, x -> {});
      assertArrayEquals(a.pixels(), b.pixels());
      assertFalse(Arrays.equals(a.pixels(), c.pixels()));
      assertEquals(cat.width(), a.width());
      assertEquals(cat.height(), a.height());
      // Stays a displayable image and really changed it.
      double diff = 0;
      for (int i = 0; i < a.pixels().length; i++) {
        assertTrue(a.pixels()[i] >= 0 && a.pixels()[i] <= 255);
        diff += Math.abs(a.pixels()[i] - cat.pixels()[i]);
      }
      assertTrue(diff / a.pixels().length > 3, "mean change " + diff / a.pixels().length);
    }
  }

  /** The rise of every channel's mean pre-activation after visualizing each channel in turn. */
  private static float[][] risesAfterVisualizing(String layer, int[] channels) throws Exception {
    List<Term> targets =
        IntStream.of(channels)
            .mapToObj(c -> (Term) new Term.Channel(new Target(layer, c)))
            .toList();
    RgbImage noise = Seeds.faintFractal(160, 160, 11);
    float[][] rises = new float[channels.length][];
    try (DreamStep step = new DreamStep(network, targets, OPTIONS);
        Probe probe = new Probe(network, 0)) {
      OctaveDreamer d = new OctaveDreamer(step);
      float[] before = probe.activation(noise, layer, true).channelMeans();
      for (int i = 0; i < channels.length; i++) {
        float[] weights = new float[channels.length];
        weights[i] = 1;
        RgbImage viz =
            d.grow(
                noise,
                new OctaveDreamer.Settings(1, 1.4, 10, 2, 10, 0.5, 0, weights),
                6,
                1.3,
                i,
                x -> {});
        float[] after = probe.activation(viz, layer, true).channelMeans();
        rises[i] = new float[after.length];
        for (int k = 0; k < after.length; k++) {
          rises[i][k] = after[k] - before[k];
        }
      }
    }
    return rises;
  }

  /**
   * The acceptance check of filter visualization: after visualizing channel c, c's mean activation
   * rose, relative to its own value on the seed noise, more than any other channel's. Measured
   * before the ReLU6 (the tensor the objective maximizes): after it, many channels sit at exactly 0
   * on noise and saturate at 6, which makes ratios meaningless.
   */
  @Test
  void visualizingAChannelRaisesThatChannelMost() throws Exception {
    String layer = "MobilenetV1/MobilenetV1/Conv2d_13_pointwise/Relu6";
    int[] channels = {0, 96, 192, 288, 384, 480, 576, 672};
    float[][] rises = risesAfterVisualizing(layer, channels);
    for (int i = 0; i < channels.length; i++) {
      int c = channels[i];
      for (int k = 0; k < rises[i].length; k++) {
        if (k != c) {
          assertTrue(
              rises[i][c] > rises[i][k],
              "channel "
                  + c
                  + " rose "
                  + rises[i][c]
                  + " but channel "
                  + k
                  + " rose "
                  + rises[i][k]);
        }
      }
    }
  }

  /**
   * In middle layers a few channels that respond to any strong texture can rise as much as the
   * target (see the atlas command's ranking); the target still stands far above the layer.
   */
  @Test
  void inAMiddleLayerTheChannelRisesFarAboveTheLayer() throws Exception {
    int[] channels = {0, 48, 96, 144, 192, 240, 288, 336};
    float[][] rises = risesAfterVisualizing(MIDDLE, channels);
    for (int i = 0; i < channels.length; i++) {
      float[] sorted = rises[i].clone();
      Arrays.sort(sorted);
      float median = sorted[sorted.length / 2];
      float own = rises[i][channels[i]];
      Margins.atLeast("channel " + channels[i] + " rose", own, 0.5);
      Margins.atLeast(
          "channel " + channels[i] + " rise / layer median (at least 0.1)",
          own / Math.max(median, 0.1f),
          3);
    }
  }

  /**
   * Tiles equal the whole frame away from the seams, through the public tiled ascent with its roll,
   * on unequal tiles. A 1408 x 640 frame in tiles of at most 512 px is cut at x = 480, 928 and y =
   * 320 (widths 480, 448, 480), so the tiles' area weights differ, and the region away from the
   * seams reaches into the narrow middle tiles as well as the wide outer ones. (Sizes that are
   * multiples of the network's stride keep TensorFlow's SAME padding, and so each tile's sampling
   * grid, the same as the whole frame's; other sizes shift it by a pixel at a strided layer.) The
   * whole-frame step is given the same roll: jitter equal to the tiled ascent's reach (jitter +
   * tile / 2) and the same random seed draw the same offset. Beyond Conv2d_9's receptive field (155
   * px) from a seam the updates agree to 1e-4; near the seams tile edges are padded instead of
   * seeing their neighbours, which is why tiles roll every iteration.
   */
  @Test
  void tiledAscentWithItsRollEqualsTheWholeFrameAwayFromSeams() throws Exception {
    RgbImage frame = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(1408, 640);
    int tile = 512;
    int jitter = 8;
    int reach = jitter + tile / 2;
    try (DreamStep step = deepDreamStep()) {
      RgbImage tiled =
          step.ascendTiled(
              frame, settings(1, 1, jitter, 0, 1f), tile, new SplittableRandom(5), x -> {});
      RgbImage whole =
          step.ascend(frame, settings(1, 1, reach, 0, 1f), new SplittableRandom(5), x -> {});
      SplittableRandom r = new SplittableRandom(5);
      int dy = r.nextInt(-reach, reach + 1);
      int dx = r.nextInt(-reach, reach + 1);
      // Distance, in the rolled frame the network saw, from the nearest inner cut.
      java.util.function.BiFunction<Integer, Integer, Integer> seam =
          (x, y) -> {
            int rx = Math.floorMod(x + dx, 1408);
            int ry = Math.floorMod(y + dy, 640);
            return Math.min(Math.min(Math.abs(rx - 480), Math.abs(rx - 928)), Math.abs(ry - 320));
          };
      double far = cosine(frame, whole, tiled, (x, y) -> seam.apply(x, y) > 160);
      double near = cosine(frame, whole, tiled, (x, y) -> seam.apply(x, y) < 32);
      System.out.printf(
          "tiled vs whole-frame update, roll (%d, %d): cosine away from seams %.6f, within"
              + " 32 px of a seam %.4f%n",
          dx, dy, far, near);
      Margins.atMost(
          "away from the seams tiles see what the whole frame sees (1 - cosine)", 1 - far, 1e-4);
      Margins.atMost("near the seams the padding shows (cosine)", near, 0.9);
      Margins.atLeast("near the seams the padding is bounded (cosine)", near, 0.2);
    }
  }

  /** Cosine similarity of the updates {@code a - start} and {@code b - start} over some pixels. */
  private static double cosine(
      RgbImage start,
      RgbImage a,
      RgbImage b,
      java.util.function.BiPredicate<Integer, Integer> where) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int y = 0; y < start.height(); y++) {
      for (int x = 0; x < start.width(); x++) {
        if (!where.test(x, y)) {
          continue;
        }
        for (int c = 0; c < 3; c++) {
          double u = a.get(x, y, c) - start.get(x, y, c);
          double v = b.get(x, y, c) - start.get(x, y, c);
          dot += u * v;
          na += u * u;
          nb += v * v;
        }
      }
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void unknownLayerIsNamedWithSuggestions() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                new DreamStep(
                    network,
                    List.of(new Term.Layer(Target.layer("Conv2d_9_pointwise/Relu6"))),
                    OPTIONS));
    assertTrue(e.getMessage().contains("unknown layer 'Conv2d_9_pointwise/Relu6'"), e.getMessage());
    assertTrue(e.getMessage().contains("similar: " + LAYER), e.getMessage());
  }

  @Test
  void channelOutOfRangeIsNamedWithTheCount() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                new DreamStep(network, List.of(new Term.Channel(new Target(LAYER, 384))), OPTIONS));
    assertTrue(
        e.getMessage()
            .contains(
                "channel 384 of layer '"
                    + LAYER
                    + "' does not exist: it has 384"
                    + " channels (0..383)"),
        e.getMessage());
  }

  @Test
  void layersIncludeTheRecommendedOneWithItsChannelCount() {
    var layers = network.layers(false);
    var conv9 = layers.stream().filter(l -> l.name().equals(LAYER)).findFirst().orElseThrow();
    assertEquals(384, conv9.channels(), "512 channels x width 0.75");
    assertEquals(27, layers.size(), "Conv2d_0 plus 13 depthwise and 13 pointwise Relu6");
  }
}
