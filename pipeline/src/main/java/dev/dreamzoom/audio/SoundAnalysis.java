package dev.dreamzoom.audio;

import java.util.Arrays;

/**
 * What the music does at each output frame: a track's loudness, band energies, onset strength,
 * picked onsets, beat phase and tempo, sampled at the clip's frame rate (frame t covers
 * {@code [offset + t/fps, offset + (t+1)/fps)} seconds of the track). Loudness, bands and onset
 * strength are divided by their own 95th percentile over the whole track and clipped to 1; the
 * bands are on one scale, each the square root of its energy against {@link #TYPICAL_SHARE} of the
 * whole spectrum's 95th percentile (1 = the band as loud as it typically is in a loud moment of
 * music, 0 = absent), so a preset works for quiet and loud masters alike and a track without bass
 * reads none; after the track's end every variable is 0.
 *
 * @param frames the clip's frame count
 * @param duration the track's length, seconds
 * @param bpm the estimated tempo (0 when none was found)
 * @param onsets picked onset times, seconds from the track's start
 * @param beats beat times, seconds from the track's start
 */
public record SoundAnalysis(int fps, double offset, int frames, double duration, double bpm,
    float[] rms, float[] bass, float[] mid, float[] high, float[] onset, float[] hit, float[] beat,
    double[] onsets, double[] beats) {
  /**
   * Changes whenever an analysis of the same track could change: kept analyses are named by it,
   * and a render resumes with the version it began with. 2: onsets and beats dated a hop later.
   */
  public static final int VERSION = 2;
  /**
   * Each band's typical share of the spectrum's energy in the loud moments of music (bass, mid,
   * high): the medians, rounded, over the 11 tracks of Debian's fretsonfire-songs-muldjord,
   * fretsonfire-songs-sectoid and asc-music (bass 0.53-0.86, mid 0.09-0.45, high 0.02-0.23). A band
   * at its typical share of a loud moment reads 1.
   */
  static final double[] TYPICAL_SHARE = {0.7, 0.2, 0.1};
  /** The rate tracks are analysed at: spectra up to 11 kHz, enough for every band. */
  public static final int RATE = 22050;
  /**
   * @param samples mono, at {@link #RATE}
   * @param frames the clip's frames, or 0 for the whole track after {@code offset}
   */
  public static SoundAnalysis of(float[] samples, int fps, double offset, int frames) {
    if (fps < 1) {
      throw new IllegalArgumentException("fps must be at least 1: " + fps);
    }
    double duration = (double) samples.length / RATE;
    int n = frames > 0 ? frames : (int) Math.max(0, Math.round((duration - offset) * fps));
    Spectra s = Spectra.of(samples, RATE);
    Rhythm r = Rhythm.of(s);
    // Every frame of the whole track, for the percentiles; then the clip's.
    int all = (int) Math.ceil(duration * fps);
    float[][] curves = new float[5][all];
    for (int t = 0; t < all; t++) {
      double from = (double) t / fps;
      double to = (double) (t + 1) / fps;
      curves[0][t] = rms(samples, from, to);
      float[] bands = mean(s, from, to);
      curves[1][t] = bands[0];
      curves[2][t] = bands[1];
      curves[3][t] = bands[2];
      curves[4][t] = max(r.envelope(), s, from, to);
    }
    // Bands on one scale: each band's energy against the whole spectrum's in the track's loud
    // moments, so a track without bass reads no bass, whatever the master's level.
    float[] total = new float[all];
    for (int t = 0; t < all; t++) {
      total[t] = curves[1][t] + curves[2][t] + curves[3][t];
    }
    double loud = Stats.percentile(total, 95);
    for (int b = 0; b < 3; b++) {
      float[] c = curves[1 + b];
      for (int t = 0; t < all; t++) {
        c[t] = loud > 0 ? (float) Math.min(1, Math.sqrt(c[t] / (TYPICAL_SHARE[b] * loud))) : 0;
      }
    }
    for (float[] c : new float[][] {curves[0], curves[4]}) {
      double p95 = Stats.percentile(c, 95);
      for (int t = 0; t < c.length; t++) {
        c[t] = p95 > 0 ? (float) Math.min(1, c[t] / p95) : 0;
      }
    }
    float[][] clip = new float[8][n];
    for (int t = 0; t < n; t++) {
      double from = offset + (double) t / fps;
      int at = (int) Math.floor(from * fps + 1e-9);
      if (from >= duration || at >= all) {
        continue;
      }
      for (int c = 0; c < 5; c++) {
        clip[c][t] = curves[c][at];
      }
      clip[5][t] = any(r.onsets(), from, from + 1.0 / fps) ? 1 : 0;
      clip[6][t] = phase(r.beats(), from + 0.5 / fps);
      clip[7][t] = (float) r.bpm();
    }
    return new SoundAnalysis(fps, offset, n, duration, r.bpm(), clip[0], clip[1], clip[2], clip[3],
        clip[4], clip[5], clip[6], r.onsets(), r.beats());
  }

  /** {@code variable} at frame {@code t}; 0 outside the clip. */
  public double value(MusicVariable variable, int t) {
    if (t < 0 || t >= frames) {
      return 0;
    }
    return switch (variable) {
      case RMS -> rms[t];
      case BASS -> bass[t];
      case MID -> mid[t];
      case HIGH -> high[t];
      case ONSET -> onset[t];
      case HIT -> hit[t];
      case BEAT -> beat[t];
      case BPM -> offset + (double) t / fps < duration ? bpm : 0;
    };
  }

  private static float rms(float[] x, double from, double to) {
    int a = (int) Math.max(0, Math.round(from * RATE));
    int b = (int) Math.min(x.length, Math.round(to * RATE));
    double sum = 0;
    for (int i = a; i < b; i++) {
      sum += (double) x[i] * x[i];
    }
    return b > a ? (float) Math.sqrt(sum / (b - a)) : 0;
  }

  /** Mean band energies of the spectral frames centred in the span (the nearest when none is). */
  private static float[] mean(Spectra s, double from, double to) {
    float[] sum = new float[3];
    int count = 0;
    int first = (int) Math.ceil(from * s.rate() / Spectra.HOP);
    for (int j = first; j < s.frames() && s.time(j) < to; j++) {
      for (int b = 0; b < 3; b++) {
        sum[b] += s.bands()[j][b];
      }
      count++;
    }
    if (count == 0) {
      return Arrays.copyOf(s.bands()[Math.min(s.frames() - 1, first)], 3);
    }
    for (int b = 0; b < 3; b++) {
      sum[b] /= count;
    }
    return sum;
  }

  private static float max(float[] env, Spectra s, double from, double to) {
    float m = 0;
    for (int j = Math.max(0, (int) Math.ceil(from * s.rate() / Spectra.HOP) - 1); j < env.length && s.fluxTime(j) < to;
        j++) {
      m = Math.max(m, env[j]);
    }
    return m;
  }

  /** Whether sorted {@code times} has one in {@code [from, to)}: a search, not a scan, per frame. */
  private static boolean any(double[] times, double from, double to) {
    int i = Arrays.binarySearch(times, from);
    if (i >= 0) {
      return true;
    }
    int next = -i - 1;
    return next < times.length && times[next] < to;
  }

  /** The fraction of the beat interval passed at {@code time}: 0 on a beat, toward 1 before the next. */
  private static float phase(double[] beats, double time) {
    if (beats.length < 2) {
      return 0;
    }
    int i = Arrays.binarySearch(beats, time);
    i = i >= 0 ? i : -i - 2;
    int a = Math.max(0, Math.min(beats.length - 2, i));
    double period = beats[a + 1] - beats[a];
    double p = (time - beats[a]) / period;
    return (float) (p - Math.floor(p));
  }
}
