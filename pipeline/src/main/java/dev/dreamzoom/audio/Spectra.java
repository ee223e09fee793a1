package dev.dreamzoom.audio;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Short-time spectra of a mono track: Hann-windowed frames of {@link #WINDOW} samples every {@link
 * #HOP}, each centred on its time (the track mirrored at both ends, so that its first sound is not
 * an onset out of silence), with the quantities the analysis reads per frame: band energies and the
 * spectral flux.
 *
 * @param rate samples per second
 * @param bands energy per frame in {@link Band#values()} order, [frame][band]
 * @param flux half-wave rectified rise of the log-compressed magnitudes from the frame before
 * @param parts the harmonic and the percussive part's energy per frame ({@link Hpss}), [frame][2]
 * @param centroid the spectral centroid per frame, Hz (power-weighted; 0 for silence)
 * @param timbre log energy in {@link #TIMBRE_BANDS} log-spaced bands from 60 Hz up, [frame][band]:
 *     the spectrum's shape, for telling sections apart
 */
record Spectra(
    int rate, float[][] bands, float[] flux, float[][] parts, float[] centroid, float[][] timbre) {
  static final int TIMBRE_BANDS = 12;
  static final int WINDOW = 1024;
  static final int HOP = 256;

  /** Log compression of magnitudes before the flux, so quiet and loud onsets both count. */
  private static final double COMPRESSION = 100;

  /** Documented band edges, in Hz. */
  enum Band {
    BASS(20, 250),
    MID(250, 2000),
    HIGH(2000, 11025);

    final double low;
    final double high;

    Band(double low, double high) {
      this.low = low;
      this.high = high;
    }
  }

  /** The time of frame {@code j}'s centre, in seconds. */
  double time(int j) {
    return (double) j * HOP / rate;
  }

  /**
   * The time of the onset that the flux at frame {@code j} rises with. A sound starting at t lifts
   * the log-compressed flux most at the frame whose window it has just entered, about one hop
   * before t: measured on kicks, clicks and hi-hats at random times, the flux's peak frame centres
   * came 9 to 12 ms (a hop is 11.6 ms) before the sound, and a kick on a frame's first sample was
   * counted in the frame before. Onsets and beats are dated one hop after the frame's centre.
   */
  double fluxTime(int j) {
    return (double) (j + 1) * HOP / rate;
  }

  int frames() {
    return flux.length;
  }

  static Spectra of(float[] samples, int rate) {
    Builder b = new Builder(rate);
    b.push(samples, samples.length);
    return b.finish();
  }

  /**
   * Spectra computed as the samples arrive, so a track is never held whole: a frame is computed
   * once the samples its window covers have come (the track's first samples are mirrored before its
   * start), and only the samples later frames still need are kept. The frames past the last full
   * window wait for {@link #finish}, which mirrors the track's end. The result is the same, bit for
   * bit, as from the whole track at once.
   */
  static final class Builder {
    private final int rate;
    private final double[] window = new double[WINDOW];
    private final int bins = WINDOW / 2 + 1;
    private final int[][] edges = new int[Band.values().length][2];
    private final int[] timbreBand = new int[bins];
    private final FastFourierTransformer fft =
        new FastFourierTransformer(DftNormalization.STANDARD);
    private final Hpss hpss = new Hpss(bins);
    private final double[] magnitudes = new double[bins];
    private final double[] previous = new double[bins];
    private final double[] frame = new double[WINDOW];

    /** How many of the last samples are kept. */
    static final int KEEP = 2 * WINDOW;

    /** The samples from {@link #base} on that are still needed. */
    private float[] kept = new float[4 * WINDOW];

    private long base;
    private int held;
    private long total;
    private int next;
    private float[][] bands = new float[1024][];
    private float[] flux = new float[1024];
    private float[][] parts = new float[1024][];
    private float[] centroid = new float[1024];
    private float[][] timbre = new float[1024][];

    Builder(int rate) {
      this.rate = rate;
      for (int i = 0; i < WINDOW; i++) {
        window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW);
      }
      for (Band b : Band.values()) {
        edges[b.ordinal()][0] = Math.max(1, (int) Math.ceil(b.low * WINDOW / rate));
        edges[b.ordinal()][1] = Math.min(bins - 1, (int) Math.floor(b.high * WINDOW / rate));
      }
      for (int k = 0; k < bins; k++) {
        double hz = Math.max(60, (double) k * rate / WINDOW);
        timbreBand[k] =
            (int)
                Math.min(
                    TIMBRE_BANDS - 1, TIMBRE_BANDS * Math.log(hz / 60) / Math.log(rate / 2.0 / 60));
      }
    }

    /** The next {@code count} samples of the track. */
    void push(float[] samples, int count) {
      if (held + count > kept.length) {
        // Drop what no frame needs any more. The next frame's window starts less than a window and
        // a hop before the last sample (else it would have been computed), and the mirror at the
        // track's end reaches half a window back: one window's worth is needed, two are kept.
        long keepFrom = Math.max(0, total - KEEP);
        int drop = (int) Math.max(0, keepFrom - base);
        System.arraycopy(kept, drop, kept, 0, held - drop);
        held -= drop;
        base += drop;
        if (held + count > kept.length) {
          kept = java.util.Arrays.copyOf(kept, Math.max(2 * kept.length, held + count));
        }
      }
      System.arraycopy(samples, 0, kept, held, count);
      held += count;
      total += count;
      // Mirroring the start needs more than a window of samples (a shorter track waits for the
      // end, where the mirror may fold more than once).
      while (total > WINDOW && (long) next * HOP + WINDOW / 2 <= total - 1) {
        compute(next++, -1);
      }
    }

    /** The spectra of the whole track: every frame, the last ones mirrored at its end. */
    Spectra finish() {
      int frames = (int) (total / HOP + 1);
      while (next < frames) {
        compute(next++, total);
      }
      double[][] rest = hpss.flush();
      for (int i = 0; i < rest.length; i++) {
        parts[frames - rest.length + i] = new float[] {(float) rest[i][0], (float) rest[i][1]};
      }
      return new Spectra(
          rate,
          java.util.Arrays.copyOf(bands, frames),
          java.util.Arrays.copyOf(flux, frames),
          java.util.Arrays.copyOf(parts, frames),
          java.util.Arrays.copyOf(centroid, frames),
          java.util.Arrays.copyOf(timbre, frames));
    }

    /**
     * Sample {@code at} of the track: mirrored at its start; at its end too when its length {@code
     * n} is known (else -1, and {@code at} lies before the end).
     */
    private float sample(long at, long n) {
      if (n < 0) {
        return kept[(int) (Math.abs(at) - base)];
      }
      if (n < 2) {
        return n == 1 && at == 0 ? kept[0] : 0;
      }
      long period = 2 * (n - 1);
      long k = Math.floorMod(at, period);
      return kept[(int) ((k < n ? k : period - k) - base)];
    }

    private void compute(int j, long n) {
      if (j == flux.length) {
        int grown = 2 * j;
        bands = java.util.Arrays.copyOf(bands, grown);
        flux = java.util.Arrays.copyOf(flux, grown);
        parts = java.util.Arrays.copyOf(parts, grown);
        centroid = java.util.Arrays.copyOf(centroid, grown);
        timbre = java.util.Arrays.copyOf(timbre, grown);
      }
      long start = (long) j * HOP - WINDOW / 2;
      for (int i = 0; i < WINDOW; i++) {
        frame[i] = sample(start + i, n) * window[i];
      }
      Complex[] spectrum = fft.transform(frame, TransformType.FORWARD);
      double rise = 0;
      double power = 0;
      double weighted = 0;
      double[] shape = new double[TIMBRE_BANDS];
      float[] energies = new float[Band.values().length];
      for (int k = 0; k < bins; k++) {
        double magnitude = spectrum[k].abs();
        magnitudes[k] = magnitude;
        double energy = magnitude * magnitude;
        power += energy;
        weighted += energy * k * rate / WINDOW;
        shape[timbreBand[k]] += energy;
        double compressed = Math.log1p(COMPRESSION * magnitude);
        if (j > 0) {
          rise += Math.max(0, compressed - previous[k]);
        }
        previous[k] = compressed;
        for (Band b : Band.values()) {
          if (k >= edges[b.ordinal()][0] && k <= edges[b.ordinal()][1]) {
            energies[b.ordinal()] += (float) (magnitude * magnitude);
          }
        }
      }
      bands[j] = energies;
      flux[j] = (float) rise;
      centroid[j] = power > 0 ? (float) (weighted / power) : 0;
      float[] t = new float[TIMBRE_BANDS];
      for (int b = 0; b < TIMBRE_BANDS; b++) {
        t[b] = (float) Math.log10(1e-10 + shape[b]);
      }
      timbre[j] = t;
      double[] split = hpss.push(magnitudes);
      if (split != null) {
        parts[j - Hpss.SPAN / 2] = new float[] {(float) split[0], (float) split[1]};
      }
    }
  }
}
