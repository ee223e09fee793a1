package dev.dreamzoom.preset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The keys of a dream over a video ({@code seed = video}): the source, its span and rate, read
 * before the clip's length is known (for {@code frames = auto}), and the blend, read after.
 */
final class VideoKeys {
  final Path file;
  final double start;
  final double end;
  final double rate;
  final VideoFacts facts;

  private VideoKeys(Path file, double start, double end, double rate, VideoFacts facts) {
    this.file = file;
    this.start = start;
    this.end = end;
    this.rate = rate;
    this.facts = facts;
  }

  /**
   * The video keys, or null (problems recorded) when the preset does not dream over a usable video.
   */
  static VideoKeys read(PresetReader r, SeedSpec.Kind kind, Media media, Path dir, int fps) {
    Path file = r.path("seed.video", dir);
    double start = r.number("video.start");
    double end = r.number("video.end");
    double videoFps = r.number("video.fps");
    if (kind != SeedSpec.Kind.VIDEO) {
      for (String key :
          List.of("seed.video", "video.start", "video.end", "video.fps", "video.blend")) {
        if (r.has(key)) {
          r.warn(key, "is read only with seed = video");
        }
      }
      return null;
    }
    if (file == null) {
      if (!r.has("seed.video")) {
        r.error("seed", "seed = video needs seed.video = <a video file>");
      }
      return null;
    }
    if (end != 0 && end <= start) {
      r.error(
          "video.end",
          end + " s is not after video.start (" + start + " s); 0 runs to the video's end");
      return null;
    }
    VideoFacts facts;
    try {
      String problem = MediaKeys.fileProblem(file, "a video file");
      if (problem != null) {
        throw new IOException(problem);
      }
      facts = media.video(file);
    } catch (IOException e) {
      r.error("seed.video", e.getMessage());
      return null;
    }
    if (start >= facts.duration()) {
      r.error(
          "video.start",
          start
              + " s is at or past the end of "
              + file
              + " ("
              + String.format(java.util.Locale.ROOT, "%.2f", facts.duration())
              + " s)");
      return null;
    }
    return new VideoKeys(file, start, end, videoFps > 0 ? videoFps : fps, facts);
  }

  /** The frames the video gives from start to end at its rate: {@code frames = auto}. */
  int frames() {
    double stop = end > 0 ? Math.min(end, facts.duration()) : facts.duration();
    // Every frame whose time lies before the end: frame t shows start + t / rate.
    return Math.max(1, (int) Math.ceil((stop - start) * rate - 1e-6));
  }

  /** The spec, with the blend read at every frame of the clip. */
  VideoSpec spec(Param blend) {
    return new VideoSpec(file, start, end, rate, blend);
  }
}
