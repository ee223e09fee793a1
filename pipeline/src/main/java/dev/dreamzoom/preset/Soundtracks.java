package dev.dreamzoom.preset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Analyses a preset's {@code audio} track for the parser, which needs it for {@code frames = auto}
 * and for the range checks of schedules that read the music. The application layer decodes,
 * analyses and caches; the preset stage only asks.
 */
@FunctionalInterface
public interface Soundtracks {
  /**
   * @param render the render's name, whose folder may keep the analysis
   * @throws IOException with a message that names the file and what to do
   */
  Sound open(String render, Path track, int fps, double offset) throws IOException;

  /** For callers that never read music: a preset with {@code audio} is refused. */
  Soundtracks NONE = (render, track, fps, offset) -> {
    throw new IOException("this command does not analyse soundtracks (" + track + ")");
  };
}
