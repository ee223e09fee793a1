package dev.dreamzoom.app;

import dev.dreamzoom.image.FlowField;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.OpticalFlow;
import dev.dreamzoom.media.VideoReader;
import dev.dreamzoom.motion.FlowCarry;
import dev.dreamzoom.motion.Warp;
import dev.dreamzoom.preset.VideoSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A source video's frames, each seen through the camera's path so far (so the flows between them
 * carry the camera's move too), and the flows between them, as a dream over it asks for them:
 * decoded forward once, the last few frames and flows kept (enough for the widest cadence), the
 * flows computed when first asked. Nothing is stored on disk: a resumed render decodes and computes
 * again, which gives the same frames and flows, bit for bit.
 */
final class VideoFrames implements FlowCarry.Source, AutoCloseable {
  /** Frames kept behind the newest: the widest cadence reaches back this far. */
  private static final int WINDOW = 20;

  private final VideoReader reader;
  private final Warp camera;
  private final Map<Integer, RgbImage> frames = window();
  private final Map<Integer, FlowField> backward = window();
  private final Map<Integer, FlowField> forward = window();
  private int newest = -1;

  private VideoFrames(VideoReader reader, Warp camera) {
    this.reader = reader;
    this.camera = camera;
  }

  /**
   * @param camera the preset's camera, whose path every frame is seen through
   */
  static VideoFrames open(VideoSpec video, int width, int height, Warp camera) throws IOException {
    return new VideoFrames(
        VideoReader.open(video.file(), video.start(), video.rate(), width, height), camera);
  }

  /** Frame 0 of {@code video} at the canvas size, read and closed again. */
  static RgbImage first(VideoSpec video, int width, int height) throws IOException {
    try (VideoReader r =
        VideoReader.open(video.file(), video.start(), video.rate(), width, height)) {
      return r.frame(0);
    }
  }

  @Override
  public RgbImage frame(int t) {
    RgbImage kept = frames.get(t);
    if (kept != null) {
      return kept;
    }
    if (t < newest) {
      throw new IllegalStateException(
          "frame " + t + " is behind the kept window (newest " + newest + ")");
    }
    try {
      for (int k = newest + 1; k <= t; k++) {
        frames.put(k, camera.view(reader.frame(k), k));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    newest = t;
    return frames.get(t);
  }

  @Override
  public FlowField backward(int t) {
    return backward.computeIfAbsent(t, k -> OpticalFlow.between(frame(k), frame(k - 1)));
  }

  @Override
  public FlowField forward(int t) {
    return forward.computeIfAbsent(t, k -> OpticalFlow.between(frame(k - 1), frame(k)));
  }

  private static <V> Map<Integer, V> window() {
    return new LinkedHashMap<>(32, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
        return size() > WINDOW;
      }
    };
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
