package dev.dreamzoom.color;

/**
 * Per-pixel conversions between 0..255 sRGB and the spaces colour coherence matches statistics in.
 * CIELAB uses the sRGB transfer curve and the D65 white point (IEC 61966-2-1, CIE 15).
 */
enum ColorSpace {
  RGB {
    @Override
    void fromRgb(float r, float g, float b, double[] out) {
      out[0] = r;
      out[1] = g;
      out[2] = b;
    }

    @Override
    void toRgb(double[] in, float[] out, int o) {
      out[o] = (float) in[0];
      out[o + 1] = (float) in[1];
      out[o + 2] = (float) in[2];
    }
  },
  LAB {
    private static final double XN = 0.95047;
    private static final double ZN = 1.08883;

    @Override
    void fromRgb(float r, float g, float b, double[] out) {
      double lr = linear(r / 255.0);
      double lg = linear(g / 255.0);
      double lb = linear(b / 255.0);
      double x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / XN;
      double y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb;
      double z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / ZN;
      double fx = f(x);
      double fy = f(y);
      double fz = f(z);
      out[0] = 116 * fy - 16;
      out[1] = 500 * (fx - fy);
      out[2] = 200 * (fy - fz);
    }

    @Override
    void toRgb(double[] in, float[] out, int o) {
      double fy = (in[0] + 16) / 116;
      double fx = fy + in[1] / 500;
      double fz = fy - in[2] / 200;
      double x = finv(fx) * XN;
      double y = finv(fy);
      double z = finv(fz) * ZN;
      out[o] = srgb(3.2404542 * x - 1.5371385 * y - 0.4985314 * z);
      out[o + 1] = srgb(-0.9692660 * x + 1.8760108 * y + 0.0415560 * z);
      out[o + 2] = srgb(0.0556434 * x - 0.2040259 * y + 1.0572252 * z);
    }

    private double f(double t) {
      return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private double finv(double t) {
      return t * t * t > 216.0 / 24389 ? t * t * t : (116 * t - 16) / (24389.0 / 27);
    }
  },
  /** Hue in degrees (0..360), saturation and value in 0..255, as image tools show them. */
  HSV {
    @Override
    void fromRgb(float r, float g, float b, double[] out) {
      double max = Math.max(r, Math.max(g, b));
      double min = Math.min(r, Math.min(g, b));
      double d = max - min;
      double h;
      if (d == 0) {
        h = 0;
      } else if (max == r) {
        h = 60 * (((g - b) / d) % 6);
      } else if (max == g) {
        h = 60 * ((b - r) / d + 2);
      } else {
        h = 60 * ((r - g) / d + 4);
      }
      out[0] = h < 0 ? h + 360 : h;
      out[1] = max == 0 ? 0 : 255 * d / max;
      out[2] = max;
    }

    @Override
    void toRgb(double[] in, float[] out, int o) {
      double h = ((in[0] % 360) + 360) % 360;
      double s = Math.max(0, Math.min(255, in[1])) / 255;
      double v = Math.max(0, Math.min(255, in[2]));
      double c = v * s;
      double x = c * (1 - Math.abs((h / 60) % 2 - 1));
      double m = v - c;
      double r;
      double g;
      double b;
      switch ((int) (h / 60) % 6) {
        case 0 -> {
          r = c;
          g = x;
          b = 0;
        }
        case 1 -> {
          r = x;
          g = c;
          b = 0;
        }
        case 2 -> {
          r = 0;
          g = c;
          b = x;
        }
        case 3 -> {
          r = 0;
          g = x;
          b = c;
        }
        case 4 -> {
          r = x;
          g = 0;
          b = c;
        }
        default -> {
          r = c;
          g = 0;
          b = x;
        }
      }
      out[o] = (float) (r + m);
      out[o + 1] = (float) (g + m);
      out[o + 2] = (float) (b + m);
    }
  };

  /** The pixel {@code (r, g, b)} (0..255) in this space. */
  abstract void fromRgb(float r, float g, float b, double[] out);

  /** Back to 0..255 RGB (not clipped), written at {@code out[o..o+2]}. */
  abstract void toRgb(double[] in, float[] out, int o);

  private static double linear(double c) {
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static float srgb(double l) {
    double c = l <= 0.0031308 ? 12.92 * l : 1.055 * Math.pow(Math.max(l, 0), 1 / 2.4) - 0.055;
    return (float) (255 * c);
  }
}
