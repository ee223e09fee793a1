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
    assertTrue(
        Files.getPosixFilePermissions(file)
            .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
        "readable by others, as the umask allows");
  }

  private void assertUnreadable(Path file, String message) {
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
  }

  @Test
  void unreadableImagesGiveAClearError() throws IOException {
    Files.writeString(dir.resolve("text.png"), "this is not a picture");
    assertUnreadable(dir.resolve("text.png"), "not an image this program can read");
    Files.write(dir.resolve("empty.jpg"), new byte[0]);
    assertUnreadable(dir.resolve("empty.jpg"), "image file is empty (0 bytes)");
    assertUnreadable(dir.resolve("none.jpg"), "image not found");

    Path good = dir.resolve("good.png");
    float[] p = new float[64 * 64 * 3];
    for (int i = 0; i < p.length; i++) {
      p[i] = (i * 7919) % 256;
    }
    ImageFiles.writePngAtomically(new RgbImage(64, 64, p), good);
    byte[] bytes = Files.readAllBytes(good);
    Files.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertUnreadable(dir.resolve("truncated.png"), "corrupt or truncated image");
  }

  @Test
  void enormousImagesAreRefusedFromTheirHeaderBeforeDecoding() throws IOException {
    // A valid PNG header claiming 20000 x 20000 pixels (400 megapixels), and no pixel data.
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    java.nio.ByteBuffer ihdr =
        java.nio.ByteBuffer.allocate(13)
            .putInt(20000)
            .putInt(20000)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    crc.update(ihdr.array());
    png.write(java.nio.ByteBuffer.allocate(4).putInt(13).array());
    png.write("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    png.write(ihdr.array());
    png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    Path huge = dir.resolve("huge.png");
    Files.write(huge, png.toByteArray());
    assertUnreadable(huge, "image too large: 20000x20000 pixels (limit 100 megapixels)");
  }
}
