package dev.dreamzoom.audio;

import java.util.Arrays;

/**
 * What the music does at each output frame: a track's loudness, band energies, onset strength,
 * picked onsets, beat phase and tempo, its harmonic and percussive parts, brightness and sections,
 * sampled at the clip's frame rate (frame t covers {@code [offset + t/fps, offset + (t+1)/fps)}
 * seconds of the track), one column per {@link MusicVariable}. Loudness and onset strength are
 * divided by their own 95th percentile over the whole track and clipped to 1; the bands and the
 * parts are on one scale, each the square root of its energy against its typical share of the whole
 * spectrum's 95th percentile (1 = as loud as it typically is in a loud moment of music, 0 =
 * absent), so a preset works for quiet and loud masters alike and a track without bass reads none;
 * after the track's end every variable is 0.
 */
public final class SoundAnalysis {
  /**
   * Changes whenever an analysis of the same track could change: kept analyses are named by it, and
   * a render resumes with the version it began with. 2: onsets and beats dated a hop later; bands
   * on one scale; the parts, brightness and sections.
   */
  public static final int VERSION = 2;

  /**
   * Each band's typical share of the spectrum's energy in the loud moments of music (bass, mid,
   * high): the medians, rounded, over the 11 tracks of Debian's fretsonfire-songs-muldjord,
   * fretsonfire-songs-sectoid and asc-music (bass 0.53-0.86, mid 0.09-0.45, high 0.02-0.23). A band
   * at its typical share of a loud moment reads 1.
   */
  static final double[] TYPICAL_SHARE = {0.7, 0.2, 0.1};

  /**
   * The harmonic and the percussive part's typical shares, the medians, rounded, over the same
   * tracks (harmonic 0.39-0.78, percussive 0.22-0.62).
   */
  static final double[] TYPICAL_PART = {0.6, 0.4};

  /** The rate tracks are analysed at: spectra up to 11 kHz, enough for every band. */
  public static final int RATE = 22050;

  /** Brightness 0 and 1: the spectral centroid's range on its log scale, Hz. */
  static final double DARK = 100;

  static final double BRIGHT = 8000;

  private final int fps;
  private final double offset;
  private final int frames;
  private final double duration;
  private final double bpm;
  private final float[][] columns;
  private final double[] onsets;
  private final double[] beats;
  private final double[] sections;

  private SoundAnalysis(
      int fps,
      double offset,
      int frames,
      double duration,
      double bpm,
      float[][] columns,
      double[] onsets,
      double[] beats,
      double[] sections) {
    this.fps = fps;
    this.offset = offset;
    this.frames = frames;
    this.duration = duration;
    this.bpm = bpm;
    this.columns = columns;
    this.onsets = onsets;
    this.beats = beats;
    this.sections = sections;
  }

  /** A track's samples, mono at {@link #RATE}, handed over piece by piece as they are decoded. */
  @FunctionalInterface
  public interface Samples {
    /** Hands every piece of the track, in order, to {@code piece}. */
    void each(Piece piece) throws java.io.IOException;

    /** The next {@code count} samples, in {@code buffer} (reused after the call returns). */
    @FunctionalInterface
    interface Piece {
      void accept(float[] buffer, int count);
    }
  }

  /**
   * @param samples mono, at {@link #RATE}
   * @param frames the clip's frames, or 0 for the whole track after {@code offset}
   */
  public static SoundAnalysis of(float[] samples, int fps, double offset, int frames) {
    try {
      return of(piece -> piece.accept(samples, samples.length), fps, offset, frames);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * As {@link #of(float[], int, double, int)}, reading the track as it is decoded: the samples are
   * never held whole (a three-hour set is 950 MB of them), only the spectra and the loudness of
   * each frame.
   */
  public static SoundAnalysis of(Samples samples, int fps, double offset, int frames)
      throws java.io.IOException {
    if (fps < 1) {
      throw new IllegalArgumentException("fps must be at least 1: " + fps);
    }
    Spectra.Builder spectra = new Spectra.Builder(RATE);
    Loudness loudness = new Loudness(fps);
    samples.each(
        (buffer, count) -> {
          spectra.push(buffer, count);
          loudness.push(buffer, count);
        });
    long length = loudness.samples();
    double duration = (double) length / RATE;
    int n = frames > 0 ? frames : (int) Math.max(0, Math.round((duration - offset) * fps));
    Spectra s = spectra.finish();
    Rhythm r = Rhythm.of(s);
    double[] changes = Sections.changes(s);
    // Every frame of the whole track, for the percentiles; then the clip's.
    int all = (int) Math.ceil(duration * fps);
    float[][] curves = new float[MusicVariable.values().length][all];
    for (int t = 0; t < all; t++) {
      double from = (double) t / fps;
      double to = (double) (t + 1) / fps;
      curves[MusicVariable.RMS.ordinal()][t] = loudness.rms(t);
      float[] energies = mean(s, from, to);
      curves[MusicVariable.BASS.ordinal()][t] = energies[0];
      curves[MusicVariable.MID.ordinal()][t] = energies[1];
      curves[MusicVariable.HIGH.ordinal()][t] = energies[2];
      curves[MusicVariable.HARMONIC.ordinal()][t] = energies[3];
      curves[MusicVariable.PERCUSSIVE.ordinal()][t] = energies[4];
      curves[MusicVariable.CENTROID.ordinal()][t] = brightness(energies[5]);
      curves[MusicVariable.ONSET.ordinal()][t] = max(r.envelope(), s, from, to);
    }
    oneScale(curves, all);
    for (MusicVariable v : new MusicVariable[] {MusicVariable.RMS, MusicVariable.ONSET}) {
      float[] c = curves[v.ordinal()];
      double p95 = Stats.percentile(c, 95);
      for (int t = 0; t < c.length; t++) {
        c[t] = p95 > 0 ? (float) Math.min(1, c[t] / p95) : 0;
      }
    }
    float[][] clip = new float[MusicVariable.values().length][n];
    for (int t = 0; t < n; t++) {
      double from = offset + (double) t / fps;
      int at = (int) Math.floor(from * fps + 1e-9);
      if (from >= duration || at >= all) {
        continue;
      }
      for (MusicVariable v : MusicVariable.values()) {
        clip[v.ordinal()][t] = curves[v.ordinal()][at];
      }
      double to = from + 1.0 / fps;
      clip[MusicVariable.HIT.ordinal()][t] = any(r.onsets(), from, to) ? 1 : 0;
      clip[MusicVariable.BEAT.ordinal()][t] = phase(r.beats(), from + 0.5 / fps);
      clip[MusicVariable.BPM.ordinal()][t] = (float) r.bpm();
      clip[MusicVariable.SECTION.ordinal()][t] = count(changes, to);
      clip[MusicVariable.CHANGE.ordinal()][t] = any(changes, from, to) ? 1 : 0;
    }
    return new SoundAnalysis(
        fps, offset, n, duration, r.bpm(), clip, r.onsets(), r.beats(), changes);
  }

  /** The bands and the parts against the whole spectrum's energy in the track's loud moments. */
  private static void oneScale(float[][] curves, int all) {
    float[] total = new float[all];
    for (int t = 0; t < all; t++) {
      total[t] =
          curves[MusicVariable.BASS.ordinal()][t]
              + curves[MusicVariable.MID.ordinal()][t]
              + curves[MusicVariable.HIGH.ordinal()][t];
    }
    double loud = Stats.percentile(total, 95);
    MusicVariable[] scaled = {
      MusicVariable.BASS,
      MusicVariable.MID,
      MusicVariable.HIGH,
      MusicVariable.HARMONIC,
      MusicVariable.PERCUSSIVE
    };
    double[] share = {
      TYPICAL_SHARE[0], TYPICAL_SHARE[1], TYPICAL_SHARE[2], TYPICAL_PART[0], TYPICAL_PART[1]
    };
    for (int i = 0; i < scaled.length; i++) {
      float[] c = curves[scaled[i].ordinal()];
      for (int t = 0; t < all; t++) {
        c[t] = loud > 0 ? (float) Math.min(1, Math.sqrt(c[t] / (share[i] * loud))) : 0;
      }
    }
  }

  /**
   * A centroid in Hz on brightness's log scale: 0 at {@link #DARK} and below, 1 at {@link #BRIGHT}.
   */
  private static float brightness(float hz) {
    if (!(hz > 0)) {
      return 0;
    }
    return (float) Math.max(0, Math.min(1, Math.log(hz / DARK) / Math.log(BRIGHT / DARK)));
  }

  public int fps() {
    return fps;
  }

  public double offset() {
    return offset;
  }

  /** The clip's frame count. */
  public int frames() {
    return frames;
  }

  /** The track's length, seconds. */
  public double duration() {
    return duration;
  }

  /** The estimated tempo (0 when none was found). */
  public double bpm() {
    return bpm;
  }

  /** Picked onset times, seconds from the track's start. */
  public double[] onsets() {
    return onsets.clone();
  }

  /** Beat times, seconds from the track's start. */
  public double[] beats() {
    return beats.clone();
  }

  /** The times new sections begin, seconds from the track's start. */
  public double[] sections() {
    return sections.clone();
  }

  /** {@code variable} at every frame of the clip (a copy). */
  public float[] column(MusicVariable variable) {
    return columns[variable.ordinal()].clone();
  }

  /** {@code variable} at frame {@code t}; 0 outside the clip. */
  public double value(MusicVariable variable, int t) {
    return t >= 0 && t < frames ? columns[variable.ordinal()][t] : 0;
  }

  /**
   * The root mean square of the samples of each frame {@code [t/fps, (t+1)/fps)}, summed as the
   * samples pass.
   */
  private static final class Loudness {
    private final int fps;
    private double[] sums = new double[1024];
    private long seen;
    private int frame;
    private long frameEnd;

    Loudness(int fps) {
      this.fps = fps;
      this.frameEnd = start(1);
    }

    /** The first sample of frame {@code t}. */
    private long start(int t) {
      return Math.round((double) t / fps * RATE);
    }

    void push(float[] x, int count) {
      for (int i = 0; i < count; i++, seen++) {
        while (seen >= frameEnd) {
          frame++;
          frameEnd = start(frame + 1);
        }
        if (frame >= sums.length) {
          sums = Arrays.copyOf(sums, 2 * sums.length);
        }
        sums[frame] += (double) x[i] * x[i];
      }
    }

    long samples() {
      return seen;
    }

    float rms(int t) {
      long a = Math.max(0, start(t));
      long b = Math.min(seen, start(t + 1));
      return b > a ? (float) Math.sqrt((t < sums.length ? sums[t] : 0) / (b - a)) : 0;
    }
  }

  /**
   * Mean band and part energies of the spectral frames centred in the span (the nearest when none
   * is), and their power-weighted centroid: {bass, mid, high, harmonic, percussive, centroid Hz}.
   */
  private static float[] mean(Spectra s, double from, double to) {
    double[] sum = new double[5];
    double power = 0;
    double weighted = 0;
    int first = (int) Math.ceil(from * s.rate() / Spectra.HOP);
    int last = first;
    for (int j = first; j < s.frames() && s.time(j) < to; j++) {
      last = j;
    }
    if (first >= s.frames() || s.time(first) >= to) {
      first = Math.min(s.frames() - 1, first);
      last = first;
    }
    for (int j = first; j <= last; j++) {
      double frame = 0;
      for (int b = 0; b < 3; b++) {
        sum[b] += s.bands()[j][b];
        frame += s.bands()[j][b];
      }
      sum[3] += s.parts()[j][0];
      sum[4] += s.parts()[j][1];
      power += frame;
      weighted += frame * s.centroid()[j];
    }
    int count = last - first + 1;
    float[] out = new float[6];
    for (int i = 0; i < 5; i++) {
      out[i] = (float) (sum[i] / count);
    }
    out[5] = power > 0 ? (float) (weighted / power) : 0;
    return out;
  }

  /** How many of sorted {@code times} are before {@code time}. */
  private static int count(double[] times, double time) {
    int i = Arrays.binarySearch(times, time);
    return i >= 0 ? i : -i - 1;
  }

  private static float max(float[] env, Spectra s, double from, double to) {
    float m = 0;
    for (int j = Math.max(0, (int) Math.ceil(from * s.rate() / Spectra.HOP) - 1);
        j < env.length && s.fluxTime(j) < to;
        j++) {
      m = Math.max(m, env[j]);
    }
    return m;
  }

  /**
   * Whether sorted {@code times} has one in {@code [from, to)}: a search, not a scan, per frame.
   */
  private static boolean any(double[] times, double from, double to) {
    int i = Arrays.binarySearch(times, from);
    if (i >= 0) {
      return true;
    }
    int next = -i - 1;
    return next < times.length && times[next] < to;
  }

  /**
   * The fraction of the beat interval passed at {@code time}: 0 on a beat, toward 1 before the
   * next.
   */
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
