package dev.dreamzoom.app;

import dev.dreamzoom.dream.PrecisionCheck;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.Precision;
import java.io.IOException;
import java.util.Locale;

/**
 * What one render's network computes in, and why: {@code dream.precision} resolved for this machine
 * and network. {@code auto} takes bfloat16 only where the CPU has native bfloat16 and, measured at
 * render start on the render's own seed ({@link PrecisionCheck}), bfloat16 keeps the look (its
 * gradient agrees with float32's to a cosine of {@value #AGREEMENT}, or at least as well as
 * float32's own gradient agrees with itself on the seed changed invisibly) and runs at least
 * {@value #SPEEDUP} times faster.
 *
 * @param bfloat16 whether the network computes in bfloat16
 * @param reason one line for the render's log
 */
public record PrecisionChoice(boolean bfloat16, String reason) {
  static final double AGREEMENT = 0.98;
  static final double SPEEDUP = 1.2;

  /**
   * The long side of the seed the check measures on: big enough to be typical, small to be quick.
   */
  private static final int CHECK_SIZE = 320;

  public static final PrecisionChoice FLOAT32 = new PrecisionChoice(false, "float32");

  /** {@code float32} or {@code bfloat16}, as the manifest and {@code dream.precision} write it. */
  public String label() {
    return bfloat16 ? "bfloat16" : "float32";
  }

  /**
   * The precision a manifest recorded; float32 for one written before precision was recorded, and
   * for a bfloat16 render resumed where bfloat16 cannot be computed.
   */
  public static PrecisionChoice recorded(String label) {
    if ("bfloat16".equals(label) && !Kernels.here().bfloat16Computable()) {
      return new PrecisionChoice(
          false,
          "float32: this render began in bfloat16, but "
              + Kernels.here().noBfloat16()
              + "; the frames from here on are a valid render but differ from an uninterrupted one");
    }
    return "bfloat16".equals(label)
        ? new PrecisionChoice(true, "bfloat16, as this render began")
        : new PrecisionChoice(false, "float32, as this render began");
  }

  /** Resolves the spec's precision for {@code prepared} on this machine (auto measures). */
  static PrecisionChoice resolve(PreparedRender prepared, int threads)
      throws ModelException, IOException {
    Precision asked = prepared.spec().dream().precision();
    Kernels kernels = Kernels.here();
    if (asked == Precision.FLOAT32) {
      return new PrecisionChoice(false, "float32 (dream.precision = float32)");
    }
    if (asked == Precision.BFLOAT16 && !kernels.bfloat16Computable()) {
      return new PrecisionChoice(
          false, "float32 (dream.precision = bfloat16, but " + kernels.noBfloat16() + ")");
    }
    if (asked == Precision.BFLOAT16) {
      return new PrecisionChoice(
          true,
          "bfloat16 (dream.precision = bfloat16)"
              + (kernels.nativeBfloat16()
                  ? ""
                  : "; this CPU has no native bfloat16, so expect it slower than float32"));
    }
    if (!kernels.nativeBfloat16()) {
      return new PrecisionChoice(
          false,
          "float32 (auto: this CPU has no native bfloat16; kernels: " + kernels.describe() + ")");
    }
    RgbImage seed = prepared.seed();
    double f = Math.min(1, (double) CHECK_SIZE / Math.max(seed.width(), seed.height()));
    int w = Math.max(32, (int) Math.round(seed.width() * f));
    int h = Math.max(32, (int) Math.round(seed.height() * f));
    PrecisionCheck c =
        PrecisionCheck.measure(
            prepared.network(),
            prepared.spec().dream().objective().terms(),
            prepared.spec().dream().objective().weightsAt(0),
            seed.resize(w, h),
            threads);
    String measured =
        String.format(
            Locale.ROOT,
            "gradient agreement %.3f (float32 with invisible"
                + " noise: %.3f), %.2fx the speed, on the seed at %dx%d",
            c.cosine(),
            c.floor(),
            c.speedup(),
            w,
            h);
    if (!c.keepsTheLook(AGREEMENT)) {
      return new PrecisionChoice(
          false,
          "float32 (auto: bfloat16 would change the look of this network: " + measured + ")");
    }
    if (c.speedup() < SPEEDUP) {
      return new PrecisionChoice(
          false, "float32 (auto: bfloat16 is not faster here: " + measured + ")");
    }
    return new PrecisionChoice(
        true,
        "bfloat16 (auto: this CPU computes it natively (" + kernels.isa() + "); " + measured + ")");
  }
}
