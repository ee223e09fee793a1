package dev.dreamzoom.image;

import dev.dreamzoom.files.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads photos and writes PNGs, converting between {@link RgbImage} and 8-bit files. */
public final class ImageFiles {
  /** Larger images are refused rather than risking an out-of-memory failure mid-render. */
  public static final long MAX_PIXELS = 100_000_000L;

  private ImageFiles() {}

  /**
   * Reads a JPEG or PNG (anything ImageIO decodes). The size is read from the header first, so an
   * enormous image is refused before it is decoded.
   */
  public static RgbImage read(Path file) throws IOException {
    return fromBufferedImage(
        open(
            file,
            (reader, w, h) ->
                FourChannelJpeg.is(reader) ? FourChannelJpeg.read(reader, file) : reader.read(0)));
  }

  /**
   * Reads a mask picture: its alpha channel where it has one (opaque = 1), else its grey level; as
   * weights 0..1.
   */
  public static Mask readMask(Path file) throws IOException {
    BufferedImage img = open(file, (reader, w, h) -> reader.read(0));
    if (!img.getColorModel().hasAlpha()) {
      return Mask.ofGrey(fromBufferedImage(img));
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    float[] weights = new float[w * h];
    for (int i = 0; i < argb.length; i++) {
      weights[i] = (argb[i] >>> 24) / 255f;
    }
    return new Mask(w, h, weights);
  }

  /**
   * Checks, from its header alone, that {@code file} is an image of acceptable size.
   *
   * @return its pixel count
   */
  public static long checkReadable(Path file) throws IOException {
    return open(file, (reader, w, h) -> (long) w * h);
  }

  /**
   * An image's width and height, from its header alone: a PNG's from its first 24 bytes (cheap
   * enough for {@code status} over hundreds of renders), any other through its reader.
   */
  public static java.awt.Dimension dimensions(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      byte[] head = new byte[24];
      int n;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        n = in.readNBytes(head, 0, 24);
      }
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
      if (n == 24 && b.getLong(0) == 0x89504e470d0a1a0aL && b.getInt(12) == 0x49484452) {
        int w = b.getInt(16);
        int h = b.getInt(20);
        if (w > 0 && h > 0 && (long) w * h <= MAX_PIXELS) {
          return new java.awt.Dimension(w, h);
        }
      }
    }
    return open(file, (reader, w, h) -> new java.awt.Dimension(w, h));
  }

  /** What to do with an image's reader once its header says the size is acceptable. */
  private interface Use<T> {
    T with(ImageReader reader, int width, int height) throws IOException;
  }

  private static <T> T open(Path file, Use<T> use) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a folder, not an image file (JPEG or PNG)");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IOException(
          file + " is not a regular file (a device or a pipe); give a JPEG or PNG");
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("image not found: " + file);
    }
    if (Files.size(file) == 0) {
      throw new IOException("image file is empty (0 bytes): " + file);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("not an image this program can read (JPEG or PNG expected): " + file);
      }
      ImageReader reader = readers.next();
      int w;
      int h;
      try {
        reader.setInput(in, true, true);
        w = reader.getWidth(0);
        h = reader.getHeight(0);
        if ((long) w * h <= MAX_PIXELS) {
          return use.with(reader, w, h);
        }
      } catch (FourChannelJpeg.Unsupported e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new IOException("corrupt or truncated image " + file + ": " + e.getMessage(), e);
      } finally {
        reader.dispose();
      }
      throw new IOException(
          "image too large: "
              + w
              + "x"
              + h
              + " pixels (limit "
              + MAX_PIXELS / 1_000_000
              + " megapixels): "
              + file);
    }
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
    AtomicFiles.write(
        file,
        out -> {
          if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  private static int toByte(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }
}
