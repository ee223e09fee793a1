package dev.dreamzoom.media;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Any soundtrack FFmpeg reads (MP3, OGG, Opus, FLAC, WAV, M4A, a video's audio stream), decoded and
 * mixed to mono at a fixed rate by FFmpeg's own resampler: what the audio analysis reads.
 */
public final class AudioDecoder {
  /**
   * At most this long a track is held whole by {@link #mono} (an hour at 22050 Hz is 320 MB of
   * floats).
   */
  public static final double MAX_SECONDS = 3600;

  /** At most this long a track is streamed by {@link #decode}: a night's DJ set and more. */
  public static final double MAX_STREAM_SECONDS = 8 * 3600;

  /** Where {@link #decode} hands the samples, a piece at a time. */
  @FunctionalInterface
  public interface Pieces {
    /** The next {@code count} samples, in {@code buffer} (reused after the call returns). */
    void accept(float[] buffer, int count);
  }

  private AudioDecoder() {}

  /**
   * @return the samples, mono, in -1..1, at {@code rate} per second
   * @throws IOException naming the file when it is missing, a folder, not audio, or has no audio
   *     stream
   */
  public static float[] mono(Path file, int rate) throws IOException {
    float[][] out = {new float[1 << 16]};
    int[] n = {0};
    decode(
        file,
        rate,
        MAX_SECONDS,
        (buffer, count) -> {
          if (n[0] + count > out[0].length) {
            out[0] = java.util.Arrays.copyOf(out[0], Math.max(out[0].length * 2, n[0] + count));
          }
          System.arraycopy(buffer, 0, out[0], n[0], count);
          n[0] += count;
        });
    return java.util.Arrays.copyOf(out[0], n[0]);
  }

  /**
   * Decodes {@code file} as {@link #mono} does, handing the samples to {@code pieces} as they come
   * instead of holding them: memory does not grow with the track.
   *
   * @throws IOException as {@link #mono}, or when the track is longer than {@link
   *     #MAX_STREAM_SECONDS}
   */
  public static void decode(Path file, int rate, Pieces pieces) throws IOException {
    decode(file, rate, MAX_STREAM_SECONDS, pieces);
  }

  private static void decode(Path file, int rate, double maxSeconds, Pieces pieces)
      throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a folder, not an audio file");
    }
    if (!Files.exists(file)) {
      throw new IOException("audio file not found: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + " is not a regular file (a device or a pipe); give an audio file");
    }
    try (FFmpegFrameGrabber g = FfmpegLog.grabber(file)) {
      g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
      g.setSampleRate(rate);
      g.setAudioChannels(1);
      try {
        g.start();
      } catch (FrameGrabber.Exception e) {
        throw new IOException(
            "cannot read "
                + file
                + " as audio ("
                + reason(e)
                + "); give a file FFmpeg"
                + " decodes: MP3, OGG, Opus, FLAC, WAV, M4A, or a video with sound",
            e);
      }
      if (g.getAudioChannels() < 1) {
        throw new IOException(file + " has no audio stream");
      }
      long max = (long) (maxSeconds * rate);
      float[] buffer = new float[1 << 14];
      long n = 0;
      Frame f;
      while ((f = g.grabSamples()) != null) {
        if (f.samples == null || !(f.samples[0] instanceof FloatBuffer fb)) {
          continue;
        }
        int k = fb.remaining();
        if (n + k > max) {
          throw new IOException(
              file + " is longer than " + (int) (maxSeconds / 60) + " minutes; cut it first");
        }
        if (k > buffer.length) {
          buffer = new float[k];
        }
        fb.get(buffer, 0, k);
        pieces.accept(buffer, k);
        n += k;
      }
    } catch (FrameGrabber.Exception e) {
      throw new IOException("cannot decode " + file + " (" + reason(e) + ")", e);
    }
  }

  /** FFmpeg's own words from JavaCV's message, without its advice to the programmer. */
  private static String reason(FrameGrabber.Exception e) {
    String m = String.valueOf(e.getMessage());
    java.util.regex.Matcher quoted =
        java.util.regex.Pattern.compile("error (-?\\d+): ([^(]*)").matcher(m);
    return quoted.find()
        ? quoted.group(2).strip().replaceAll("\\.$", "")
        : m.split("\\(")[0].strip();
  }
}
