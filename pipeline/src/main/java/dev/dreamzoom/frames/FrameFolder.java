package dev.dreamzoom.frames;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A render's frames folder: {@code 000001.png, 000002.png, ...} (1-based in file names, as video
 * tools number frames). Each PNG is written atomically, so a listed frame is always complete.
 */
public final class FrameFolder implements FrameSink {
  private static final Pattern FRAME = Pattern.compile("\\d{6}\\.png");

  private final Path dir;

  public FrameFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The file of frame {@code index} (0-based). */
  public Path file(int index) {
    return dir.resolve(String.format("%06d.png", index + 1));
  }

  /** The 0-based index of a frame file of this folder. */
  public int index(Path frameFile) {
    return Integer.parseInt(frameFile.getFileName().toString().substring(0, 6)) - 1;
  }

  @Override
  public void accept(int index, RgbImage frame) throws IOException {
    ImageFiles.writePngAtomically(frame, file(index));
  }

  /** The complete frame files, in order. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> FRAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }
}
