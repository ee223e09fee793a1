package dev.dreamzoom.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is wrong with a path given as an image is said as it is: missing, a folder, a device. */
class ImageFilesTest {
  @TempDir Path dir;

  private static String error(Path p) {
    return assertThrows(IOException.class, () -> ImageFiles.read(p)).getMessage();
  }

  @Test
  void missingFolderAndDeviceAreToldApart() {
    assertEquals("image not found: " + dir.resolve("nope.jpg"), error(dir.resolve("nope.jpg")));
    assertEquals(dir + " is a folder, not an image file (JPEG or PNG)", error(dir));
    assertEquals(
        "/dev/zero is not a regular file (a device or a pipe); give a JPEG or PNG",
        error(Path.of("/dev/zero")));
  }
}
