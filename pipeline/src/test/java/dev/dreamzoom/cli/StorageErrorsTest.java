package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real full disk and a real read-only cache: one message naming the path and the next step. */
@Tag("slow")
class StorageErrorsTest {
  @TempDir Path dir;

  private Path preset() throws Exception {
    Path p = dir.resolve("disk.properties");
    Files.writeString(
        p,
        """
        name = disk
        width = 320
        height = 192
        frames = 8
        dream.octaves = 1
        dream.iterations = 2
        motion.zoom = 1.05
        encode.preset = ultrafast
        """);
    return p;
  }

  private static List<Path> frames(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
  }

  @Test
  void aFullDiskNamesTheFileAndAfterFreeingSpaceTheSameCommandFinishesExactly() throws Exception {
    Path preset = preset();
    CliTest.Run clean = CliTest.render(preset, dir.resolve("clean"));
    assertEquals(0, clean.code(), clean.err());
    try (Tmpfs disk = Tmpfs.mount(dir.resolve("small"), "size=900k")) {
      String[] args = {
        "render",
        preset.toString(),
        "--output",
        disk.dir().resolve("out").toString(),
        "--model-mirror",
        Shared.models().toString()
      };
      CliTest.Run full = CliTest.run(args);
      assertEquals(1, full.code(), full.out());
      assertTrue(
          full.err().startsWith("error: cannot write " + disk.dir().resolve("out/disk")),
          full.err());
      assertTrue(
          full.err()
              .contains(
                  "No space left on device (the disk is full: free some space, then run the"
                      + " same command again"),
          full.err());
      assertFalse(full.err().contains("\tat ") || full.err().contains("Exception"), full.err());

      disk.remount("size=30m");
      CliTest.Run again = CliTest.run(args);
      assertEquals(0, again.code(), again.err());
      assertTrue(again.out().contains("resuming at frame"), again.out());
      List<Path> expected = frames(dir.resolve("clean/disk/frames"));
      List<Path> actual = frames(disk.dir().resolve("out/disk/frames"));
      assertEquals(8, actual.size());
      for (int i = 0; i < 8; i++) {
        assertArrayEquals(
            Files.readAllBytes(expected.get(i)),
            Files.readAllBytes(actual.get(i)),
            "frame " + (i + 1));
      }
    }
  }

  @Test
  void aReadOnlyCacheIsNamedAsTheCacheNotAsADownloadProblem() throws Exception {
    try (Tmpfs cache = Tmpfs.mount(dir.resolve("ro"), "size=1m,ro")) {
      Path log = dir.resolve("ro.log");
      Process p =
          Subprocess.start(
              log,
              List.of(),
              Map.of("DREAMZOOM_CACHE", cache.dir().toString()),
              "render",
              preset().toString(),
              "--output",
              dir.resolve("out").toString());
      assertTrue(p.waitFor(2, TimeUnit.MINUTES));
      String err = Files.readString(log);
      assertEquals(1, p.exitValue(), err);
      assertTrue(
          err.contains(
              "error: the model cache "
                  + cache.dir().resolve("models")
                  + " cannot be written"
                  + " (Read-only file system); set DREAMZOOM_CACHE to a writable folder"),
          err);
      assertFalse(err.contains("cannot fetch") || err.contains("Exception"), err);
    }
  }
}
