package dev.dreamzoom.app;

import dev.dreamzoom.files.SourceFile;
import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A render's sources (the files its preset names: seed photo, video, soundtracks, images of the
 * objective) held to what they were when it began: recorded in its manifest, compared before a
 * resume, a repair, an encode or a verify uses them, and watched while it renders, so that frames
 * from two versions of a file are never spliced into one render.
 */
final class Sources {
  private Sources() {}

  /** Each input of {@code spec} as it is now (hashed once). */
  static List<SourceFile> record(RenderSpec spec, Consumer<String> progress) throws IOException {
    List<SourceFile> out = new ArrayList<>();
    for (Map.Entry<String, Path> e : spec.inputs().entrySet()) {
      out.add(SourceFile.of(e.getKey(), e.getValue(), progress));
    }
    return out;
  }

  /**
   * What changed in the recorded sources of {@code m} that {@code keys} selects (all when null), by
   * key, each read where {@code spec} names it now (where the manifest recorded it when {@code
   * spec} is null or names it no longer); empty when all hold the bytes they held, or none were
   * recorded.
   */
  static Map<String, String> changes(Manifest m, RenderSpec spec, Set<String> keys)
      throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (m.sources() == null) {
      return out;
    }
    for (SourceFile recorded : m.sources()) {
      if (keys != null && !keys.contains(recorded.key())) {
        continue;
      }
      Path now = spec == null ? null : spec.inputs().get(recorded.key());
      SourceFile at =
          now == null
              ? recorded
              : new SourceFile(
                  recorded.key(),
                  now.toAbsolutePath().normalize(),
                  recorded.size(),
                  recorded.modified(),
                  recorded.sha256());
      at.change().ifPresent(c -> out.put(recorded.key(), c));
    }
    return out;
  }

  /**
   * Fails naming each changed source that {@code keys} selects (all when null), for a command about
   * to use them.
   *
   * @param doing what the command would do with them ("resume", "repair", ...)
   */
  static void requireUnchanged(
      Map<String, String> changes, Set<String> keys, Path dir, String doing) throws IOException {
    List<String> hit =
        changes.entrySet().stream()
            .filter(e -> keys == null || keys.contains(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    requireNone(hit, dir, doing);
  }

  /**
   * As {@link #requireUnchanged(Map, Set, Path, String)}, reading the sources {@code keys} selects.
   */
  static void requireUnchanged(
      Manifest m, RenderSpec spec, Set<String> keys, Path dir, String doing) throws IOException {
    requireNone(List.copyOf(changes(m, spec, keys).values()), dir, doing);
  }

  private static void requireNone(List<String> hit, Path dir, String doing) throws IOException {
    if (!hit.isEmpty()) {
      throw new IOException(
          dir
              + ": cannot "
              + doing
              + ": since the render began, "
              + String.join("; ", hit)
              + ". Put the file back as it was, or use dreamzoom render --restart to move this render aside and"
              + " start over from the file as it is now");
    }
  }

  /** The keys whose files a clip's encoding reads: its soundtrack. */
  static Set<String> soundtrackKeys(Manifest m) {
    Set<String> keys = new java.util.HashSet<>();
    Path audio = m.encode().audio();
    if (audio != null && m.sources() != null) {
      for (SourceFile s : m.sources()) {
        if (s.path().equals(audio.toAbsolutePath().normalize())) {
          keys.add(s.key());
        }
      }
    }
    return keys;
  }

  /**
   * {@code sink} with every source looked at (size and time) before each frame is stored: a source
   * that changed under the render stops it there, before the frame that may have read the new file
   * is kept. A file touched with the same bytes goes on.
   */
  static FrameSink watching(FrameSink sink, List<SourceFile> sources, Path dir) {
    List<SourceFile> held = new ArrayList<>(sources);
    return new FrameSink() {
      @Override
      public void accept(int index, RgbImage frame) throws IOException {
        accept(index, frame, frame);
      }

      @Override
      public void accept(int index, RgbImage frame, RgbImage state) throws IOException {
        for (int i = 0; i < held.size(); i++) {
          SourceFile s = held.get(i);
          if (!s.touched()) {
            continue;
          }
          var change = s.change();
          if (change.isPresent()) {
            throw new IOException(
                dir
                    + ": "
                    + change.get()
                    + " while it was rendering; stopped before"
                    + " frame "
                    + (index + 1)
                    + " (the frames stored so far all come from the file as it was)."
                    + " Put the file back as it was and run again to resume, or use --restart to start over from"
                    + " the file as it is now");
          }
          held.set(i, s.retimed());
        }
        sink.accept(index, frame, state);
      }
    };
  }
}
