package dev.dreamzoom.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HpssTest {
  /** The sliding medians give what sorting each window gives, at the ends of the track too. */
  @Test
  void slidingMediansEqualSortedWindows() {
    SplittableRandom r = new SplittableRandom(7);
    for (int frames : new int[] {3, 12, 40}) {
      int bins = 30;
      double[][] mags = new double[frames][bins];
      for (double[] m : mags) {
        for (int k = 0; k < bins; k++) {
          m[k] = Math.floor(r.nextDouble() * 8);
        }
      }
      Hpss hpss = new Hpss(bins);
      List<double[]> got = new ArrayList<>();
      for (double[] m : mags) {
        double[] e = hpss.push(m);
        if (e != null) {
          got.add(e);
        }
      }
      got.addAll(Arrays.asList(hpss.flush()));
      assertEquals(frames, got.size());
      for (int c = 0; c < frames; c++) {
        assertArrayEquals(bruteForce(mags, c), got.get(c), 1e-9, frames + " frames, frame " + c);
      }
    }
  }

  /** A steady tone is harmonic; clicks are percussive. */
  @Test
  void aToneIsHarmonicAndClicksArePercussive() {
    int bins = 100;
    Hpss tone = new Hpss(bins);
    Hpss clicks = new Hpss(bins);
    double[] h = new double[2];
    double[] p = new double[2];
    for (int j = 0; j < 60; j++) {
      double[] t = new double[bins];
      t[20] = 1;
      double[] c = new double[bins];
      if (j % 10 == 0) {
        Arrays.fill(c, 1);
      }
      add(h, tone.push(t));
      add(p, clicks.push(c));
    }
    assertTrue(h[0] > 0.99 * (h[0] + h[1]), Arrays.toString(h));
    assertTrue(p[1] > 0.99 * (p[0] + p[1]), Arrays.toString(p));
  }

  private static void add(double[] sum, double[] e) {
    if (e != null) {
      sum[0] += e[0];
      sum[1] += e[1];
    }
  }

  private static double[] bruteForce(double[][] mags, int c) {
    int half = Hpss.SPAN / 2;
    int bins = mags[0].length;
    double harmonic = 0;
    double percussive = 0;
    for (int k = 0; k < bins; k++) {
      List<Double> time = new ArrayList<>();
      for (int j = Math.max(0, c - half); j <= Math.min(mags.length - 1, c + half); j++) {
        time.add(mags[j][k]);
      }
      List<Double> freq = new ArrayList<>();
      for (int q = Math.max(0, k - half); q <= Math.min(bins - 1, k + half); q++) {
        freq.add(mags[c][q]);
      }
      double hm = median(time);
      double pm = median(freq);
      double e = mags[c][k] * mags[c][k];
      double mask = hm * hm + pm * pm > 0 ? hm * hm / (hm * hm + pm * pm) : 0.5;
      harmonic += e * mask;
      percussive += e * (1 - mask);
    }
    return new double[] {harmonic, percussive};
  }

  private static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
