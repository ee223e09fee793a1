package dev.dreamzoom.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.testing.Wavs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source videos as users have them: a phone video stored sideways with a rotation tag, a variable
 * frame rate, and files that are not videos at all.
 */
@Tag("slow")
class VideoReaderTest {
  @TempDir Path dir;

  /**
   * Writes frames of solid colours at the given times (seconds), optionally tagged with a rotation.
   */
  private Path video(String name, int w, int h, double[] times, Color[] colours, double rotation)
      throws Exception {
    Path file = dir.resolve(name);
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
        Java2DFrameConverter c = new Java2DFrameConverter()) {
      r.setFormat("mp4");
      r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      r.setFrameRate(100);
      r.setVideoOption("crf", "5");
      if (rotation != 0) {
        r.setDisplayRotation(rotation);
      }
      r.start();
      for (int i = 0; i < times.length; i++) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(colours[i]);
        g.fillRect(0, 0, w, h);
        // A white mark in the stored picture's top-left corner, to see which way is up.
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w / 4, h / 4);
        g.dispose();
        r.setTimestamp(Math.round(times[i] * 1e6));
        r.record(c.convert(img));
      }
      r.stop();
    }
    return file;
  }

  @Test
  void aVariableFrameRateIsReadByTime() throws Exception {
    // Frames at 0, 0.1, 0.15 and 0.5 s: at 20 fps, frames 0-1 show red, 2 green, 3-9 blue, 10 on
    // white.
    Path f =
        video(
            "vfr.mp4",
            64,
            48,
            new double[] {0, 0.1, 0.15, 0.5},
            new Color[] {Color.RED, Color.GREEN, Color.BLUE, Color.GRAY},
            0);
    String expected = "RRGBBBBBBBY";
    try (VideoReader r = VideoReader.open(f, 0, 20, 64, 48)) {
      StringBuilder seen = new StringBuilder();
      for (int t = 0; t < expected.length(); t++) {
        seen.append(colour(r.frame(t)));
      }
      assertEquals(expected, seen.toString());
    }
  }

  @Test
  void aPhoneVideoStoredSidewaysIsTurnedUpright() throws Exception {
    // Stored 64x32 with its mark top-left, tagged to be shown turned a quarter clockwise.
    Path f =
        video("phone.mp4", 64, 32, new double[] {0, 0.04}, new Color[] {Color.RED, Color.RED}, -90);
    VideoReader.Facts facts = VideoReader.probe(f);
    assertEquals(32, facts.width(), "shown upright: as wide as it is stored high");
    assertEquals(64, facts.height());
    try (VideoReader r = VideoReader.open(f, 0, 25, 32, 64)) {
      RgbImage img = r.frame(0);
      // Turned a quarter clockwise, the stored top-left corner is at the top right.
      assertTrue(
          img.get(28, 4, 1) > 200 && img.get(3, 4, 1) < 80,
          "the mark is top right: " + img.get(28, 4, 1) + ", top left " + img.get(3, 4, 1));
    }
  }

  @Test
  void filesThatAreNotVideosAreOneMessageNamingThem() throws Exception {
    Path wav = Wavs.write(dir.resolve("song.wav"), new float[8000], 8000, 1);
    IOException e = assertThrows(IOException.class, () -> VideoReader.probe(wav));
    assertTrue(
        e.getMessage().contains("song.wav") && e.getMessage().contains("no video stream"),
        e.getMessage());
    Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video");
    e = assertThrows(IOException.class, () -> VideoReader.probe(text));
    assertTrue(
        e.getMessage().contains("notes.mp4") && e.getMessage().contains("cannot read"),
        e.getMessage());
    e =
        assertThrows(
            IOException.class,
            () -> VideoReader.probe(Files.createDirectories(dir.resolve("clips.mp4"))));
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    e = assertThrows(IOException.class, () -> VideoReader.probe(dir.resolve("gone.mp4")));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  /** Issue 34: videos of 32x32 pixels or less were a NullPointerException in the reader. */
  @Test
  void tinyVideosAreReadNotACrash() throws Exception {
    for (int size : new int[] {32, 16, 8}) {
      Path f =
          video(
              "tiny" + size + ".mp4",
              size,
              size,
              new double[] {0, 0.04, 0.08},
              new Color[] {Color.RED, Color.GREEN, Color.BLUE},
              0);
      VideoReader.Facts facts = VideoReader.probe(f);
      assertEquals(size, facts.width(), f.toString());
      try (VideoReader r = VideoReader.open(f, 0, 25, 64, 48)) {
        assertEquals(64, r.frame(0).width());
        assertTrue(
            r.frame(2).get(40, 30, 2) > 150,
            "the third frame is blue: " + r.frame(2).get(40, 30, 2));
      }
    }
  }

  /**
   * Issue 34: a video that ends (truncated, or replaced by a shorter one) before the time a frame
   * asks for gave the last picture for every frame after it; it is an error naming the file and
   * times.
   */
  @Test
  void aFrameAskedPastWhatTheFileDecodesIsAnErrorNotAFrozenPicture() throws Exception {
    Path f =
        video(
            "short.mp4",
            64,
            48,
            new double[] {0, 0.04, 0.08, 0.12},
            new Color[] {Color.RED, Color.GREEN, Color.BLUE, Color.GRAY},
            0);
    try (VideoReader r = VideoReader.open(f, 0, 25, 64, 48)) {
      assertEquals('Y', colour(r.frame(3)));
      // Frame 4 is the picture at 0.16 s: the last one (0.12 s) still shows then.
      assertEquals('Y', colour(r.frame(4)));
      IOException e = assertThrows(IOException.class, () -> r.frame(12));
      assertTrue(
          e.getMessage().contains("short.mp4") && e.getMessage().contains("0.48 s"),
          e.getMessage());
    }
    try (VideoReader r = VideoReader.open(f, 2.0, 25, 64, 48)) {
      IOException e = assertThrows(IOException.class, () -> r.frame(0));
      assertTrue(
          e.getMessage().contains("short.mp4") && e.getMessage().contains("2.00 s"),
          e.getMessage());
    }
  }

  /** Issue 34: a FIFO or a device as the video was "not found"; it is named as what it is. */
  @Test
  void aPipeOrADeviceIsNamedAsNotARegularFile() throws Exception {
    Path fifo = dir.resolve("pipe.mp4");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    for (Path p : new Path[] {fifo, Path.of("/dev/zero")}) {
      IOException e = assertThrows(IOException.class, () -> VideoReader.probe(p));
      assertTrue(
          e.getMessage().contains(p.toString()) && e.getMessage().contains("not a regular file"),
          e.getMessage());
    }
  }

  private static char colour(RgbImage img) {
    float r = img.get(48, 36, 0);
    float g = img.get(48, 36, 1);
    float b = img.get(48, 36, 2);
    if (r > 200 && g < 60 && b < 60) {
      return 'R';
    }
    if (g > 200 && r < 60 && b < 60) {
      return 'G';
    }
    if (b > 200 && r < 60 && g < 60) {
      return 'B';
    }
    return Math.abs(r - g) < 20 && Math.abs(g - b) < 20 ? 'Y' : '?';
  }
}
