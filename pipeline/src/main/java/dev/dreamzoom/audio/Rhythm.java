package dev.dreamzoom.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Onsets, tempo and beats from a track's onset-strength envelope (the spectral flux less its local
 * mean): onsets are the envelope's local peaks that stand out; the tempo is the autocorrelation's
 * strongest period between 40 and 240 BPM, weighted toward 120 BPM by a log-Gaussian an octave
 * wide; beats are the dynamic-programming path of Ellis, "Beat Tracking by Dynamic Programming" (J.
 * New Music Research, 2007): onset strength gained, minus a cost for each interval that strays from
 * the period; the final tempo is the slope of the beat times.
 *
 * @param envelope onset strength per spectral frame
 * @param onsets picked onset times, seconds
 * @param beats beat times, seconds
 * @param bpm the tempo, or 0 when no periodicity was found
 */
record Rhythm(float[] envelope, double[] onsets, double[] beats, double bpm) {
  /** Ellis's "tightness": how strongly a beat interval is held to the period. */
  private static final double TIGHTNESS = 100;

  static Rhythm of(Spectra s) {
    float[] env = envelope(s.flux(), (int) Math.round(0.4 * s.rate() / Spectra.HOP));
    double[] onsets = onsets(env, s);
    double period = period(env, s);
    double[] beats = period > 0 ? beats(env, period, s) : new double[0];
    double bpm = 0;
    if (beats.length >= 4) {
      bpm = 60 / slope(beats);
    } else if (period > 0) {
      bpm = 60.0 * s.rate() / (Spectra.HOP * period);
    }
    return new Rhythm(env, onsets, beats, bpm);
  }

  /** The flux less its moving average over {@code span} frames, half-wave rectified. */
  private static float[] envelope(float[] flux, int span) {
    float[] env = new float[flux.length];
    double sum = 0;
    int half = Math.max(1, span / 2);
    for (int j = 0; j < flux.length; j++) {
      sum += flux[j];
      if (j >= 2 * half + 1) {
        sum -= flux[j - 2 * half - 1];
      }
      int center = j - half;
      if (center >= 0) {
        env[center] = (float) Math.max(0, flux[center] - sum / Math.min(j + 1, 2 * half + 1));
      }
    }
    return env;
  }

  /**
   * Local peaks over ±50 ms, at least 60 ms apart, that rise above the envelope's median by a
   * quarter of the way to its 99th percentile (the strongest onsets), and to a tenth of its
   * strongest onset: steady noise stays below, and a steady tone, whose envelope after its start is
   * the flicker of its noise floor, has its start as its one onset.
   */
  private static double[] onsets(float[] env, Spectra s) {
    int radius = Math.max(1, (int) Math.round(0.05 * s.rate() / Spectra.HOP));
    int gap = (int) Math.round(0.06 * s.rate() / Spectra.HOP);
    double median = Stats.percentile(env, 50);
    double strongest = 0;
    for (float e : env) {
      strongest = Math.max(strongest, e);
    }
    double threshold =
        Math.max(median + 0.25 * (Stats.percentile(env, 99) - median), 0.1 * strongest);
    List<Double> times = new ArrayList<>();
    int last = -gap - 1;
    for (int j = 0; j < env.length; j++) {
      if (env[j] <= threshold || env[j] <= 0 || j - last <= gap) {
        continue;
      }
      boolean peak = true;
      for (int k = Math.max(0, j - radius);
          k <= Math.min(env.length - 1, j + radius) && peak;
          k++) {
        peak = env[k] < env[j] || (env[k] == env[j] && k >= j);
      }
      if (peak) {
        times.add(s.fluxTime(j));
        last = j;
      }
    }
    return times.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The beat period in spectral frames (fractional), or 0 when the envelope has no periodicity. */
  private static double period(float[] env, Spectra s) {
    double framesPerMinute = 60.0 * s.rate() / Spectra.HOP;
    int minLag = (int) Math.floor(framesPerMinute / 240);
    int maxLag = Math.min(env.length - 1, (int) Math.ceil(framesPerMinute / 40));
    if (maxLag <= minLag + 2) {
      return 0;
    }
    double[] ac = new double[maxLag + 2];
    for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
      double sum = 0;
      for (int j = lag; j < env.length; j++) {
        sum += (double) env[j] * env[j - lag];
      }
      ac[lag] = sum;
    }
    int best = -1;
    double bestScore = 0;
    for (int lag = minLag; lag <= maxLag; lag++) {
      double octaves = Math.log(framesPerMinute / lag / 120) / Math.log(2);
      double score = ac[lag] * Math.exp(-0.5 * octaves * octaves);
      if (ac[lag] >= ac[lag - 1] && ac[lag] >= ac[lag + 1] && score > bestScore) {
        best = lag;
        bestScore = score;
      }
    }
    if (best < 0) {
      return 0;
    }
    // Parabolic interpolation of the peak: the period to a fraction of a frame.
    double a = ac[best - 1];
    double b = ac[best];
    double c = ac[best + 1];
    double denominator = a - 2 * b + c;
    return best + (denominator == 0 ? 0 : 0.5 * (a - c) / denominator);
  }

  private static double[] beats(float[] env, double period, Spectra s) {
    int n = env.length;
    double[] score = new double[n];
    int[] back = new int[n];
    double norm = Stats.percentile(env, 95);
    norm = norm > 0 ? norm : 1;
    for (int j = 0; j < n; j++) {
      double gain = env[j] / norm;
      int from = (int) Math.max(0, Math.round(j - 2 * period));
      int to = (int) Math.round(j - period / 2);
      double best = Double.NEGATIVE_INFINITY;
      int arg = -1;
      for (int k = from; k <= to && k < j; k++) {
        double stray = Math.log((j - k) / period);
        double v = score[k] - TIGHTNESS * stray * stray;
        if (v > best) {
          best = v;
          arg = k;
        }
      }
      score[j] = gain + (arg >= 0 ? Math.max(0, best) : 0);
      back[j] = arg >= 0 && best > 0 ? arg : -1;
    }
    // The last beat: the best-scoring frame within the final period.
    int end = n - 1;
    for (int j = (int) Math.max(0, n - period); j < n; j++) {
      if (score[j] > score[end]) {
        end = j;
      }
    }
    List<Double> beats = new ArrayList<>();
    for (int j = end; j >= 0; j = back[j]) {
      beats.add(0, s.fluxTime(j));
    }
    return beats.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Least-squares slope of {@code times} against their index: the mean interval. */
  private static double slope(double[] times) {
    double n = times.length;
    double meanI = (n - 1) / 2;
    double meanT = Arrays.stream(times).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < times.length; i++) {
      num += (i - meanI) * (times[i] - meanT);
      den += (i - meanI) * (i - meanI);
    }
    return num / den;
  }
}
