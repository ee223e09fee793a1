package dev.dreamzoom.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RgbImageTest {
  @TempDir Path dir;

  @Test
  void resizeKeepsAFlatImageFlat() {
    RgbImage out = RgbImage.filled(100, 60, 77f).resize(33, 17);
    assertEquals(33, out.width());
    assertEquals(17, out.height());
    for (float v : out.pixels()) {
      assertEquals(77f, v, 1e-4);
    }
  }

  @Test
  void coverCropTakesTheCentreWithoutStretching() {
    // 200x100, left half black, right half white; a square cover crop sees both halves equally.
    float[] p = new float[200 * 100 * 3];
    for (int y = 0; y < 100; y++) {
      for (int x = 100; x < 200; x++) {
        for (int c = 0; c < 3; c++) {
          p[(y * 200 + x) * 3 + c] = 255;
        }
      }
    }
    RgbImage out = new RgbImage(200, 100, p).coverCrop(50, 50);
    assertEquals(50, out.width());
    assertEquals(50, out.height());
    assertEquals(0, out.get(5, 25, 0), 1);
    assertEquals(255, out.get(45, 25, 0), 1);
  }

  @Test
  void pngRoundTripIsExactToEightBitsAndLeavesNoTemporaryFiles() throws IOException {
    float[] p = new float[16 * 8 * 3];
    for (int i = 0; i < p.length; i++) {
      p[i] = (i * 37 % 256) + 0.3f;
    }
    Path file = dir.resolve("f.png");
    ImageFiles.writePngAtomically(new RgbImage(16, 8, p), file);
    RgbImage back = ImageFiles.read(file);
    for (int i = 0; i < p.length; i++) {
      assertEquals(Math.round(p[i]), back.pixels()[i], 0.0);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "only the PNG itself");
    }
  }

  @Test
  void unreadableImagesGiveAClearError() throws IOException {
    Path bad = dir.resolve("bad.png");
    Files.writeString(bad, "this is not a picture");
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(bad));
    assertTrue(e.getMessage().contains("bad.png"), e.getMessage());
    IOException missing = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("none.jpg")));
    assertTrue(missing.getMessage().contains("image not found"), missing.getMessage());
  }
}
