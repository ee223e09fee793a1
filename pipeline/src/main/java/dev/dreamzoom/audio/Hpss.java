package dev.dreamzoom.audio;

import java.util.Arrays;

/**
 * Harmonic/percussive separation by median filtering (Fitzgerald, "Harmonic/percussive separation
 * using median filtering", DAFx 2010), one spectral frame at a time: a bin's harmonic estimate is
 * its median over {@link #SPAN} frames (0.2 s: sustained notes survive, hits do not), its
 * percussive estimate the median over {@link #SPAN} neighbouring bins of its frame (370 Hz: a hit
 * is broadband, a note is not); soft masks share each bin's energy out between them. Only the last
 * {@link #SPAN} frames are held, so memory does not grow with the track, and both medians slide:
 * each bin keeps its last frames sorted, and each frame's bins are swept with a sorted window, one
 * value in and one out per step (sorting 17 values for every median made the analysis five times
 * slower).
 */
final class Hpss {
  static final int SPAN = 17;
  private static final int HALF = SPAN / 2;

  private final float[][] ring;

  /** Per bin, the values of the frames in the window, sorted; {@link #held} of them. */
  private final float[][] sorted;

  private final float[] across = new float[SPAN];
  private int held;
  private int pushed;

  Hpss(int bins) {
    ring = new float[SPAN][bins];
    sorted = new float[bins][SPAN];
  }

  /**
   * Adds the next frame's magnitudes; returns {harmonic, percussive} energy of the frame {@value
   * #HALF} frames back once it has its window, else null.
   */
  double[] push(double[] magnitude) {
    float[] slot = ring[pushed % SPAN];
    boolean full = held == SPAN;
    for (int k = 0; k < slot.length; k++) {
      if (full) {
        // The slot holds the frame leaving the window.
        remove(sorted[k], SPAN, slot[k]);
      }
      slot[k] = (float) magnitude[k];
      insert(sorted[k], full ? SPAN - 1 : held, slot[k]);
    }
    held = full ? SPAN : held + 1;
    pushed++;
    int centre = pushed - 1 - HALF;
    return centre >= 0 ? split(centre) : null;
  }

  /** The energies of the frames still waiting at the track's end, in order. */
  double[][] flush() {
    int first = Math.max(0, pushed - HALF);
    double[][] rest = new double[pushed - first][];
    for (int c = first; c < pushed; c++) {
      // The window loses its oldest frame as the centre moves toward the end.
      int oldest = c - HALF - 1;
      if (oldest >= 0 && oldest >= pushed - SPAN) {
        float[] frame = ring[oldest % SPAN];
        for (int k = 0; k < frame.length; k++) {
          remove(sorted[k], held, frame[k]);
        }
        held--;
      }
      rest[c - first] = split(c);
    }
    return rest;
  }

  private double[] split(int centre) {
    float[] frame = ring[centre % SPAN];
    int bins = frame.length;
    int n = 0;
    for (int k = 0; k <= Math.min(HALF - 1, bins - 1); k++) {
      insert(across, n++, frame[k]);
    }
    double harmonic = 0;
    double percussive = 0;
    for (int k = 0; k < bins; k++) {
      if (k - HALF - 1 >= 0) {
        n = remove(across, n, frame[k - HALF - 1]);
      }
      if (k + HALF < bins) {
        insert(across, n++, frame[k + HALF]);
      }
      double p = median(across, n);
      double h = median(sorted[k], held);
      double energy = (double) frame[k] * frame[k];
      double hh = h * h;
      double pp = p * p;
      double mask = hh + pp > 0 ? hh / (hh + pp) : 0.5;
      harmonic += energy * mask;
      percussive += energy * (1 - mask);
    }
    return new double[] {harmonic, percussive};
  }

  /** Inserts {@code v} into the first {@code n} values of {@code a}, kept sorted. */
  private static void insert(float[] a, int n, float v) {
    int at = Arrays.binarySearch(a, 0, n, v);
    at = at >= 0 ? at : -at - 1;
    System.arraycopy(a, at, a, at + 1, n - at);
    a[at] = v;
  }

  /** Removes one {@code v} from the first {@code n} values of {@code a}; returns the new count. */
  private static int remove(float[] a, int n, float v) {
    int at = Arrays.binarySearch(a, 0, n, v);
    if (at < 0) {
      throw new IllegalStateException("not in the window: " + v);
    }
    System.arraycopy(a, at + 1, a, at, n - at - 1);
    return n - 1;
  }

  private static double median(float[] a, int n) {
    return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
  }
}
