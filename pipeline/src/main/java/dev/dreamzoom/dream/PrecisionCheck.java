package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.GradientSpec;
import dev.dreamzoom.preset.Term;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One gradient of an objective computed by the network in float32 and in bfloat16, on the same
 * image: how far apart they point (the look) and how long each took (the speed). What {@code
 * dream.precision = auto} decides by.
 *
 * <p>How far apart is far depends on the network: a deep network's input gradient is sensitive to
 * any change of its activations, so the check also measures the float32 gradient's own agreement
 * with itself on the image changed by uniform noise of ±0.5 levels (less than rounding the image to
 * 8 bits does, and invisible): the {@code floor} below which bfloat16's rounding does more than
 * that.
 *
 * @param cosine cosine similarity of the two gradients (1: same direction)
 * @param floor cosine similarity of float32 gradients on the image and on the image with invisible
 *     noise
 * @param float32Seconds the faster of the timed float32 evaluations
 * @param bfloat16Seconds the faster of the timed bfloat16 evaluations
 */
public record PrecisionCheck(
    double cosine, double floor, double float32Seconds, double bfloat16Seconds) {
  /** Timed evaluations per precision, after one untimed warm-up. */
  private static final int RUNS = 4;

  /** How many times faster bfloat16 ran. */
  public double speedup() {
    return float32Seconds / bfloat16Seconds;
  }

  /** Measures {@code terms} (weighted by {@code weights}) on {@code image} in both precisions. */
  public static PrecisionCheck measure(
      Network network, List<Term> terms, float[] weights, RgbImage image, int threads)
      throws ModelException {
    OctaveDreamer.Settings s = OctaveDreamer.Settings.oneScale(1, 1, 0, 0, 0, weights);
    RgbImage noisy = withInvisibleNoise(image);
    try (DreamStep f32 = new DreamStep(network, terms, options(threads, false));
        DreamStep bf16 = new DreamStep(network, terms, options(threads, true));
        DreamStep.Feeds f32Feeds = f32.new Feeds(s);
        DreamStep.Feeds bf16Feeds = bf16.new Feeds(s);
        TFloat32 in = Tensors.tensor(image);
        TFloat32 noisyIn = Tensors.tensor(noisy);
        TInt32 shift = TInt32.vectorOf(0, 0)) {
      float[] a = new float[image.pixels().length];
      float[] b = new float[a.length];
      float[] c = new float[a.length];
      gradient(f32, f32Feeds, noisyIn, shift, c);
      // Alternating the precisions, so that both meet the machine in the same state; the first
      // run of each pays its set-up and is not timed.
      double f32Best = Double.MAX_VALUE;
      double bf16Best = Double.MAX_VALUE;
      for (int i = 0; i <= RUNS; i++) {
        double f = gradient(f32, f32Feeds, in, shift, a);
        double g = gradient(bf16, bf16Feeds, in, shift, b);
        if (i > 0) {
          f32Best = Math.min(f32Best, f);
          bf16Best = Math.min(bf16Best, g);
        }
      }
      return new PrecisionCheck(cosine(a, b), cosine(a, c), f32Best, bf16Best);
    }
  }

  /**
   * True where bfloat16 changes the gradient no more than invisible noise does, or hardly at all (≥
   * {@code agreement}).
   */
  public boolean keepsTheLook(double agreement) {
    return cosine >= Math.min(agreement, floor);
  }

  /** {@code image} plus seeded uniform noise in [-0.5, 0.5) levels. */
  static RgbImage withInvisibleNoise(RgbImage image) {
    float[] px = image.pixels().clone();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < px.length; i++) {
      px[i] += (float) r.nextDouble(-0.5, 0.5);
    }
    return new RgbImage(image.width(), image.height(), px);
  }

  private static DreamStep.Options options(int threads, boolean bfloat16) {
    return new DreamStep.Options(threads, false, false, GradientSpec.DEFAULT, bfloat16);
  }

  /**
   * The step's gradient on {@code image} (no jitter) into {@code out}; returns the seconds it took.
   */
  private static double gradient(
      DreamStep step, DreamStep.Feeds feeds, TFloat32 image, TInt32 shift, float[] out) {
    long t0 = System.nanoTime();
    try (Result r = feeds.runner(image, shift, image).fetch(step.gradient).run()) {
      double took = (System.nanoTime() - t0) / 1e9;
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
      return took;
    }
  }

  static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return aa == 0 || bb == 0 ? (aa == bb ? 1 : 0) : ab / Math.sqrt(aa * bb);
  }
}
