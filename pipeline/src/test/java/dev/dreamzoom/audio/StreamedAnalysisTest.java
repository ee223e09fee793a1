package dev.dreamzoom.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A track analysed as it is decoded, in pieces of any size, gives the analysis of the whole track
 * held at once, bit for bit: the spectra's windows that reach past the pieces wait for the next.
 */
class StreamedAnalysisTest {
  /** 20 s of noise, clicks every half second and a bass note that comes and goes. */
  private static float[] track(int seconds) {
    SplittableRandom random = new SplittableRandom(11);
    float[] x = new float[seconds * SoundAnalysis.RATE];
    for (int i = 0; i < x.length; i++) {
      double s = (double) i / SoundAnalysis.RATE;
      x[i] =
          (float)
              (0.01 * (random.nextDouble() - 0.5)
                  + 0.3 * Math.max(0, Math.sin(Math.PI * s / 3)) * Math.sin(2 * Math.PI * 60 * s)
                  + (i % (SoundAnalysis.RATE / 2) < 200 ? 0.5 * (random.nextDouble() - 0.5) : 0));
    }
    return x;
  }

  private static SoundAnalysis inPieces(float[] x, long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    return SoundAnalysis.of(
        piece -> {
          float[] buffer = new float[6000];
          for (int at = 0; at < x.length; ) {
            int n = Math.min(x.length - at, random.nextInt(1, buffer.length));
            System.arraycopy(x, at, buffer, 0, n);
            // The buffer is reused, as a decoder's is: what the analysis keeps it must copy.
            piece.accept(buffer, n);
            java.util.Arrays.fill(buffer, Float.NaN);
            at += n;
          }
        },
        24,
        0,
        0);
  }

  @Test
  void piecesOfAnySizeGiveTheWholeTracksAnalysis() throws Exception {
    float[] x = track(20);
    SoundAnalysis whole = SoundAnalysis.of(x, 24, 0, 0);
    for (long seed = 1; seed <= 3; seed++) {
      SoundAnalysis pieces = inPieces(x, seed);
      assertEquals(whole.frames(), pieces.frames());
      for (MusicVariable v : MusicVariable.values()) {
        assertArrayEquals(whole.column(v), pieces.column(v), 0, v + ", pieces seeded " + seed);
      }
      assertArrayEquals(whole.onsets(), pieces.onsets(), 0);
      assertArrayEquals(whole.beats(), pieces.beats(), 0);
    }
  }

  @Test
  void spectraFromPiecesEqualTheWholeTracksEvenForTracksShorterThanAWindow() {
    for (int length : new int[] {1, 700, 1500, 5000}) {
      float[] x = java.util.Arrays.copyOf(track(1), length);
      Spectra whole = Spectra.of(x, SoundAnalysis.RATE);
      Spectra.Builder b = new Spectra.Builder(SoundAnalysis.RATE);
      for (int at = 0; at < length; at += 300) {
        float[] piece = java.util.Arrays.copyOfRange(x, at, Math.min(length, at + 300));
        b.push(piece, piece.length);
      }
      Spectra pieces = b.finish();
      assertArrayEquals(whole.flux(), pieces.flux(), 0, length + " samples");
      for (int j = 0; j < whole.frames(); j++) {
        assertArrayEquals(whole.bands()[j], pieces.bands()[j], 0, length + " samples, frame " + j);
        assertArrayEquals(whole.timbre()[j], pieces.timbre()[j], 0);
        assertArrayEquals(whole.parts()[j], pieces.parts()[j], 0);
      }
    }
  }
}
