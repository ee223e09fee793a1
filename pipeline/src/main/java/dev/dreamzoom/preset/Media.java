package dev.dreamzoom.preset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The media files a preset names, as the parser needs them: its {@code audio} track analysed (for
 * {@code frames = auto} and the range checks of schedules that read the music) and its source
 * video's length. The application layer decodes, analyses and caches; the preset stage only asks.
 */
@FunctionalInterface
public interface Media {
  /**
   * @param render the render's name, whose folder may keep the analysis
   * @throws IOException with a message that names the file and what to do
   */
  Sound open(String render, Path track, int fps, double offset) throws IOException;

  /**
   * What {@code seed.video} holds.
   *
   * @throws IOException with a message that names the file and what to do
   */
  default VideoFacts video(Path file) throws IOException {
    throw new IOException("this command does not read videos (" + file + ")");
  }

  /** For callers that never read media: a preset with {@code audio} or a video is refused. */
  Media NONE =
      (render, track, fps, offset) -> {
        throw new IOException("this command does not analyse soundtracks (" + track + ")");
      };
}
