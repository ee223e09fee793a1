package dev.dreamzoom.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Tracks that tests make: 16-bit PCM WAV files written with the JDK's own sound API. */
public final class Wavs {
  private Wavs() {}

  /**
   * Writes {@code samples} (-1..1, clipped) at {@code rate}, the same on each of {@code channels}.
   *
   * @return {@code file}
   */
  public static Path write(Path file, float[] samples, int rate, int channels) throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(samples.length * 2 * channels).order(ByteOrder.LITTLE_ENDIAN);
    for (float s : samples) {
      short v = (short) Math.round(Math.max(-1, Math.min(1, s)) * 32767);
      for (int c = 0; c < channels; c++) {
        b.putShort(v);
      }
    }
    try (AudioInputStream in =
        new AudioInputStream(
            new ByteArrayInputStream(b.array()),
            new AudioFormat(rate, 16, channels, true, false),
            samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }
}
