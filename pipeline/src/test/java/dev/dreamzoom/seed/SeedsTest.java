package dev.dreamzoom.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.SeedSpec;
import dev.dreamzoom.testing.Shared;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SeedsTest {
  private static double meanNeighbourDifference(RgbImage img) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < img.height(); y++) {
      for (int x = 1; x < img.width(); x++) {
        sum += Math.abs(img.get(x, y, 0) - img.get(x - 1, y, 0));
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void noiseIsDeterminedByTheSeed() {
    assertArrayEquals(Seeds.fractal(64, 48, 5).pixels(), Seeds.fractal(64, 48, 5).pixels());
    assertArrayEquals(Seeds.uniform(64, 48, 5).pixels(), Seeds.uniform(64, 48, 5).pixels());
    assertFalse(
        Arrays.equals(Seeds.fractal(64, 48, 5).pixels(), Seeds.fractal(64, 48, 6).pixels()));
  }

  @Test
  void fractalNoiseIsSmootherThanUniformNoise() {
    double fractal = meanNeighbourDifference(Seeds.fractal(320, 180, 1));
    double uniform = meanNeighbourDifference(Seeds.uniform(320, 180, 1));
    assertTrue(fractal * 3 < uniform, "fractal " + fractal + " vs uniform " + uniform);
  }

  @Tag("slow") // reads ../shared
  @Test
  void photoSeedIsCoverCroppedToTheFrame() throws Exception {
    RgbImage img =
        Seeds.create(
            new SeedSpec(SeedSpec.Kind.PHOTO, SeedSpec.Noise.FRACTAL, Shared.image("chelsea.png")),
            320,
            180,
            0);
    assertEquals(320, img.width());
    assertEquals(180, img.height());
  }
}
