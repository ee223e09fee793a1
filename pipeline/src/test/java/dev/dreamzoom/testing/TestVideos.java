package dev.dreamzoom.testing;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.Clips;
import dev.dreamzoom.preset.EncodeSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Clips made from a real photo along a known camera path, so a test knows the true motion of every
 * pixel: frames 0..9 pan (the picture moves 1.3 px left and 0.6 px up a frame), 10..19 zoom in
 * about the centre (2 % a frame), 20..29 hold still while a patch of another photo slides across
 * (2.2 px right, 0.8 px down a frame); after frame 29 everything holds still.
 */
public final class TestVideos {
  public static final double PAN_X = 1.3;
  public static final double PAN_Y = 0.6;
  public static final double ZOOM = 1.02;
  public static final double OBJECT_X = 2.2;
  public static final double OBJECT_Y = 0.8;

  /** The patch's size and where its top-left corner starts (frame 20). */
  public static final int OBJECT = 48;

  public static final double OBJECT_X0 = 30;
  public static final double OBJECT_Y0 = 40;

  private final RgbImage photo;
  private final RgbImage patch;
  private final int width;
  private final int height;

  public TestVideos(int width, int height) throws IOException {
    this.photo = ImageFiles.read(Shared.image("astronaut.png"));
    this.patch = ImageFiles.read(Shared.image("coffee.png")).coverCrop(OBJECT, OBJECT);
    this.width = width;
    this.height = height;
  }

  /** Frame {@code k} of the clip. */
  public RgbImage frame(int k) {
    float[] out = new float[width * height * 3];
    double[] px = new double[2];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        photoPoint(k, x, y, px);
        sample(photo, px[0], px[1], out, (y * width + x) * 3);
      }
    }
    if (k >= 20) {
      int s = Math.min(k, 29) - 20;
      double ox = OBJECT_X0 + OBJECT_X * s;
      double oy = OBJECT_Y0 + OBJECT_Y * s;
      for (int y = (int) Math.floor(oy); y <= (int) Math.ceil(oy + OBJECT - 1) && y < height; y++) {
        for (int x = (int) Math.floor(ox);
            x <= (int) Math.ceil(ox + OBJECT - 1) && x < width;
            x++) {
          double u = x - ox;
          double v = y - oy;
          if (u >= 0 && v >= 0 && u <= OBJECT - 1 && v <= OBJECT - 1) {
            sample(patch, u, v, out, (y * width + x) * 3);
          }
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  /**
   * The true displacement of pixel (x, y) of frame {@code k - 1} into frame {@code k}: {dx, dy}.
   */
  public double[] motion(int k, double x, double y) {
    if (k >= 21 && k <= 29 && insideObject(k - 1, x, y, 0)) {
      return new double[] {OBJECT_X, OBJECT_Y};
    }
    if (k <= 9) {
      return new double[] {-PAN_X, -PAN_Y};
    }
    if (k <= 19) {
      double cx = (width - 1) / 2.0;
      double cy = (height - 1) / 2.0;
      return new double[] {(ZOOM - 1) * (x - cx), (ZOOM - 1) * (y - cy)};
    }
    return new double[] {0, 0};
  }

  /**
   * True if (x, y) lies in frame {@code k}'s patch, at least {@code margin} px inside its edges.
   */
  public boolean insideObject(int k, double x, double y, double margin) {
    if (k < 20) {
      return false;
    }
    int s = Math.min(k, 29) - 20;
    double u = x - (OBJECT_X0 + OBJECT_X * s);
    double v = y - (OBJECT_Y0 + OBJECT_Y * s);
    return u >= margin && v >= margin && u <= OBJECT - 1 - margin && v <= OBJECT - 1 - margin;
  }

  /** True near the patch's edges in frame k - 1 or k, where the true motion is ambiguous. */
  public boolean nearObjectEdge(int k, double x, double y, double band) {
    for (int f : new int[] {k - 1, k}) {
      if (insideObject(f, x, y, -band) && !insideObject(f, x, y, band)) {
        return true;
      }
    }
    return false;
  }

  /** Which point of the photo pixel (x, y) of frame k shows. */
  private void photoPoint(int k, double x, double y, double[] out) {
    int pan = Math.min(k, 9);
    double x0 = 150 + PAN_X * pan;
    double y0 = 150 + PAN_Y * pan;
    int zoomed = Math.max(0, Math.min(k, 19) - 9);
    double scale = Math.pow(ZOOM, zoomed);
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    out[0] = x0 + cx + (x - cx) / scale;
    out[1] = y0 + cy + (y - cy) / scale;
  }

  private static void sample(RgbImage img, double x, double y, float[] out, int at) {
    for (int c = 0; c < 3; c++) {
      out[at + c] = (float) bilinear(img, x, y, c);
    }
  }

  /** Channel {@code c} of {@code img} at (x, y), bilinearly, clamped to the picture. */
  public static double bilinear(RgbImage img, double x, double y, int c) {
    int w = img.width();
    int h = img.height();
    float[] p = img.pixels();
    double cx = Math.max(0, Math.min(w - 1.001, x));
    double cy = Math.max(0, Math.min(h - 1.001, y));
    int x0 = (int) cx;
    int y0 = (int) cy;
    double fx = cx - x0;
    double fy = cy - y0;
    double top = p[(y0 * w + x0) * 3 + c] * (1 - fx) + p[(y0 * w + x0 + 1) * 3 + c] * fx;
    double bottom =
        p[((y0 + 1) * w + x0) * 3 + c] * (1 - fx) + p[((y0 + 1) * w + x0 + 1) * 3 + c] * fx;
    return top * (1 - fy) + bottom * fy;
  }

  /**
   * Frames 0..frames-1 written as PNGs under {@code dir/src} and encoded (H.264, near-lossless) to
   * {@code dir/<name>.mp4} at {@code fps}, with {@code soundtrack} (or none).
   */
  public Path clip(Path dir, String name, int frames, int fps, Path soundtrack) throws IOException {
    java.util.List<Path> files = new java.util.ArrayList<>();
    for (int k = 0; k < frames; k++) {
      Path f = dir.resolve(String.format("src/%06d.png", k + 1));
      ImageFiles.writePngAtomically(frame(k), f);
      files.add(f);
    }
    EncodeSpec spec =
        new EncodeSpec(
            java.util.List.of("mp4"),
            8,
            "veryfast",
            width,
            height,
            0,
            0,
            "none",
            1,
            1,
            "blend",
            soundtrack,
            0,
            0);
    try {
      Clips.publish(
          files, dir, name, fps, spec, java.util.Map.of("title", "known motion"), n -> {});
    } catch (dev.dreamzoom.media.EncodeException e) {
      throw new IOException(e);
    }
    return dir.resolve(name + ".mp4");
  }
}
