package dev.dreamzoom.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The frames a clip shows, in order, each made when asked: rendered PNGs, possibly reordered
 * (loops) or blended (crossfades, interpolation), without holding the clip in memory.
 */
interface FrameSequence {
  int size();

  BufferedImage get(int index) throws IOException;

  /** The rendered frames as they are. */
  static FrameSequence of(List<Path> files) {
    return new FrameSequence() {
      @Override
      public int size() {
        return files.size();
      }

      @Override
      public BufferedImage get(int index) throws IOException {
        BufferedImage img = ImageIO.read(files.get(index).toFile());
        if (img == null) {
          throw new IOException("frame is not a readable PNG: " + files.get(index));
        }
        return img;
      }
    };
  }

  /** Forward, then backward without repeating either end: loops with no jump. */
  default FrameSequence pingPong() {
    FrameSequence s = this;
    int n = size();
    return new FrameSequence() {
      @Override
      public int size() {
        return n < 3 ? n : 2 * n - 2;
      }

      @Override
      public BufferedImage get(int i) throws IOException {
        return s.get(i < n ? i : 2 * n - 2 - i);
      }
    };
  }

  /**
   * A seamless loop: the last {@code overlap} frames fade into the first ones, and the clip is
   * shorter by {@code overlap}, so its end flows into its start.
   */
  default FrameSequence crossfadeLoop(int overlap) {
    FrameSequence s = this;
    int n = size();
    int k = Math.min(overlap, n / 2);
    return new FrameSequence() {
      @Override
      public int size() {
        return n - k;
      }

      @Override
      public BufferedImage get(int i) throws IOException {
        if (i >= k) {
          return s.get(i);
        }
        double a = (i + 1.0) / (k + 1.0);
        return blend(s.get(n - k + i), s.get(i), a);
      }
    };
  }

  /** {@code factor - 1} frames blended between each pair: a higher rate, smoother motion. */
  default FrameSequence blendInterpolated(int factor) {
    FrameSequence s = this;
    int n = size();
    return new FrameSequence() {
      @Override
      public int size() {
        return (n - 1) * factor + 1;
      }

      @Override
      public BufferedImage get(int i) throws IOException {
        int at = i / factor;
        int step = i % factor;
        return step == 0 ? s.get(at) : blend(s.get(at), s.get(at + 1), (double) step / factor);
      }
    };
  }

  /** {@code (1 - a) * x + a * y}, per channel. */
  static BufferedImage blend(BufferedImage x, BufferedImage y, double a) {
    int w = x.getWidth();
    int h = x.getHeight();
    int[] px = x.getRGB(0, 0, w, h, null, 0, w);
    int[] py = y.getRGB(0, 0, w, h, null, 0, w);
    int[] out = new int[px.length];
    for (int i = 0; i < out.length; i++) {
      int r = (int) Math.round((1 - a) * ((px[i] >> 16) & 255) + a * ((py[i] >> 16) & 255));
      int g = (int) Math.round((1 - a) * ((px[i] >> 8) & 255) + a * ((py[i] >> 8) & 255));
      int b = (int) Math.round((1 - a) * (px[i] & 255) + a * (py[i] & 255));
      out[i] = (r << 16) | (g << 8) | b;
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, w, h, out, 0, w);
    return img;
  }
}
