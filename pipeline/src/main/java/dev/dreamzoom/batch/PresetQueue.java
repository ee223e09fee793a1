package dev.dreamzoom.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The presets of a night's queue: every {@code *.properties} in a folder (by name) but the folder's
 * {@code reference.properties} (the documented list of every key, not a clip), or the lines of a
 * text file (one path per line, relative to the file, {@code #} comments).
 */
public final class PresetQueue {
  /** The reference preset's file name, which a folder queue leaves out. */
  public static final String REFERENCE = "reference.properties";

  private PresetQueue() {}

  public static List<Path> read(Path queue) throws IOException {
    if (Files.isDirectory(queue)) {
      try (Stream<Path> s = Files.list(queue)) {
        return s.filter(
                p ->
                    p.getFileName().toString().endsWith(".properties")
                        && Files.isRegularFile(p)
                        && !p.getFileName().toString().equals(REFERENCE))
            .sorted()
            .toList();
      }
    }
    if (!Files.isRegularFile(queue)) {
      throw new IOException(
          "queue not found: " + queue + " (a folder of presets or a text file listing them)");
    }
    List<Path> out = new ArrayList<>();
    Path base = queue.toAbsolutePath().getParent();
    for (String line : Files.readAllLines(queue, StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(base.resolve(l).normalize());
      }
    }
    return out;
  }

  /**
   * Shard {@code index} (1-based) of {@code count}: every count-th preset starting at the index-th.
   * Together the shards hold each preset exactly once, whatever the queue's length.
   */
  public static List<Path> shard(List<Path> queue, int index, int count) {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "shard must be I/N with 1 <= I <= N, got " + index + "/" + count);
    }
    return IntStream.range(0, queue.size())
        .filter(i -> i % count == index - 1)
        .mapToObj(queue::get)
        .toList();
  }
}
