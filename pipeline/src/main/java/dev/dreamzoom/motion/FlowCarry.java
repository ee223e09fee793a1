package dev.dreamzoom.motion;

import dev.dreamzoom.image.FlowField;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.Param;

/**
 * What each frame of a dream over a video starts from: the previous dreamed frame carried along the
 * source's optical flow to where its content now is, blended with the source's own frame by {@code
 * video.blend}. Where the flow fails its forward-backward check (the content was hidden, or has
 * just come into view) the source frame alone fills in, so nothing smears. Each channel's mean is
 * then held to the source frame's, which keeps brightness and any colour cast from wandering over
 * hundreds of frames, and each dreamed frame's saturation is held to what a fresh dream gives (see
 * {@link #holdSaturation}); contrast and detail stay the dream's (holding the channels' spread was
 * tried: it made saturation drift more, 12 % against 9 % over 300 still frames; so was pulling the
 * carried frame's saturation toward the source's, which left 4.8-5.1 % while the carried dream
 * built up, or weakened the dream when pulled all the way).
 */
public final class FlowCarry implements CameraMove {
  /** The source frames and the flows between them, at the canvas size. */
  public interface Source {
    /** The source's frame {@code t}. */
    RgbImage frame(int t);

    /** Where each pixel of source frame {@code t} was in frame {@code t - 1}. */
    FlowField backward(int t);

    /** Where each pixel of source frame {@code t - 1} is in frame {@code t}. */
    FlowField forward(int t);
  }

  private final Source source;
  private final Param blend;

  public FlowCarry(Source source, Param blend) {
    this.source = source;
    this.blend = blend;
  }

  @Override
  public RgbImage apply(RgbImage previous, int t) {
    RgbImage frame = source.frame(t);
    FlowField back = source.backward(t);
    FlowField ahead = source.forward(t);
    int w = frame.width();
    int h = frame.height();
    float carried = (float) blend.at(t);
    float[] src = frame.pixels();
    float[] prev = previous.pixels();
    float[] out = new float[src.length];
    float[] px = new float[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double qx = x + back.dx()[i];
        double qy = y + back.dy()[i];
        float share = consistent(back.dx()[i], back.dy()[i], ahead.at(qx, qy)) ? carried : 0;
        sample(prev, w, h, qx, qy, px);
        for (int c = 0; c < 3; c++) {
          out[3 * i + c] = share * px[c] + (1 - share) * src[3 * i + c];
        }
      }
    }
    return holdMeans(new RgbImage(w, h, out), frame);
  }

  /**
   * How much more saturated (mean HSV saturation) the stored first frame is than the source frame
   * it was dreamed on, both without their {@code margin} of overscan: the dream's colour as a fresh
   * dream gives it, which every later frame is held to ({@link #holdSaturation}). Computed from the
   * frame as stored (8 bits), so a resumed render computes the same ratio as an uninterrupted one.
   */
  public double saturationRatio(RgbImage storedFirst, int margin) {
    double seed = new Chroma(source.frame(0).inset(margin).pixels()).saturation(1);
    return seed > 1e-4 ? new Chroma(storedFirst.pixels()).saturation(1) / seed : 1;
  }

  /**
   * The dreamed frame {@code t} with its mean saturation made {@code ratio} times its source
   * frame's: each pixel's departure from its own grey scaled by one factor. Carried along hundreds
   * of frames, the dream's colour otherwise builds up or fades by chance, differently on each CPU
   * family (saturation drifted 9-10 % over 300 still frames); held, every frame is as colourful,
   * against its source, as a fresh dream of it.
   */
  public RgbImage holdSaturation(RgbImage dreamed, int t, double ratio) {
    float[] p = dreamed.pixels();
    double want = ratio * new Chroma(source.frame(t).pixels()).saturation(1);
    Chroma chroma = new Chroma(p);
    if (chroma.saturation(1) < 1e-4) {
      return dreamed;
    }
    // Saturation grows with the factor: bisect for it (to 4/2^14 of a step).
    double lo = 0;
    double hi = 4;
    for (int i = 0; i < 14; i++) {
      double mid = (lo + hi) / 2;
      if (chroma.saturation(mid) < want) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    float k = (float) ((lo + hi) / 2);
    float[] out = p.clone();
    for (int i = 0; i < out.length; i += 3) {
      float grey = (p[i] + p[i + 1] + p[i + 2]) / 3;
      for (int c = 0; c < 3; c++) {
        out[i + c] = Math.max(0, Math.min(255, grey + k * (p[i + c] - grey)));
      }
    }
    return new RgbImage(dreamed.width(), dreamed.height(), out);
  }

  /**
   * Each pixel's grey and how far its highest and lowest channel lie from it: enough for the mean
   * HSV saturation with every pixel's chroma scaled by any factor k &ge; 0 (clipping keeps the
   * channels' order, so the highest stays highest), at a third of the work of scaling all three.
   */
  private static final class Chroma {
    private final double[] grey;
    private final double[] up;
    private final double[] down;

    Chroma(float[] p) {
      int n = p.length / 3;
      grey = new double[n];
      up = new double[n];
      down = new double[n];
      for (int j = 0; j < n; j++) {
        int i = 3 * j;
        double g = (p[i] + p[i + 1] + p[i + 2]) / 3.0;
        grey[j] = g;
        up[j] = Math.max(p[i], Math.max(p[i + 1], p[i + 2])) - g;
        down[j] = Math.min(p[i], Math.min(p[i + 1], p[i + 2])) - g;
      }
    }

    /** Mean HSV saturation with each pixel's chroma scaled by {@code k} (and clipped to 0..255). */
    double saturation(double k) {
      double sum = 0;
      for (int j = 0; j < grey.length; j++) {
        double max = Math.max(0, Math.min(255, grey[j] + k * up[j]));
        double min = Math.max(0, Math.min(255, grey[j] + k * down[j]));
        sum += max > 0 ? (max - min) / max : 0;
      }
      return sum / grey.length;
    }
  }

  /** The flows between the two frames agree: going back then forward lands near where it began. */
  static boolean consistent(float bx, float by, float[] f) {
    double ex = bx + f[0];
    double ey = by + f[1];
    double magnitude = bx * bx + by * by + f[0] * f[0] + f[1] * f[1];
    return ex * ex + ey * ey <= 0.01 * magnitude + 0.5;
  }

  /** {@code image} with each channel's mean made that of {@code reference}. */
  static RgbImage holdMeans(RgbImage image, RgbImage reference) {
    float[] p = image.pixels().clone();
    float[] r = reference.pixels();
    for (int c = 0; c < 3; c++) {
      double shift = mean(r, c) - mean(p, c);
      for (int i = c; i < p.length; i += 3) {
        p[i] = (float) Math.max(0, Math.min(255, p[i] + shift));
      }
    }
    return new RgbImage(image.width(), image.height(), p);
  }

  private static double mean(float[] p, int c) {
    double sum = 0;
    for (int i = c; i < p.length; i += 3) {
      sum += p[i];
    }
    return sum / (p.length / 3);
  }

  /** Frame {@code t} between two dreamed frames, each carried along the flow toward it. */
  @Override
  public RgbImage between(RgbImage before, int from, RgbImage after, int to, int t) {
    RgbImage forward = before;
    for (int k = from + 1; k <= t; k++) {
      forward = warp(forward, source.backward(k));
    }
    RgbImage backward = after;
    for (int k = to; k > t; k--) {
      backward = warp(backward, source.forward(k));
    }
    float a = (float) (t - from) / (to - from);
    float[] p = forward.pixels().clone();
    float[] q = backward.pixels();
    for (int i = 0; i < p.length; i++) {
      p[i] = (1 - a) * p[i] + a * q[i];
    }
    return new RgbImage(before.width(), before.height(), p);
  }

  /** {@code image} sampled at each pixel's position plus {@code flow}. */
  private static RgbImage warp(RgbImage image, FlowField flow) {
    int w = image.width();
    int h = image.height();
    float[] out = new float[w * h * 3];
    float[] px = new float[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        sample(image.pixels(), w, h, x + flow.dx()[i], y + flow.dy()[i], px);
        System.arraycopy(px, 0, out, 3 * i, 3);
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * Catmull-Rom (bicubic) sample at (x, y), clamped to the picture. Bilinear sampling would blur a
   * dream carried through many frames a little more each time; the cubic keeps its detail.
   */
  private static void sample(float[] p, int w, int h, double x, double y, float[] out) {
    double cx = Math.max(0, Math.min(w - 1, x));
    double cy = Math.max(0, Math.min(h - 1, y));
    int x0 = (int) Math.floor(cx);
    int y0 = (int) Math.floor(cy);
    double[] wx = weights(cx - x0);
    double[] wy = weights(cy - y0);
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      for (int j = 0; j < 4; j++) {
        int yy = Math.max(0, Math.min(h - 1, y0 - 1 + j));
        double row = 0;
        for (int i = 0; i < 4; i++) {
          int xx = Math.max(0, Math.min(w - 1, x0 - 1 + i));
          row += wx[i] * p[(yy * w + xx) * 3 + c];
        }
        sum += wy[j] * row;
      }
      out[c] = (float) Math.max(0, Math.min(255, sum));
    }
  }

  private static double[] weights(double t) {
    double t2 = t * t;
    double t3 = t2 * t;
    return new double[] {
      0.5 * (-t3 + 2 * t2 - t),
      0.5 * (3 * t3 - 5 * t2 + 2),
      0.5 * (-3 * t3 + 4 * t2 + t),
      0.5 * (t3 - t2)
    };
  }
}
