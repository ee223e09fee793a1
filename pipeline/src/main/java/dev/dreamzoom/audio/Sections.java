package dev.dreamzoom.audio;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Where a song's sections change: Foote's novelty ("Automatic audio segmentation using a measure of
 * audio novelty", ICME 2000) over the self-similarity of the spectrum's shape. The track is cut
 * into {@link #BLOCK}-second blocks, each described by its mean log energy in the {@link
 * Spectra#TIMBRE_BANDS} bands (standardized per band over the track, then to unit length); a
 * checkerboard kernel {@link #REACH} seconds each way, tapered by a Gaussian, slides along the
 * diagonal of their cosine similarities, and a change is a peak of the result that is the highest
 * within {@link #REACH} seconds and stands a standard deviation above the mean. Only blocks within
 * the kernel's reach of each other are compared, so the work grows with the track, not its square.
 */
final class Sections {
  static final double BLOCK = 0.5;
  static final double REACH = 8;

  private Sections() {}

  /** The times (seconds from the track's start) where a new section begins, in order. */
  static double[] changes(Spectra s) {
    int perBlock = (int) Math.round(BLOCK * s.rate() / Spectra.HOP);
    int blocks = s.frames() / perBlock;
    int reach = (int) Math.round(REACH / BLOCK);
    if (blocks < 2 * reach) {
      return new double[0];
    }
    int dims = Spectra.TIMBRE_BANDS;
    double[][] v = new double[blocks][dims];
    for (int i = 0; i < blocks; i++) {
      for (int j = i * perBlock; j < (i + 1) * perBlock; j++) {
        for (int d = 0; d < dims; d++) {
          v[i][d] += s.timbre()[j][d] / perBlock;
        }
      }
    }
    double[] column = new double[blocks];
    for (int d = 0; d < dims; d++) {
      for (int i = 0; i < blocks; i++) {
        column[i] = v[i][d];
      }
      double mean = StatUtils.mean(column);
      double sd = Math.sqrt(StatUtils.populationVariance(column, mean)) + 1e-9;
      for (double[] x : v) {
        x[d] = (x[d] - mean) / sd;
      }
    }
    for (double[] x : v) {
      double norm = 0;
      for (double e : x) {
        norm += e * e;
      }
      norm = Math.sqrt(norm) + 1e-9;
      for (int d = 0; d < dims; d++) {
        x[d] /= norm;
      }
    }
    double[] taper = new double[2 * reach];
    for (int a = -reach; a < reach; a++) {
      double z = (a + 0.5) / (0.5 * reach);
      taper[a + reach] = Math.exp(-0.5 * z * z);
    }
    double[] novelty = new double[blocks];
    for (int i = reach; i <= blocks - reach; i++) {
      double sum = 0;
      for (int a = -reach; a < reach; a++) {
        for (int b = -reach; b < reach; b++) {
          double sim = 0;
          for (int d = 0; d < dims; d++) {
            sim += v[i + a][d] * v[i + b][d];
          }
          sum += ((a < 0) == (b < 0) ? 1 : -1) * taper[a + reach] * taper[b + reach] * sim;
        }
      }
      novelty[i] = sum;
    }
    int n = blocks - 2 * reach + 1;
    double mean = StatUtils.mean(novelty, reach, n);
    double threshold = mean + Math.sqrt(StatUtils.populationVariance(novelty, mean, reach, n));
    List<Double> times = new ArrayList<>();
    for (int i = reach; i <= blocks - reach; i++) {
      boolean peak = novelty[i] > threshold && novelty[i] > 0;
      for (int k = Math.max(reach, i - reach);
          k <= Math.min(blocks - reach, i + reach) && peak;
          k++) {
        peak = novelty[k] < novelty[i] || (novelty[k] == novelty[i] && k >= i);
      }
      if (peak) {
        times.add(i * BLOCK);
      }
    }
    return times.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
