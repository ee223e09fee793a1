package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.LayerWeight;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeepDream with the real MobileNet v1 0.75 network from ../shared/models. */
@Tag("slow")
class DreamStepTest {
  static final String LAYER = "MobilenetV1/MobilenetV1/Conv2d_9_pointwise/Relu6";

  @TempDir static Path cache;
  static Network network;
  static RgbImage cat;

  @BeforeAll
  static void load() throws Exception {
    network = Network.load(new ModelStore(ModelCatalog.load(), cache, Shared.models())
        .resolve("mobilenet_v1_0.75_224_quantized"));
    cat = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(224, 160);
  }

  private static DreamStep step() throws ModelException {
    return new DreamStep(network, Set.of(LAYER), Objectives.deepDream(List.of(new LayerWeight(LAYER, 1))), 0);
  }

  @Test
  void objectiveRisesOverTheIterationsOfAFrame() throws Exception {
    List<Double> losses = new ArrayList<>();
    try (DreamStep step = step()) {
      step.ascend(cat, 12, 1.5f, 16, new SplittableRandom(1), losses::add);
    }
    assertEquals(12, losses.size());
    double first = losses.get(0);
    double last = losses.get(losses.size() - 1);
    assertTrue(last > first * 1.3, "objective should rise: " + losses);
    // Jitter makes single steps noisy, but the trend holds over the second half.
    assertTrue(losses.subList(6, 12).stream().mapToDouble(d -> d).average().orElseThrow()
        > losses.subList(0, 6).stream().mapToDouble(d -> d).average().orElseThrow(), losses.toString());
  }

  @Test
  void sameSeedSameDreamOtherSeedOtherDream() throws Exception {
    try (DreamStep step = step()) {
      Dreamer d = new Dreamer(step);
      Dreamer.Settings s = new Dreamer.Settings(2, 1.4, 4, 1.5, 16);
      RgbImage a = d.dream(cat, s, 7, x -> { });
      RgbImage b = d.dream(cat, s, 7, x -> { });
      RgbImage c = d.dream(cat, s, 8, x -> { });
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

  @Test
  void unknownLayerIsNamedWithSuggestions() {
    ModelException e = assertThrows(ModelException.class, () -> new DreamStep(network,
        Set.of("Conv2d_9_pointwise/Relu6"), Objectives.deepDream(List.of(new LayerWeight("x", 1))), 0));
    assertTrue(e.getMessage().contains("unknown layer 'Conv2d_9_pointwise/Relu6'"), e.getMessage());
    assertTrue(e.getMessage().contains("similar: " + LAYER), e.getMessage());
  }

  @Test
  void layersIncludeTheRecommendedOneWithItsChannelCount() {
    var layers = network.layers(false);
    var conv9 = layers.stream().filter(l -> l.name().equals(LAYER)).findFirst().orElseThrow();
    assertEquals(384, conv9.channels(), "512 channels x width 0.75");
    assertEquals(27, layers.size(), "Conv2d_0 plus 13 depthwise and 13 pointwise Relu6");
  }
}
