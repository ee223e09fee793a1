package dev.dreamzoom.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetQueueTest {
  @TempDir Path dir;

  @Test
  void shardsPartitionTheQueue() {
    for (int size = 0; size <= 10; size++) {
      List<Path> queue = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        queue.add(Path.of("p" + i + ".properties"));
      }
      for (int n = 1; n <= 4; n++) {
        Set<Path> seen = new HashSet<>();
        int total = 0;
        for (int i = 1; i <= n; i++) {
          List<Path> shard = PresetQueue.shard(queue, i, n);
          total += shard.size();
          seen.addAll(shard);
          assertEquals(shard, PresetQueue.shard(queue, i, n), "deterministic");
        }
        assertEquals(size, total, "no preset in two shards (" + size + " / " + n + ")");
        assertEquals(new HashSet<>(queue), seen, "every preset in some shard");
      }
    }
    assertEquals(
        List.of(Path.of("b"), Path.of("e")),
        PresetQueue.shard(
            List.of(Path.of("a"), Path.of("b"), Path.of("c"), Path.of("d"), Path.of("e")), 2, 3));
    assertThrows(IllegalArgumentException.class, () -> PresetQueue.shard(List.of(), 4, 3));
  }

  @Test
  void readsAFolderOrAListFile() throws Exception {
    Files.writeString(dir.resolve("b.properties"), "");
    Files.writeString(dir.resolve("a.properties"), "");
    Files.writeString(dir.resolve("notes.txt"), "");
    assertEquals(
        List.of(dir.resolve("a.properties"), dir.resolve("b.properties")), PresetQueue.read(dir));
    Path list = dir.resolve("queue.txt");
    Files.writeString(list, "# tonight\nb.properties\n\n  sub/c.properties  \n");
    assertEquals(
        List.of(dir.resolve("b.properties"), dir.resolve("sub/c.properties")),
        PresetQueue.read(list));
    assertThrows(java.io.IOException.class, () -> PresetQueue.read(dir.resolve("missing.txt")));
  }

  @Test
  void aFolderQueueLeavesOutTheReferencePreset() throws Exception {
    java.util.List<Path> queue = PresetQueue.read(Path.of("presets"));
    assertTrue(
        queue.stream().noneMatch(p -> p.getFileName().toString().equals("reference.properties")),
        queue.toString());
    assertTrue(
        queue.stream().anyMatch(p -> p.getFileName().toString().equals("noise-zoom.properties")));
  }
}
