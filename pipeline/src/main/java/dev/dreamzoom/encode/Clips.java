package dev.dreamzoom.encode;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.preset.EncodeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The encode stage: a render's frames become every clip the preset asks for ({@code <name>.mp4},
 * {@code .webm}, {@code .gif}) and a poster PNG at the publish size, all carrying (or, for the
 * poster and GIF, beside) what is needed to reproduce them.
 */
public final class Clips {
  private Clips() {}

  /** Writes the clips and the poster into {@code dir}; returns the files written. */
  public static List<Path> publish(List<Path> frames, Path dir, String name, int fps,
      EncodeSpec spec, Map<String, String> metadata, IntConsumer progress) throws EncodeException {
    if (frames.isEmpty()) {
      throw new EncodeException("no frames to encode for " + name, null);
    }
    List<Path> written = new ArrayList<>();
    for (String format : spec.formats()) {
      Path out = dir.resolve(name + "." + format);
      if (format.equals("gif")) {
        GifEncoder.encode(frames, out, fps, spec.width(), spec.height(), progress);
      } else {
        VideoEncoder.encode(frames, out, format, fps, spec, metadata, progress);
      }
      written.add(out);
    }
    Path poster = dir.resolve(name + "-poster.png");
    int index = spec.posterFrame() > 0 ? Math.min(spec.posterFrame(), frames.size()) - 1 : frames.size() / 2;
    try {
      ImageFiles.writePngAtomically(
          ImageFiles.read(frames.get(index)).resize(spec.width(), spec.height()), poster);
    } catch (IOException e) {
      throw new EncodeException("cannot write the poster " + poster + ": " + e.getMessage(), e);
    }
    written.add(poster);
    return written;
  }
}
