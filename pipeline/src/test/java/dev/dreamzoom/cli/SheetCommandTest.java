package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.frames.FrameFolder;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SheetCommandTest {
  @TempDir Path dir;

  @Test
  void picksEveryKthFrameInRowsOfThumbnails() throws Exception {
    FrameFolder frames = new FrameFolder(dir.resolve("frames"));
    for (int i = 0; i < 10; i++) {
      frames.accept(i, RgbImage.filled(64, 36, i * 25f));
    }
    CliTest.Run r =
        CliTest.run("sheet", dir.toString(), "--every", "3", "--columns", "2", "--width", "32");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("4 of 10 frames, every 3"), r.out());
    RgbImage sheet = ImageFiles.read(dir.resolve("sheet.png"));
    // Frames 1, 4, 7, 10 as 32x18 tiles, 2 per row, 4 px gaps.
    assertEquals(2 * 32 + 3 * 4, sheet.width());
    assertEquals(2 * 18 + 3 * 4, sheet.height());
    // Top-right tile is frame 4 (value 75); bottom-left is frame 7 (value 150), away from the
    // label.
    assertEquals(75, sheet.get(4 + 32 + 4 + 28, 4 + 2, 0), 1.5);
    assertEquals(150, sheet.get(4 + 28, 4 + 18 + 4 + 2, 0), 1.5);
  }

  @Test
  void aFolderWithoutFramesIsOneClearError() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    CliTest.Run r = CliTest.run("sheet", dir.resolve("empty").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no frames in"), r.err());
  }
}
