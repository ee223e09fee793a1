package dev.dreamzoom.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.preset.EncodeSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clips show the colours of the frames, decoded as a player decodes them: the YUV planes turned
 * back into RGB with the matrix and range the stream is tagged with (the published BT.709 or BT.601
 * equations, written out here, not FFmpeg's conversion). Frames: colour swatches (primaries and
 * secondaries, greys, skin tones), ramps, and a real dream frame (a golden frame of noise-zoom).
 * Before the encoder converted with BT.709 the MP4 was off by up to 4.4 levels in green (mean,
 * signed) on the dream frame; each figure must now stay within 1.5 levels per channel.
 */
@Tag("slow")
class ClipColoursTest {
  private static final int W = 224;
  private static final int H = 128;
  private static final int PATCH = 32;
  private static final double LIMIT = 1.5;

  /** Each test frame is shown this many times, so rate control has settled when it is measured. */
  private static final int REPEAT = 4;

  private static final int[][] SWATCHES = {
    {255, 0, 0},
    {0, 255, 0},
    {0, 0, 255},
    {0, 255, 255},
    {255, 0, 255},
    {255, 255, 0},
    {128, 128, 128},
    {0, 0, 0},
    {16, 16, 16},
    {64, 64, 64},
    {160, 160, 160},
    {200, 200, 200},
    {235, 235, 235},
    {255, 255, 255},
    // Skin tones from light to dark (the Fitzpatrick-like swatches of common colour charts).
    {255, 219, 172},
    {241, 194, 125},
    {224, 172, 105},
    {198, 134, 66},
    {141, 85, 36},
    {94, 56, 28},
    {60, 40, 30},
    // Foliage, sky, a saturated orange and purple, a dark green: where a wrong matrix shows most.
    {60, 120, 40},
    {110, 160, 220},
    {240, 120, 20},
    {120, 40, 160},
    {20, 80, 40},
    {200, 60, 80},
    {90, 200, 170}
  };

  @TempDir static Path dir;
  static List<BufferedImage> sources;
  static Path frames;

  @BeforeAll
  static void writeFrames() throws IOException {
    BufferedImage swatches = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
    for (int i = 0; i < SWATCHES.length; i++) {
      int[] c = SWATCHES[i];
      fill(
          swatches,
          (i % 7) * PATCH,
          (i / 7) * PATCH,
          PATCH,
          PATCH,
          (c[0] << 16) | (c[1] << 8) | c[2]);
    }
    BufferedImage ramps = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
    for (int x = 0; x < W; x++) {
      int v = Math.round(255f * x / (W - 1));
      fill(ramps, x, 0, 1, 32, v << 16);
      fill(ramps, x, 32, 1, 32, v << 8);
      fill(ramps, x, 64, 1, 32, v);
      fill(ramps, x, 96, 1, 32, (v << 16) | (v << 8) | v);
    }
    BufferedImage dream;
    try (InputStream in = ClipColoursTest.class.getResourceAsStream("/encode/dream-frame.png")) {
      dream = ImageIO.read(in);
    }
    sources = List.of(swatches, ramps, dream);
    frames = dir.resolve("frames");
    java.nio.file.Files.createDirectories(frames);
    int n = 0;
    for (BufferedImage s : sources) {
      for (int r = 0; r < REPEAT; r++) {
        ImageFiles.writePngAtomically(
            s, frames.resolve(String.format(Locale.ROOT, "%06d.png", ++n)));
      }
    }
  }

  private static void fill(BufferedImage img, int x0, int y0, int w, int h, int rgb) {
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
  }

  private static List<Path> framePaths() throws IOException {
    try (var s = java.nio.file.Files.list(frames)) {
      return s.sorted().toList();
    }
  }

  @Test
  void mp4AndWebmAreTaggedBt709AndShowTheFramesColoursWhenDecodedAsTagged() throws Exception {
    Path out = dir.resolve("full");
    Clips.publish(
        framePaths(),
        out,
        "c",
        10,
        EncodeSpec.simple(List.of("mp4", "webm"), 18, "slow", W, H),
        Map.of(),
        n -> {});
    for (String clip : List.of("c.mp4", "c.webm")) {
      VideoInfo info = VideoInfo.probe(out.resolve(clip));
      assertEquals(
          List.of("bt709", "bt709", "bt709", "tv"),
          List.of(
              info.colorPrimaries(), info.colorTransfer(), info.colorMatrix(), info.colorRange()),
          clip);
      List<BufferedImage> decoded = decodeAsTagged(out.resolve(clip));
      assertEquals(sources.size() * REPEAT, decoded.size(), clip);
      for (int s = 0; s < sources.size(); s++) {
        BufferedImage got = decoded.get(s * REPEAT + REPEAT - 1);
        BufferedImage want = sources.get(s);
        if (s == 0) {
          for (int i = 0; i < SWATCHES.length; i++) {
            // The patch's inside: its edges share chroma samples with the neighbours.
            int x = (i % 7) * PATCH + 4;
            int y = (i / 7) * PATCH + 4;
            assertWithin(
                clip + " swatch " + java.util.Arrays.toString(SWATCHES[i]),
                meanError(got, want, x, y, PATCH - 8, PATCH - 8));
          }
        } else {
          assertWithin(
              clip + (s == 1 ? " ramps" : " dream frame"), meanError(got, want, 0, 0, W, H));
        }
      }
    }
  }

  @Test
  void theGifAndThePreviewScaledTo480PixelsKeepTheColoursToo() throws Exception {
    Path out = dir.resolve("gif");
    Clips.publish(
        framePaths(),
        out,
        "c",
        10,
        EncodeSpec.simple(List.of("gif"), 18, "slow", W, H),
        Map.of(),
        n -> {});
    Map<String, List<BufferedImage>> clips =
        Map.of(
            "gif",
            gifFrames(out.resolve("c.gif")),
            "preview",
            decodeAsTagged(out.resolve("c-preview.mp4")));
    clips.forEach(
        (clip, decoded) -> {
          for (int s = 0; s < sources.size(); s++) {
            BufferedImage got = decoded.get(s * REPEAT + REPEAT - 1);
            BufferedImage want = scaled(sources.get(s), got.getWidth(), got.getHeight());
            assertWithin(
                clip + " frame " + s, meanError(got, want, 0, 0, got.getWidth(), got.getHeight()));
          }
        });
  }

  private static void assertWithin(String what, double[] error) {
    System.out.printf(
        Locale.ROOT,
        "%s: mean error R %+.2f G %+.2f B %+.2f%n",
        what,
        error[0],
        error[1],
        error[2]);
    for (double e : error) {
      assertTrue(
          Math.abs(e) <= LIMIT,
          String.format(
              Locale.ROOT,
              "%s: mean error R %+.2f G %+.2f B %+.2f levels, more than %.1f",
              what,
              error[0],
              error[1],
              error[2],
              LIMIT));
    }
  }

  /** Mean signed error per channel (decoded minus source) over a rectangle. */
  static double[] meanError(BufferedImage got, BufferedImage want, int x0, int y0, int w, int h) {
    double[] sum = new double[3];
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int a = got.getRGB(x, y);
        int b = want.getRGB(x, y);
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c;
          sum[c] += ((a >> shift) & 255) - ((b >> shift) & 255);
        }
      }
    }
    for (int c = 0; c < 3; c++) {
      sum[c] /= (double) w * h;
    }
    return sum;
  }

  private static BufferedImage scaled(BufferedImage src, int w, int h) {
    if (src.getWidth() == w && src.getHeight() == h) {
      return src;
    }
    return ImageFiles.toBufferedImage(ImageFiles.fromBufferedImage(src).resize(w, h));
  }

  /**
   * Every frame of a clip as a player shows it: the decoder's yuv420p planes to RGB with the matrix
   * and range of the stream's own tags (BT.709 or BT.601; limited or full range), chroma upsampled
   * by repetition.
   */
  static List<BufferedImage> decodeAsTagged(Path clip) throws IOException {
    VideoInfo info = VideoInfo.probe(clip);
    double kr = info.colorMatrix().equals("bt709") ? 0.2126 : 0.299;
    double kb = info.colorMatrix().equals("bt709") ? 0.0722 : 0.114;
    boolean limited = !info.colorRange().equals("pc");
    List<BufferedImage> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      g.start();
      int w = g.getImageWidth();
      int h = g.getImageHeight();
      Frame f;
      while ((f = g.grabImage()) != null) {
        // One buffer holds the three planes; its limit covers the luma plane only.
        ByteBuffer b = ((ByteBuffer) f.image[0]).duplicate();
        b.limit(b.capacity());
        int stride = f.imageStride;
        assertTrue(
            b.capacity() >= stride * h + 2 * (stride / 2) * (h / 2), "contiguous yuv420p planes");
        int uAt = stride * h;
        int vAt = uAt + (stride / 2) * (h / 2);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            double yy = b.get(y * stride + x) & 255;
            double u = b.get(uAt + (y / 2) * (stride / 2) + x / 2) & 255;
            double v = b.get(vAt + (y / 2) * (stride / 2) + x / 2) & 255;
            double ey = limited ? (yy - 16) / 219 : yy / 255;
            double pb = limited ? (u - 128) / 224 : (u - 128) / 255;
            double pr = limited ? (v - 128) / 224 : (v - 128) / 255;
            double r = ey + 2 * (1 - kr) * pr;
            double bl = ey + 2 * (1 - kb) * pb;
            double gr = (ey - kr * r - kb * bl) / (1 - kr - kb);
            img.setRGB(x, y, (level(r) << 16) | (level(gr) << 8) | level(bl));
          }
        }
        out.add(img);
      }
      g.stop();
    }
    return out;
  }

  /** The GIF's frames (the encoder writes each one whole, at the clip's size). */
  private static List<BufferedImage> gifFrames(Path gif) throws IOException {
    javax.imageio.ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    List<BufferedImage> out = new ArrayList<>();
    try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      for (int i = 0; i < reader.getNumImages(true); i++) {
        out.add(reader.read(i));
      }
    } finally {
      reader.dispose();
    }
    return out;
  }

  private static int level(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v * 255)));
  }
}
