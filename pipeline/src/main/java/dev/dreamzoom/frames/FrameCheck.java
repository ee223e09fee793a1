package dev.dreamzoom.frames;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a render folder's frames look like against what its checkpoint says is done: frames missing,
 * damaged (a PNG that does not decode, or of the wrong size) and files that should not be there (a
 * frame after the checkpoint, which a resume writes again, or anything else).
 *
 * @param done frames the checkpoint says are complete
 * @param missing 0-based indices of frames below {@code done} with no file
 * @param damaged 0-based indices of frames below {@code done} whose file is not a good frame
 * @param after 0-based indices of frame files at or after {@code done}: written after the last
 *     checkpoint (a resume writes them again), or being written by a live render
 * @param unexpected other files in the frames folder, with why
 */
public record FrameCheck(
    int done,
    SortedSet<Integer> missing,
    SortedSet<Integer> damaged,
    SortedSet<Integer> after,
    List<String> unexpected) {
  public FrameCheck {
    missing = new TreeSet<>(missing);
    damaged = new TreeSet<>(damaged);
    after = new TreeSet<>(after);
    unexpected = List.copyOf(unexpected);
  }

  /**
   * Looks at every file of {@code folder}'s frames.
   *
   * @param decode also decode each PNG (slower); otherwise only their presence is checked
   */
  public static FrameCheck of(RenderFolder folder, int done, int width, int height, boolean decode)
      throws IOException {
    SortedSet<Integer> missing = new TreeSet<>();
    SortedSet<Integer> damaged = new TreeSet<>();
    for (int i = 0; i < done; i++) {
      Path f = folder.frames().file(i);
      if (!Files.isRegularFile(f)) {
        missing.add(i);
      } else if (decode && !isGoodFrame(f, width, height)) {
        damaged.add(i);
      }
    }
    SortedSet<Integer> after = new TreeSet<>();
    List<String> unexpected = new ArrayList<>();
    if (Files.isDirectory(folder.frames().dir())) {
      try (Stream<Path> s = Files.list(folder.frames().dir())) {
        for (Path p : s.sorted().toList()) {
          String name = p.getFileName().toString();
          int index =
              name.matches("\\d{6}\\.png") ? Integer.parseInt(name.substring(0, 6)) - 1 : -1;
          if (index < 0) {
            unexpected.add(name + " (not a frame of this program)");
          } else if (index >= done) {
            after.add(index);
          }
        }
      }
    }
    return new FrameCheck(done, missing, damaged, after, unexpected);
  }

  private static boolean isGoodFrame(Path f, int width, int height) {
    try {
      RgbImage img = ImageFiles.read(f);
      return img.width() == width && img.height() == height;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Frames to regenerate, 0-based: the missing and the damaged. */
  public SortedSet<Integer> toRegenerate() {
    SortedSet<Integer> all = new TreeSet<>(missing);
    all.addAll(damaged);
    return all;
  }

  public boolean ok() {
    return missing.isEmpty() && damaged.isEmpty() && after.isEmpty() && unexpected.isEmpty();
  }

  /** Every file that should not be there, with why: frames after the checkpoint, then the rest. */
  public List<String> leftovers() {
    List<String> all = new ArrayList<>();
    for (int i : after) {
      all.add(
          String.format("%06d.png", i + 1)
              + " (after the last checkpoint, frame "
              + done
              + "; a resume writes it again)");
    }
    all.addAll(unexpected);
    return all;
  }

  /** 1-based frame numbers, runs shortened: {@code 3, 7-9}. */
  public static String numbers(SortedSet<Integer> indices) {
    StringBuilder sb = new StringBuilder();
    Integer start = null;
    Integer prev = null;
    for (int i : indices) {
      if (prev != null && i == prev + 1) {
        prev = i;
        continue;
      }
      if (start != null) {
        sb.append(sb.length() > 0 ? ", " : "").append(range(start, prev));
      }
      start = i;
      prev = i;
    }
    if (start != null) {
      sb.append(sb.length() > 0 ? ", " : "").append(range(start, prev));
    }
    return sb.toString();
  }

  private static String range(int a, int b) {
    return a == b ? Integer.toString(a + 1) : (a + 1) + "-" + (b + 1);
  }
}
