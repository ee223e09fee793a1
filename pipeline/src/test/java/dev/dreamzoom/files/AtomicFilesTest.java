package dev.dreamzoom.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 34: an atomic write replaced whatever stood at its path, a device (as root, /dev/full), a
 * pipe, an empty folder, or the command's own input. It replaces only a regular file that no
 * running command reads; anything else is one message naming the path.
 */
class AtomicFilesTest {
  @TempDir Path dir;

  private static void write(Path file, String text) throws IOException {
    AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRegularFileIsReplacedWhole() throws Exception {
    Path f = dir.resolve("a.csv");
    write(f, "one");
    write(f, "two");
    assertEquals("two", Files.readString(f));
  }

  @Test
  void aFolderIsNeverReplacedAndTheMessageNamesIt() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("plots"));
    IOException e = assertThrows(IOException.class, () -> write(folder, "x"));
    assertTrue(
        e.getMessage().contains(folder.toString()) && e.getMessage().contains("is a folder"),
        e.getMessage());
    assertFalse(e.getMessage().contains(".tmp"), "no internal temp-file name: " + e.getMessage());
    assertTrue(Files.isDirectory(folder));
  }

  @Test
  void aPipeIsNeverReplaced() throws Exception {
    Path fifo = dir.resolve("pipe.csv");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    IOException e = assertThrows(IOException.class, () -> write(fifo, "x"));
    assertTrue(
        e.getMessage().contains(fifo.toString()) && e.getMessage().contains("not a regular file"),
        e.getMessage());
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still the pipe");
    IOException moved =
        assertThrows(
            IOException.class,
            () -> AtomicFiles.move(Files.writeString(dir.resolve("x"), "x"), fifo));
    assertTrue(moved.getMessage().contains("not a regular file"), moved.getMessage());
  }

  @Test
  void aDeviceIsNeverReplacedEvenAsRoot() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.exists(full), "no /dev/full here");
    IOException e = assertThrows(IOException.class, () -> write(full, "x"));
    assertTrue(
        e.getMessage().contains("/dev/full") && e.getMessage().contains("not a regular file"),
        e.getMessage());
    assertFalse(Files.isRegularFile(full), "/dev/full is still the device");
  }

  @Test
  void anInputOfTheRunningCommandIsNeverWrittenOver() throws Exception {
    Path track = Files.writeString(dir.resolve("track.wav"), "music");
    Path other = dir.resolve("./track.wav");
    try (AtomicFiles.Inputs in = AtomicFiles.reading(List.of(track))) {
      IOException e = assertThrows(IOException.class, () -> write(other, "csv"));
      assertTrue(e.getMessage().contains("input of this command"), e.getMessage());
      Path link = Files.createSymbolicLink(dir.resolve("link.wav"), track);
      assertThrows(IOException.class, () -> write(link, "csv"), "a link to the input is the input");
      assertEquals("music", Files.readString(track));
    }
    write(track, "csv");
    assertEquals(
        "csv", Files.readString(track), "once the command is done, the file is a file like any");
  }
}
