package dev.dreamzoom.app;

import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The morning report: every render under an output root, read from its files alone (manifest,
 * checkpoint, frame times, lock, failure note), so it works from any machine that sees the shared
 * storage while workers are still rendering.
 */
public final class RenderStatus {
  /** Where a render stands. */
  public enum State {
    FINISHED,
    IN_PROGRESS,
    PARTIAL,
    FAILED,
    DAMAGED,
    WAITING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * One render.
   *
   * @param secondsPerFrame from its last frames' file times (for a preset of the queue still
   *     waiting, estimated from the others' pace per pixel), or 0 when unknown
   * @param pixels pixels per frame, or 0 when unknown
   * @param note who renders it (host, PID, heartbeat age) or why it failed
   */
  public record Entry(
      String name,
      State state,
      int done,
      int total,
      double secondsPerFrame,
      long pixels,
      String note) {
    /** Seconds left at its pace, or 0 when finished or unknown. */
    public double etaSeconds() {
      return state == State.FINISHED ? 0 : secondsPerFrame * Math.max(0, total - done);
    }
  }

  private RenderStatus() {}

  /** The file where a failed render's reason is kept until it renders again. */
  public static Path failureFile(RenderFolder folder) {
    return folder.checkpointFile().resolveSibling("failed.txt");
  }

  /**
   * Every render folder under {@code root} (a folder with a {@code manifest.properties} of any
   * kind, except those moved aside), by name. A folder whose files cannot be read is an entry
   * marked damaged, with the reason; it never stops the scan.
   */
  public static List<Entry> scan(Path root, Duration lockStaleAfter) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      throw new IOException(
          Files.exists(root)
              ? root + " is a file, not an output folder"
              : "output folder not found: " + root);
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs =
          s.filter(d -> isRenderFolder(d) && !d.getFileName().toString().contains(".old-"))
              .sorted()
              .toList();
    }
    for (Path d : dirs) {
      entries.add(entry(root, d.getFileName().toString(), lockStaleAfter));
    }
    return entries;
  }

  /** The entry of one render folder. */
  public static Entry of(Path renderDir, Duration lockStaleAfter) {
    Path dir = renderDir.toAbsolutePath().normalize();
    return entry(dir.getParent(), dir.getFileName().toString(), lockStaleAfter);
  }

  /** Whether {@code dir} is a render folder rather than an output root. */
  public static boolean isRenderFolder(Path dir) {
    return Files.exists(
        dir.resolve("manifest.properties"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  private static Entry entry(Path root, String name, Duration lockStaleAfter) {
    RenderFolder folder = new RenderFolder(root, name);
    Manifest m;
    try {
      m = Manifest.read(folder.manifestFile());
    } catch (IOException | RuntimeException e) {
      return new Entry(name, State.DAMAGED, 0, 0, 0, 0, e.getMessage() + "; skipped");
    }
    RenderFolder.Progress progress = folder.progress();
    int done = progress.framesDone();
    int total = m.frames() > 0 ? m.frames() : Math.max(done, m.encodedFrames());
    double spf = pace(folder, done);
    long pixels = pixels(folder);
    Path lock = root.resolve(m.name() + ".lock");
    Optional<RenderLock.Holder> holder = RenderLock.liveHolder(lock, lockStaleAfter);
    if (holder.isPresent()) {
      String age;
      try {
        age = RenderLock.heartbeatAge(lock).toSeconds() + " s ago";
      } catch (IOException e) {
        age = "unknown";
      }
      return new Entry(
          name, State.IN_PROGRESS, done, total, spf, pixels, holder.get() + ", heartbeat " + age);
    }
    if (progress.damaged().isPresent()) {
      return new Entry(
          name,
          State.DAMAGED,
          done,
          total,
          spf,
          pixels,
          progress.damaged().get()
              + "; the frames are kept: dreamzoom repair "
              + folder.dir()
              + " rebuilds it");
    }
    Path failed = failureFile(folder);
    if (Files.isRegularFile(failed)) {
      String why;
      try {
        why =
            Files.readString(failed, StandardCharsets.UTF_8)
                .strip()
                .lines()
                .map(String::strip)
                .collect(java.util.stream.Collectors.joining(" "));
      } catch (IOException e) {
        why = "failed (" + failed + " unreadable)";
      }
      return new Entry(name, State.FAILED, done, total, spf, pixels, why);
    }
    if (done >= total && m.encodedFrames() >= total) {
      if (m.presetFrames() > total) {
        return new Entry(
            name,
            State.PARTIAL,
            done,
            m.presetFrames(),
            spf,
            pixels,
            "partial render of "
                + total
                + " of "
                + m.presetFrames()
                + " frames (--frames); rendering it without --frames continues it");
      }
      return new Entry(name, State.FINISHED, done, total, spf, pixels, "");
    }
    return new Entry(
        name, State.PARTIAL, done, total, spf, pixels, done >= total ? "not encoded yet" : "");
  }

  /**
   * Adds the presets of a queue that have no render folder yet, as waiting, each at the pace per
   * pixel the others show (unknown when none shows one).
   */
  public static List<Entry> withQueue(List<Entry> found, List<Path> queue, Path root) {
    double seconds = 0;
    double pixels = 0;
    for (Entry e : found) {
      if (e.secondsPerFrame() > 0 && e.pixels() > 0) {
        seconds += e.secondsPerFrame();
        pixels += e.pixels();
      }
    }
    List<Entry> all = new ArrayList<>(found);
    java.util.Set<String> names = new java.util.HashSet<>();
    found.forEach(e -> names.add(e.name()));
    for (Path preset : queue) {
      try {
        dev.dreamzoom.preset.RenderSpec spec =
            dev.dreamzoom.preset.PresetParser.parse(preset, MediaFiles.reading(root));
        if (names.add(spec.name())) {
          long px = (long) spec.width() * spec.height();
          all.add(
              new Entry(
                  spec.name(),
                  State.WAITING,
                  0,
                  spec.frames(),
                  pixels > 0 ? px * seconds / pixels : 0,
                  px,
                  "not started"));
        }
      } catch (IOException | dev.dreamzoom.preset.PresetException e) {
        all.add(
            new Entry(
                preset.getFileName().toString(),
                State.FAILED,
                0,
                0,
                0,
                0,
                // A preset's problems are listed one a line after its name: all of them, on one
                // line.
                e.getMessage()
                    .lines()
                    .map(String::strip)
                    .collect(java.util.stream.Collectors.joining(" "))));
      }
    }
    return all;
  }

  /** Pixels of the first frame, from its PNG header alone; 0 when there is none. */
  private static long pixels(RenderFolder folder) {
    try {
      java.awt.Dimension d = dev.dreamzoom.image.ImageFiles.dimensions(folder.frames().file(0));
      return (long) d.width * d.height;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Seconds per frame over the last frames written (at most 10), from their file times. */
  private static double pace(RenderFolder folder, int done) {
    int k = Math.min(10, done - 1);
    if (k < 1) {
      return 0;
    }
    try {
      long last = Files.getLastModifiedTime(folder.frames().file(done - 1)).toMillis();
      long first = Files.getLastModifiedTime(folder.frames().file(done - 1 - k)).toMillis();
      return Math.max(0, (last - first) / 1000.0 / k);
    } catch (IOException e) {
      return 0;
    }
  }
}
