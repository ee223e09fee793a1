package dev.dreamzoom.testing;

import java.awt.image.BufferedImage;

/**
 * Measures of what a frame looks like, on 32-pixel blocks: how much of it is static rather than
 * dream. A block's structure is the coherence of its luminance gradients (the structure tensor's
 * (l1 - l2) / (l1 + l2): strokes and edges near 1, noise near 0); static is a block whose gradients
 * have no direction, grey static one that is also nearly colourless.
 */
public final class Looks {
  private static final int BLOCK = 32;

  private Looks() {}

  /** Fraction of blocks whose gradients have no direction (coherence below 0.15). */
  public static double isotropic(BufferedImage img) {
    return fraction(img, false);
  }

  /** Fraction of blocks that are isotropic and grey (mean saturation below 0.3). */
  public static double greyStatic(BufferedImage img) {
    return fraction(img, true);
  }

  private static double fraction(BufferedImage img, boolean grey) {
    int w = img.getWidth();
    int h = img.getHeight();
    double[] lum = new double[w * h];
    double[] sat = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int r = p >> 16 & 255;
        int g = p >> 8 & 255;
        int b = p & 255;
        lum[y * w + x] = 0.299 * r + 0.587 * g + 0.114 * b;
        int max = Math.max(r, Math.max(g, b));
        sat[y * w + x] = max == 0 ? 0 : (max - Math.min(r, Math.min(g, b))) / (double) max;
      }
    }
    int blocks = 0;
    int hits = 0;
    for (int by = 1; by + BLOCK < h - 1; by += BLOCK) {
      for (int bx = 1; bx + BLOCK < w - 1; bx += BLOCK) {
        double jxx = 0;
        double jyy = 0;
        double jxy = 0;
        double s = 0;
        for (int y = by; y < by + BLOCK; y++) {
          for (int x = bx; x < bx + BLOCK; x++) {
            double gx = lum[y * w + x + 1] - lum[y * w + x - 1];
            double gy = lum[(y + 1) * w + x] - lum[(y - 1) * w + x];
            jxx += gx * gx;
            jyy += gy * gy;
            jxy += gx * gy;
            s += sat[y * w + x];
          }
        }
        double trace = jxx + jyy;
        double coherence =
            trace == 0 ? 0 : Math.sqrt((jxx - jyy) * (jxx - jyy) + 4 * jxy * jxy) / trace;
        boolean isotropic = coherence < 0.15;
        blocks++;
        if (isotropic && (!grey || s / (BLOCK * BLOCK) < 0.3)) {
          hits++;
        }
      }
    }
    return (double) hits / blocks;
  }
}
