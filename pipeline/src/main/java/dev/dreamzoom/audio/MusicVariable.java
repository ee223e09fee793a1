package dev.dreamzoom.audio;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one list of what a schedule expression may read of the music: the analysis computes these,
 * its CSV has one column each in this order, the expression language looks a name up here once,
 * when it parses, and the docs and help print {@link #doc()} and {@link #scale()}.
 */
public enum MusicVariable {
  RMS(
      "rms",
      "loudness (root mean square of the samples)",
      "0..1, divided by the track's 95th percentile and clipped",
      1,
      true),
  BASS("bass", "spectral energy in 20-250 Hz", Scale.BANDS, 1, true),
  MID("mid", "spectral energy in 250-2000 Hz", Scale.BANDS, 1, true),
  HIGH("high", "spectral energy in 2000-11025 Hz", Scale.BANDS, 1, true),
  ONSET(
      "onset",
      "onset strength: spectral flux of log-compressed magnitudes, less its 0.4 s moving mean",
      "0..1, by its 95th percentile",
      1,
      true),
  HIT(
      "hit",
      "1 on a frame where an onset was picked (a peak of onset that stands out, at least a tenth"
          + " of the track's strongest), else 0",
      "0 or 1",
      1,
      false),
  BEAT("beat", "beat phase: 0 on a beat, rising toward 1 just before the next", "0..1", 1, false),
  BPM("bpm", "the track's tempo", "beats per minute", 1000, false),
  PERCUSSIVE(
      "percussive",
      "energy of the percussive part (drums, attacks): a median-filter"
          + " percussive/harmonic separation of the spectrogram",
      Scale.PARTS,
      1,
      true),
  HARMONIC(
      "harmonic",
      "energy of the harmonic part (sustained notes, chords, voices), from the same"
          + " separation",
      Scale.PARTS,
      1,
      true),
  CENTROID(
      "centroid",
      "brightness: the spectral centroid",
      "0..1 on a log scale, 0 at 100 Hz and below," + " 1 at 8 kHz and above",
      1,
      true),
  SECTION(
      "section",
      "which section of the song: 0 for the first, one more at each change (a peak of"
          + " novelty over the track's self-similarity, at least 8 s from the track's ends and from each other)",
      "0, 1, 2, ...",
      1000,
      false),
  CHANGE("change", "1 on the frame where a new section starts, else 0", "0 or 1", 1, false);

  private final String key;
  private final String doc;
  private final String scale;
  private final double max;
  private final boolean curve;

  MusicVariable(String key, String doc, String scale, double max, boolean curve) {
    this.key = key;
    this.doc = doc;
    this.scale = scale;
    this.max = max;
    this.curve = curve;
  }

  /** The name an expression, the CSV header and {@code audio --keyframes} use. */
  public String key() {
    return key;
  }

  public String doc() {
    return doc;
  }

  public String scale() {
    return scale;
  }

  /** The largest value an analysis can hold (values start at 0): more means a damaged file. */
  public double max() {
    return max;
  }

  /** Whether it is a level over time, drawn as a panel of {@code audio --plot}. */
  public boolean curve() {
    return curve;
  }

  /** The levels over time, in CSV order: the panels of {@code audio --plot}. */
  public static List<MusicVariable> curves() {
    return Arrays.stream(values()).filter(MusicVariable::curve).toList();
  }

  /** Every key, in CSV order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(MusicVariable::key).toList();
  }

  /** Texts the constants share (an enum's constants cannot read its own static fields). */
  private static final class Scale {
    static final String BANDS =
        "0..1, all bands on one scale: the square root of the band's energy over"
            + " its typical share (bass 0.7, mid 0.2, high 0.1) of the whole spectrum's 95th percentile; 1 = as"
            + " loud as the band is in a loud moment of music, 0 = absent";
    static final String PARTS =
        "0..1 on the bands' scale, with typical shares harmonic 0.6, percussive 0.4";
  }

  public static Optional<MusicVariable> named(String key) {
    return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst();
  }
}
