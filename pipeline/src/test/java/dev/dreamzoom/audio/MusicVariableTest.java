package dev.dreamzoom.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MusicVariableTest {
  /** The README's table of music variables is this list, row for row. */
  @Test
  void theReadmesTableIsTheList() throws Exception {
    List<String> table =
        Files.readAllLines(Path.of("README.md")).stream()
            .dropWhile(l -> !l.equals("| variable | what it is | scale |"))
            .skip(2)
            .takeWhile(l -> l.startsWith("|"))
            .toList();
    List<String> rows =
        Arrays.stream(MusicVariable.values())
            .map(v -> "| `" + v.key() + "` | " + v.doc() + " | " + v.scale() + " |")
            .toList();
    assertEquals(rows, table);
  }

  @Test
  void keysAreInCsvOrderAndNamedOnce() {
    // New variables come last, so the columns of an earlier version's CSV keep their places.
    assertEquals(
        List.of(
            "rms",
            "bass",
            "mid",
            "high",
            "onset",
            "hit",
            "beat",
            "bpm",
            "percussive",
            "harmonic",
            "centroid",
            "section",
            "change"),
        MusicVariable.keys());
    for (MusicVariable v : MusicVariable.values()) {
      assertEquals(v, MusicVariable.named(v.key()).orElseThrow());
    }
    assertEquals(false, MusicVariable.named("BASS").isPresent());
  }
}
