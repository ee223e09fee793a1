package dev.dreamzoom.media;

import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.preset.EncodeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Encoding, the media stage's output side: a render's frames become every clip the preset asks for
 * ({@code <name>.mp4}, {@code .webm}, {@code .gif}), optionally interpolated to a higher rate and
 * looped, plus a poster PNG at the publish size and a short low-resolution preview MP4, the videos
 * carrying the metadata needed to reproduce them.
 */
public final class Clips {
  private Clips() {}

  /**
   * Checks before any frame is rendered that the soundtrack is audio FFmpeg can read, so a wrong
   * {@code encode.audio} is not found only after a night of rendering.
   */
  public static void checkSoundtrack(Path file) throws EncodeException {
    try (org.bytedeco.javacv.FFmpegFrameRecorder probe =
            new org.bytedeco.javacv.FFmpegFrameRecorder(
                java.io.OutputStream.nullOutputStream(), 0);
        Soundtrack s = Soundtrack.open(file, probe)) {
      // Opening it is the check.
    } catch (java.io.IOException e) {
      throw new EncodeException(
          "encode.audio: "
              + e.getMessage()
              + "; fix the preset's encode.audio"
              + " (any audio file FFmpeg reads) before rendering",
          e);
    }
  }

  /** Writes the clips and the poster into {@code dir}; returns the files written. */
  public static List<Path> publish(
      List<Path> frames,
      Path dir,
      String name,
      int fps,
      EncodeSpec spec,
      Map<String, String> metadata,
      IntConsumer progress)
      throws EncodeException {
    if (frames.isEmpty()) {
      throw new EncodeException("no frames to encode for " + name, null);
    }
    Path work = dir.resolve(".interpolated");
    try {
      return publish(FrameSequence.of(frames), dir, name, fps, spec, metadata, progress, work);
    } catch (IOException e) {
      throw new EncodeException("cannot interpolate frames for " + name + ": " + e.getMessage(), e);
    } finally {
      try {
        AtomicFiles.deleteTree(work);
      } catch (IOException ignored) {
        // A leftover hidden work folder harms nothing; the clips are already complete.
      }
    }
  }

  private static List<Path> publish(
      FrameSequence rendered,
      Path dir,
      String name,
      int fps,
      EncodeSpec spec,
      Map<String, String> metadata,
      IntConsumer progress,
      Path work)
      throws EncodeException, IOException {
    FrameSequence clip = rendered;
    int rate = fps;
    if (spec.interpolate() > 1) {
      clip =
          spec.interpolateMode().equals("mci")
              ? MotionInterpolation.apply(clip, fps, spec.interpolate(), work)
              : clip.blendInterpolated(spec.interpolate());
      rate = fps * spec.interpolate();
    }
    clip =
        switch (spec.loop()) {
          case "pingpong" -> clip.pingPong();
          case "crossfade" -> clip.crossfadeLoop(spec.loopFrames() * spec.interpolate());
          default -> clip;
        };
    List<Path> written = new ArrayList<>();
    for (String format : spec.formats()) {
      Path out = dir.resolve(name + "." + format);
      if (format.equals("gif")) {
        GifEncoder.encode(clip, out, rate, spec.width(), spec.height(), progress);
      } else {
        VideoEncoder.encode(clip, out, format, rate, spec, metadata, progress);
      }
      written.add(out);
    }
    // A short, small MP4 for sharing: at most six seconds, 480 pixels wide.
    Path preview = dir.resolve(name + "-preview.mp4");
    int previewHeight = Math.max(2, 2 * Math.round(240f * spec.height() / spec.width()));
    FrameSequence head = clip;
    int limit = Math.min(clip.size(), 6 * rate);
    FrameSequence first =
        new FrameSequence() {
          @Override
          public int size() {
            return limit;
          }

          @Override
          public java.awt.image.BufferedImage get(int i) throws IOException {
            return head.get(i);
          }
        };
    VideoEncoder.encode(
        first,
        preview,
        "mp4",
        rate,
        EncodeSpec.simple(List.of("mp4"), 28, "veryfast", 480, previewHeight),
        metadata,
        n -> {});
    written.add(preview);
    Path poster = dir.resolve(name + "-poster.png");
    int index =
        spec.posterFrame() > 0
            ? Math.min(spec.posterFrame(), rendered.size()) - 1
            : rendered.size() / 2;
    try {
      ImageFiles.writePngAtomically(
          ImageFiles.fromBufferedImage(rendered.get(index)).resize(spec.width(), spec.height()),
          poster);
    } catch (IOException e) {
      throw new EncodeException("cannot write the poster " + poster + ": " + e.getMessage(), e);
    }
    written.add(poster);
    return written;
  }
}
