package dev.dreamzoom.encode;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** An audio file muxed under the clip: cut at the clip's end and faded out before it. */
final class Soundtrack implements AutoCloseable {
  private final FFmpegFrameGrabber grabber;

  private Soundtrack(FFmpegFrameGrabber grabber) {
    this.grabber = grabber;
  }

  /** Opens {@code file} and gives the recorder its channel count and rate (before it starts). */
  static Soundtrack open(Path file, FFmpegFrameRecorder recorder) throws IOException {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
    g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
    try {
      g.start();
    } catch (FrameGrabber.Exception e) {
      g.close();
      throw new IOException("cannot read the soundtrack " + file + ": " + e.getMessage(), e);
    }
    if (g.getAudioChannels() < 1) {
      g.close();
      throw new IOException("no audio in the soundtrack " + file);
    }
    recorder.setAudioChannels(g.getAudioChannels());
    recorder.setSampleRate(g.getSampleRate());
    return new Soundtrack(g);
  }

  /** Records the first {@code seconds} of audio, fading to silence over the last {@code fade}. */
  void recordInto(FFmpegFrameRecorder recorder, double seconds, double fade) throws IOException {
    int rate = grabber.getSampleRate();
    int channels = grabber.getAudioChannels();
    long total = Math.round(seconds * rate);
    long fadeFrom = total - Math.round(fade * rate);
    long done = 0;
    Frame f;
    while (done < total && (f = grabber.grabSamples()) != null) {
      if (f.samples == null) {
        continue;
      }
      boolean planar = f.samples.length > 1;
      int perChannel = planar ? f.samples[0].limit() : f.samples[0].limit() / channels;
      int keep = (int) Math.min(perChannel, total - done);
      for (Buffer b : f.samples) {
        int stride = planar ? 1 : channels;
        for (int i = 0; i < keep * stride; i++) {
          long at = done + i / stride;
          double gain = at < fadeFrom ? 1 : Math.max(0, (double) (total - at) / (total - fadeFrom));
          if (b instanceof FloatBuffer fb) {
            fb.put(i, (float) (fb.get(i) * gain));
          } else if (b instanceof ShortBuffer sb) {
            sb.put(i, (short) Math.round(sb.get(i) * gain));
          }
        }
        b.limit(keep * stride);
      }
      recorder.recordSamples(rate, channels, f.samples);
      done += keep;
    }
  }

  @Override
  public void close() throws IOException {
    grabber.close();
  }
}
