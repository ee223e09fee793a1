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
    int frames = samples.length / HOP + 1;
    double[] window = new double[WINDOW];
    for (int i = 0; i < WINDOW; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW);
    }
    int bins = WINDOW / 2 + 1;
    int[][] edges = new int[Band.values().length][2];
    for (Band b : Band.values()) {
      edges[b.ordinal()][0] = Math.max(1, (int) Math.ceil(b.low * WINDOW / rate));
      edges[b.ordinal()][1] = Math.min(bins - 1, (int) Math.floor(b.high * WINDOW / rate));
    }
    int[] timbreBand = new int[bins];
    for (int k = 0; k < bins; k++) {
      double hz = Math.max(60, (double) k * rate / WINDOW);
      timbreBand[k] =
          (int)
              Math.min(
                  TIMBRE_BANDS - 1, TIMBRE_BANDS * Math.log(hz / 60) / Math.log(rate / 2.0 / 60));
    }
    FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
    float[][] bands = new float[frames][Band.values().length];
    float[] flux = new float[frames];
    float[][] parts = new float[frames][];
    float[] centroid = new float[frames];
    float[][] timbre = new float[frames][TIMBRE_BANDS];
    Hpss hpss = new Hpss(bins);
    double[] magnitudes = new double[bins];
    double[] previous = new double[bins];
    double[] frame = new double[WINDOW];
    for (int j = 0; j < frames; j++) {
      int start = j * HOP - WINDOW / 2;
      for (int i = 0; i < WINDOW; i++) {
        frame[i] = sample(samples, start + i) * window[i];
      }
      Complex[] spectrum = fft.transform(frame, TransformType.FORWARD);
      double rise = 0;
      double power = 0;
      double weighted = 0;
      double[] shape = new double[TIMBRE_BANDS];
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
            bands[j][b.ordinal()] += (float) (magnitude * magnitude);
          }
        }
      }
      flux[j] = (float) rise;
      centroid[j] = power > 0 ? (float) (weighted / power) : 0;
      for (int b = 0; b < TIMBRE_BANDS; b++) {
        timbre[j][b] = (float) Math.log10(1e-10 + shape[b]);
      }
      double[] split = hpss.push(magnitudes);
      if (split != null) {
        parts[j - Hpss.SPAN / 2] = new float[] {(float) split[0], (float) split[1]};
      }
    }
    double[][] rest = hpss.flush();
    for (int i = 0; i < rest.length; i++) {
      parts[frames - rest.length + i] = new float[] {(float) rest[i][0], (float) rest[i][1]};
    }
    return new Spectra(rate, bands, flux, parts, centroid, timbre);
  }

  /** Sample {@code at}, mirrored at the ends. */
  private static float sample(float[] x, int at) {
    if (x.length < 2) {
      return x.length == 1 && at == 0 ? x[0] : 0;
    }
    int period = 2 * (x.length - 1);
    int k = Math.floorMod(at, period);
    return x[k < x.length ? k : period - k];
  }
}
