package dev.dreamzoom.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.EncodeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class Mp4EncoderTest {
  @TempDir Path dir;

  private List<Path> frames(int n, int w, int h) throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] p = new float[w * h * 3];
      for (int j = 0; j < p.length; j++) {
        p[j] = (j / 3 % w + i * 8) % 256;
      }
      Path f = dir.resolve(String.format("%06d.png", i + 1));
      ImageFiles.writePngAtomically(new RgbImage(w, h, p), f);
      files.add(f);
    }
    return files;
  }

  @Test
  void writesHighProfileYuv420pWithExactFrameCountSizeAndRate() throws Exception {
    Path video = dir.resolve("clip.mp4");
    Mp4Encoder.encode(frames(12, 96, 64), video, 24, new EncodeSpec("mp4", 20, "veryfast", 96, 64), n -> { });
    VideoInfo info = VideoInfo.probe(video);
    assertEquals(new VideoInfo("h264", "High", "yuv420p", 96, 64, 24.0, 12), info);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".part")).count());
    }
  }

  @Test
  void encodesAtThePublishSize() throws Exception {
    Path video = dir.resolve("big.mp4");
    Mp4Encoder.encode(frames(3, 64, 36), video, 30, new EncodeSpec("mp4", 20, "ultrafast", 192, 108), n -> { });
    VideoInfo info = VideoInfo.probe(video);
    assertEquals(192, info.width());
    assertEquals(108, info.height());
    assertEquals(3, info.frames());
  }

  @Test
  void aBrokenFrameFailsWithoutLeavingAVideo() throws Exception {
    List<Path> files = frames(2, 32, 32);
    Files.writeString(files.get(1), "garbage");
    Path video = dir.resolve("broken.mp4");
    assertThrows(EncodeException.class,
        () -> Mp4Encoder.encode(files, video, 30, new EncodeSpec("mp4", 20, "ultrafast", 32, 32), n -> { }));
    assertEquals(false, Files.exists(video));
  }
}
