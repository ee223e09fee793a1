package dev.dreamzoom.media;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * An audio file muxed under the clip: from the clip's start in the track (to the sample, by
 * dropping decoded samples rather than seeking, which lands on a packet), cut at the clip's end and
 * faded out before it.
 */
final class Soundtrack implements AutoCloseable {
  private final FFmpegFrameGrabber grabber;

  private Soundtrack(FFmpegFrameGrabber grabber) {
    this.grabber = grabber;
  }

  /** Opens {@code file} and gives the recorder its channel count and rate (before it starts). */
  static Soundtrack open(Path file, FFmpegFrameRecorder recorder) throws IOException {
    FFmpegFrameGrabber g = FfmpegLog.grabber(file);
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

  /**
   * Records {@code seconds} of audio from {@code start} seconds into the track, fading to silence
   * over the last {@code fade}.
   */
  void recordInto(FFmpegFrameRecorder recorder, double start, double seconds, double fade)
      throws IOException {
    int rate = grabber.getSampleRate();
    int channels = grabber.getAudioChannels();
    long skip = Math.round(start * rate);
    long total = Math.round(seconds * rate);
    long fadeFrom = total - Math.round(fade * rate);
    long done = 0;
    Frame f;
    while (done < total && (f = grabber.grabSamples()) != null) {
      if (f.samples == null) {
        continue;
      }
      boolean planar = f.samples.length > 1;
      int stride = planar ? 1 : channels;
      int perChannel = f.samples[0].remaining() / stride;
      int drop = (int) Math.min(perChannel, skip);
      skip -= drop;
      int keep = (int) Math.min(perChannel - drop, total - done);
      if (keep <= 0) {
        continue;
      }
      // Fresh buffers holding just the kept samples: what the recorder reads of a buffer's
      // position is JavaCV's business, a buffer from index 0 is read the same by every version.
      Buffer[] kept = new Buffer[f.samples.length];
      for (int c = 0; c < f.samples.length; c++) {
        Buffer b = f.samples[c];
        int base = b.position() + drop * stride;
        if (b instanceof FloatBuffer fb) {
          FloatBuffer out = FloatBuffer.allocate(keep * stride);
          for (int i = 0; i < keep * stride; i++) {
            out.put(i, (float) (fb.get(base + i) * gain(done + i / stride, total, fadeFrom)));
          }
          kept[c] = out;
        } else if (b instanceof ShortBuffer sb) {
          ShortBuffer out = ShortBuffer.allocate(keep * stride);
          for (int i = 0; i < keep * stride; i++) {
            out.put(
                i, (short) Math.round(sb.get(base + i) * gain(done + i / stride, total, fadeFrom)));
          }
          kept[c] = out;
        } else {
          throw new IOException("unexpected sample format in the soundtrack");
        }
      }
      recorder.recordSamples(rate, channels, kept);
      done += keep;
    }
  }

  /** 1 before the fade, falling to 0 at the clip's end. */
  private static double gain(long at, long total, long fadeFrom) {
    return at < fadeFrom ? 1 : Math.max(0, (double) (total - at) / (total - fadeFrom));
  }

  @Override
  public void close() throws IOException {
    grabber.close();
  }
}
