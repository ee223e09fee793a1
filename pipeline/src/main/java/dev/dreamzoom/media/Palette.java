package dev.dreamzoom.media;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An image's own 256-colour palette (median cut: repeatedly split the box of colours with the
 * widest range at its median) and the image mapped onto it with Floyd-Steinberg dithering, which
 * keeps dreams' smooth gradients from banding.
 */
final class Palette {
  private Palette() {}

  static BufferedImage quantize(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
    int[] palette = medianCut(pixels, 256);
    byte[] r = new byte[palette.length];
    byte[] g = new byte[palette.length];
    byte[] b = new byte[palette.length];
    for (int i = 0; i < palette.length; i++) {
      r[i] = (byte) (palette[i] >> 16);
      g[i] = (byte) (palette[i] >> 8);
      b[i] = (byte) palette[i];
    }
    BufferedImage out =
        new BufferedImage(
            w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, palette.length, r, g, b));
    byte[] indices = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
    // Nearest palette entry per 15-bit colour, found once and remembered.
    short[] nearest = new short[1 << 15];
    Arrays.fill(nearest, (short) -1);
    float[] err = new float[(w + 2) * 3 * 2];
    for (int y = 0; y < h; y++) {
      float[] cur = Arrays.copyOfRange(err, 0, (w + 2) * 3);
      float[] next = new float[(w + 2) * 3];
      for (int x = 0; x < w; x++) {
        int p = pixels[y * w + x];
        int cr = clamp(((p >> 16) & 255) + cur[(x + 1) * 3]);
        int cg = clamp(((p >> 8) & 255) + cur[(x + 1) * 3 + 1]);
        int cb = clamp((p & 255) + cur[(x + 1) * 3 + 2]);
        int key = ((cr >> 3) << 10) | ((cg >> 3) << 5) | (cb >> 3);
        if (nearest[key] < 0) {
          nearest[key] = (short) closest(palette, cr, cg, cb);
        }
        int idx = nearest[key];
        indices[y * w + x] = (byte) idx;
        float[] e = {
          cr - ((palette[idx] >> 16) & 255),
          cg - ((palette[idx] >> 8) & 255),
          cb - (palette[idx] & 255)
        };
        for (int c = 0; c < 3; c++) {
          cur[(x + 2) * 3 + c] += e[c] * 7 / 16f;
          next[x * 3 + c] += e[c] * 3 / 16f;
          next[(x + 1) * 3 + c] += e[c] * 5 / 16f;
          next[(x + 2) * 3 + c] += e[c] / 16f;
        }
      }
      System.arraycopy(next, 0, err, 0, next.length);
    }
    return out;
  }

  private static int clamp(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  private static int closest(int[] palette, int r, int g, int b) {
    int best = 0;
    int bestD = Integer.MAX_VALUE;
    for (int i = 0; i < palette.length; i++) {
      int dr = ((palette[i] >> 16) & 255) - r;
      int dg = ((palette[i] >> 8) & 255) - g;
      int db = (palette[i] & 255) - b;
      int d = dr * dr * 2 + dg * dg * 4 + db * db * 3;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** A box of colours and its widest channel (as a bit shift) and that channel's range. */
  private record Box(int[] px, int shift, int range) {
    static Box of(int[] px) {
      int bestShift = 16;
      int bestRange = -1;
      for (int shift = 16; shift >= 0; shift -= 8) {
        int lo = 255;
        int hi = 0;
        for (int p : px) {
          int v = (p >> shift) & 255;
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        if (hi - lo > bestRange) {
          bestRange = hi - lo;
          bestShift = shift;
        }
      }
      return new Box(px, bestShift, px.length > 1 ? bestRange : 0);
    }
  }

  /**
   * Up to {@code size} colours representing {@code pixels} (0xRRGGBB), from at most 64k samples.
   */
  static int[] medianCut(int[] pixels, int size) {
    int step = Math.max(1, pixels.length / 65536);
    int[] sample = new int[(pixels.length + step - 1) / step];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = pixels[i * step] & 0xffffff;
    }
    List<Box> boxes = new ArrayList<>();
    boxes.add(Box.of(sample));
    while (boxes.size() < size) {
      Box widest = boxes.stream().max(Comparator.comparingInt(Box::range)).orElseThrow();
      if (widest.range() == 0) {
        break;
      }
      // Split at the median of the widest channel, found with a histogram instead of a sort.
      int[] hist = new int[256];
      for (int p : widest.px()) {
        hist[(p >> widest.shift()) & 255]++;
      }
      int half = widest.px().length / 2;
      int m = 0;
      for (int acc = 0; m < 255 && acc + hist[m] <= half; m++) {
        acc += hist[m];
      }
      int median = m;
      int[] lo =
          Arrays.stream(widest.px()).filter(p -> ((p >> widest.shift()) & 255) < median).toArray();
      int[] hi =
          Arrays.stream(widest.px()).filter(p -> ((p >> widest.shift()) & 255) >= median).toArray();
      if (lo.length == 0 || hi.length == 0) {
        // All of one value on one side: split that value's run evenly instead.
        lo = Arrays.copyOfRange(widest.px(), 0, half);
        hi = Arrays.copyOfRange(widest.px(), half, widest.px().length);
      }
      boxes.remove(widest);
      boxes.add(Box.of(lo));
      boxes.add(Box.of(hi));
    }
    int[] palette = new int[boxes.size()];
    for (int i = 0; i < palette.length; i++) {
      long r = 0;
      long g = 0;
      long b = 0;
      for (int p : boxes.get(i).px()) {
        r += (p >> 16) & 255;
        g += (p >> 8) & 255;
        b += p & 255;
      }
      int n = Math.max(1, boxes.get(i).px().length);
      palette[i] = (int) ((r / n) << 16 | (g / n) << 8 | (b / n));
    }
    return palette;
  }
}
