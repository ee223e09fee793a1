package dev.dreamzoom.seed;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.SeedSpec;
import java.io.IOException;
import java.util.SplittableRandom;

/** The first frame: seeded noise, or a photo cover-cropped to the frame size. */
public final class Seeds {
  private Seeds() {}

  public static RgbImage create(SeedSpec spec, int width, int height, long randomSeed)
      throws IOException {
    return switch (spec.kind()) {
      case PHOTO -> ImageFiles.read(spec.image()).coverCrop(width, height);
      case VIDEO ->
          throw new IllegalArgumentException("a video's first frame is decoded by the media stage");
      case NOISE ->
          spec.noise() == SeedSpec.Noise.UNIFORM
              ? uniform(width, height, randomSeed)
              : fractal(width, height, randomSeed);
    };
  }

  /**
   * Grey with independent uniform noise of ±32 per sample: enough texture for the gradient to grab.
   */
  public static RgbImage uniform(int width, int height, long randomSeed) {
    SplittableRandom r = new SplittableRandom(randomSeed);
    float[] p = new float[width * height * 3];
    for (int i = 0; i < p.length; i++) {
      p[i] = 128f + (float) r.nextDouble(-32, 32);
    }
    return new RgbImage(width, height, p);
  }

  /**
   * Like {@link #fractal} but with a tenth of its contrast around mid-grey: for visualizing
   * filters, where the seed should give the gradient something to grab without imposing colours.
   */
  public static RgbImage faintFractal(int width, int height, long randomSeed) {
    float[] p = fractal(width, height, randomSeed).pixels();
    for (int i = 0; i < p.length; i++) {
      p[i] = 128 + 0.1f * (p[i] - 128);
    }
    return new RgbImage(width, height, p);
  }

  /**
   * Smooth coloured clouds: random grids from coarse to fine, each upsampled bilinearly and added
   * with half the previous amplitude (1/f noise), then scaled to mean 128 and std 40.
   */
  public static RgbImage fractal(int width, int height, long randomSeed) {
    SplittableRandom r = new SplittableRandom(randomSeed);
    float[] acc = new float[width * height * 3];
    double amplitude = 1;
    for (int cells = 2; cells <= Math.max(width, height) / 2; cells *= 2) {
      int gw = Math.max(2, cells * width / Math.max(width, height));
      int gh = Math.max(2, cells * height / Math.max(width, height));
      float[] grid = new float[gw * gh * 3];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = (float) r.nextDouble(-1, 1);
      }
      float[] up = new RgbImage(gw, gh, grid).resize(width, height).pixels();
      for (int i = 0; i < acc.length; i++) {
        acc[i] += (float) (amplitude * up[i]);
      }
      amplitude *= 0.5;
    }
    double mean = 0;
    for (float v : acc) {
      mean += v;
    }
    mean /= acc.length;
    double var = 0;
    for (float v : acc) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / acc.length) + 1e-9;
    for (int i = 0; i < acc.length; i++) {
      acc[i] = (float) Math.max(0, Math.min(255, 128 + 40 * (acc[i] - mean) / std));
    }
    return new RgbImage(width, height, acc);
  }
}
