package dev.dreamzoom.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads photos and writes PNGs, converting between {@link RgbImage} and 8-bit files. */
public final class ImageFiles {
  /** Larger images are refused rather than risking an out-of-memory failure mid-render. */
  public static final long MAX_PIXELS = 100_000_000L;

  private ImageFiles() {}

  /** Reads a JPEG or PNG (anything ImageIO decodes). */
  public static RgbImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("image not found: " + file);
    }
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new IOException("not a readable image (JPEG or PNG expected): " + file);
    }
    if ((long) img.getWidth() * img.getHeight() > MAX_PIXELS) {
      throw new IOException("image too large (" + img.getWidth() + "x" + img.getHeight()
          + " pixels, limit " + MAX_PIXELS + "): " + file);
    }
    return fromBufferedImage(img);
  }

  public static RgbImage fromBufferedImage(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    float[] p = new float[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      p[i * 3] = (argb[i] >> 16) & 0xff;
      p[i * 3 + 1] = (argb[i] >> 8) & 0xff;
      p[i * 3 + 2] = argb[i] & 0xff;
    }
    return new RgbImage(w, h, p);
  }

  /** Rounds and clamps to 8 bits per channel. */
  public static BufferedImage toBufferedImage(RgbImage image) {
    int w = image.width();
    int h = image.height();
    float[] p = image.pixels();
    int[] rgb = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (toByte(p[i * 3]) << 16) | (toByte(p[i * 3 + 1]) << 8) | toByte(p[i * 3 + 2]);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  /** Writes a PNG so that {@code file} is either absent or complete (see {@link AtomicFiles}). */
  public static void writePngAtomically(RgbImage image, Path file) throws IOException {
    writePngAtomically(toBufferedImage(image), file);
  }

  /** As {@link #writePngAtomically(RgbImage, Path)}, for an image already in 8 bits. */
  public static void writePngAtomically(BufferedImage img, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("no PNG writer available");
      }
    });
  }

  private static int toByte(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }
}
