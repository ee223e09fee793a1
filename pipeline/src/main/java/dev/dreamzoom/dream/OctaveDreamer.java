package dev.dreamzoom.dream;

import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * Gradient ascent over scales. {@link #dream} is DeepDream's octave scheme: ascend on a small copy
 * first, then carry only the detail it added up to each larger scale (google/deepdream's notebook).
 * {@link #grow} is for a first frame from noise: the whole image is carried up, so structure formed
 * on the small canvas becomes the large-scale layout of the final one.
 */
public final class OctaveDreamer {
  /** Scales whose shorter side would fall below this are skipped: the network sees too little. */
  static final int MIN_SIDE = 64;

  private final DreamStep step;
  private final int tile;

  /** Never tiles: for images that fit in memory whole. */
  public OctaveDreamer(DreamStep step) {
    this(step, 0);
  }

  /**
   * @param tile scales larger than this many pixels on a side compute their gradient in tiles (see
   *     {@link Ascent#tiled}); 0 never tiles
   */
  public OctaveDreamer(DreamStep step, int tile) {
    this.step = step;
    this.tile = tile;
  }

  /**
   * Ascent on {@code image}, whose content terms compare against {@code reference}, each update
   * weighted by {@code mask} (at the frame's size, resized here; null for none).
   */
  private RgbImage ascend(
      RgbImage image,
      RgbImage reference,
      Mask mask,
      Settings s,
      SplittableRandom random,
      DoubleConsumer losses) {
    Mask m = mask == null ? null : mask.resize(image.width(), image.height());
    return Tiles.needed(image.width(), image.height(), tile)
        ? Ascent.tiled(step, image, reference, m, s, tile, s.jitter() + tile / 2, random, losses)
        : Ascent.whole(step, image, reference, m, s, random, losses);
  }

  /**
   * One frame's settings, as the preset's values at that frame.
   *
   * @param blur sigma in pixels of the Gaussian blur of each step's gradient (0 = none)
   * @param decay fraction by which each iteration pulls the image toward mid-grey (0 = none)
   * @param weights one weight per term of the step (the array is not copied)
   */
  public record Settings(
      int octaves,
      double octaveScale,
      int iterations,
      double step,
      int jitter,
      double blur,
      double decay,
      float[] weights) {
    public Settings {
      if (octaves < 1
          || iterations < 1
          || !(octaveScale > 1)
          || !(step > 0)
          || jitter < 0
          || !(blur >= 0)
          || !(decay >= 0 && decay < 1)) {
        throw new IllegalArgumentException(
            "invalid dream settings: "
                + octaves
                + " octaves, scale "
                + octaveScale
                + ", "
                + iterations
                + " iterations, step "
                + step
                + ", jitter "
                + jitter
                + ", blur "
                + blur
                + ", decay "
                + decay);
      }
    }

    /**
     * Settings for ascent at one scale (filter visualizations grown by {@link #grow},
     * measurements), where no octave scale applies.
     */
    public static Settings oneScale(
        int iterations, double step, int jitter, double blur, double decay, float[] weights) {
      return new Settings(1, ONE_SCALE, iterations, step, jitter, blur, decay, weights);
    }

    /** Any ratio above 1 serves for one scale: with one octave it is never applied. */
    private static final double ONE_SCALE = 2;
  }

  /**
   * Dreams {@code image} over octaves; all randomness comes from {@code seed}, so the same image,
   * settings and seed give the same result. Content terms compare each octave against the image
   * itself at that size, before any dreaming.
   */
  public RgbImage dream(RgbImage image, Settings s, long seed, DoubleConsumer losses) {
    return dream(image, s, seed, null, losses);
  }

  /**
   * As {@link #dream(RgbImage, Settings, long, DoubleConsumer)}, each update weighted by {@code
   * mask} (the image's size; null for none) resized to each octave.
   */
  public RgbImage dream(RgbImage image, Settings s, long seed, Mask mask, DoubleConsumer losses) {
    SplittableRandom random = new SplittableRandom(seed);
    RgbImage detail = null;
    RgbImage result = image;
    try {
      for (int[] size : octaveSizes(image.width(), image.height(), s)) {
        DreamStep.Octave octave = step.octave(image, detail, size[0], size[1]);
        result = ascend(octave.start(), octave.base(), mask, s, random, losses);
        detail = result.minus(octave.base());
      }
    } catch (RuntimeException e) {
      throw dev.dreamzoom.model.NetworkFailure.of(e, step.model());
    }
    return result;
  }

  /**
   * Grows a visualization: ascend on {@code image} shrunk by {@code scale^steps}, enlarge the
   * result by {@code scale}, ascend again, and so on up to full size.
   */
  public RgbImage grow(
      RgbImage image, Settings s, int steps, double scale, long seed, DoubleConsumer losses) {
    return grow(image, s, steps, scale, seed, null, losses);
  }

  /** As {@link #grow(RgbImage, Settings, int, double, long, DoubleConsumer)}, masked. */
  public RgbImage grow(
      RgbImage image,
      Settings s,
      int steps,
      double scale,
      long seed,
      Mask mask,
      DoubleConsumer losses) {
    SplittableRandom random = new SplittableRandom(seed);
    int w = image.width();
    int h = image.height();
    int n = usableScales(w, h, steps + 1, scale) - 1;
    RgbImage current =
        image.resize(
            (int) Math.round(w / Math.pow(scale, n)), (int) Math.round(h / Math.pow(scale, n)));
    for (int i = n; i >= 0; i--) {
      double f = Math.pow(scale, i);
      RgbImage start = current.resize((int) Math.round(w / f), (int) Math.round(h / f));
      current = ascend(start, start, mask, s, random, losses);
    }
    return current;
  }

  /** The {@code {width, height}} of each octave of a {@code w x h} frame, smallest first. */
  public static java.util.List<int[]> octaveSizes(int w, int h, Settings s) {
    int octaves = usableScales(w, h, s.octaves(), s.octaveScale());
    java.util.List<int[]> sizes = new java.util.ArrayList<>();
    for (int o = octaves - 1; o >= 0; o--) {
      double f = Math.pow(s.octaveScale(), o);
      sizes.add(new int[] {(int) Math.round(w / f), (int) Math.round(h / f)});
    }
    return sizes;
  }

  /** How many of {@code wanted} scales keep the shorter side at least {@link #MIN_SIDE}. */
  private static int usableScales(int w, int h, int wanted, double scale) {
    int n = wanted;
    while (n > 1 && Math.min(w, h) / Math.pow(scale, n - 1) < MIN_SIDE) {
      n--;
    }
    return n;
  }
}
