package dev.dreamzoom.image;

import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * JPEGs with four components, CMYK or YCCK (print photos, Photoshop exports), which ImageIO decodes
 * into a custom image whose colours are silently wrong. Read here from the raw samples: YCCK's
 * Y/Cb/Cr converted back to (inverted) C/M/Y as libjpeg does, Adobe's inverted CMYK un-inverted,
 * then to RGB through the file's own ICC profile when it has one, else by the plain formula R = (1
 * - C)(1 - K).
 */
final class FourChannelJpeg {
  private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

  private FourChannelJpeg() {}

  /** Whether the reader's image 0 is a JPEG with four colour components. */
  static boolean is(ImageReader reader) throws IOException {
    if (!reader.getFormatName().equalsIgnoreCase("jpeg")) {
      return false;
    }
    Node sof = first(tree(reader), "sof");
    return sof != null && "4".equals(((IIOMetadataNode) sof).getAttribute("numFrameComponents"));
  }

  static BufferedImage read(ImageReader reader, Path file) throws IOException {
    IIOMetadataNode root = tree(reader);
    Node adobe = first(root, "app14Adobe");
    int transform =
        adobe == null ? -1 : Integer.parseInt(((IIOMetadataNode) adobe).getAttribute("transform"));
    if (transform == 1) {
      throw new Unsupported(
          "a JPEG with four components in an unknown colour model (Adobe transform 1): "
              + file
              + "; save it as an RGB JPEG or PNG");
    }
    // Adobe's files (any with the APP14 marker) store CMYK inverted; plain CMYK JPEGs do not.
    boolean inverted = adobe != null;
    Node icc = first(root, "app2ICC");
    ICC_Profile profile =
        icc == null ? null : (ICC_Profile) ((IIOMetadataNode) icc).getUserObject();
    ICC_ColorSpace cmykSpace =
        profile != null && profile.getColorSpaceType() == java.awt.color.ColorSpace.TYPE_CMYK
            ? new ICC_ColorSpace(profile)
            : null;

    Raster raw = reader.readRaster(0, null);
    int w = raw.getWidth();
    int h = raw.getHeight();
    int[] s = new int[4];
    float[] cmyk = new float[4];
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raw.getPixel(raw.getMinX() + x, raw.getMinY() + y, s);
        if (transform == 2) {
          // YCCK: Y/Cb/Cr hold 255 - C, 255 - M, 255 - Y (as stored) in JFIF's YCbCr.
          double yy = s[0];
          double cb = s[1] - 128.0;
          double cr = s[2] - 128.0;
          s[0] = 255 - clamp(yy + 1.402 * cr);
          s[1] = 255 - clamp(yy - 0.344136 * cb - 0.714136 * cr);
          s[2] = 255 - clamp(yy + 1.772 * cb);
        }
        for (int c = 0; c < 4; c++) {
          cmyk[c] = (inverted ? 255 - s[c] : s[c]) / 255f;
        }
        int rgb;
        if (cmykSpace != null) {
          float[] v = cmykSpace.toRGB(cmyk);
          rgb = clamp(v[0] * 255.0) << 16 | clamp(v[1] * 255.0) << 8 | clamp(v[2] * 255.0);
        } else {
          double k = 1 - cmyk[3];
          rgb =
              clamp(255 * (1 - cmyk[0]) * k) << 16
                  | clamp(255 * (1 - cmyk[1]) * k) << 8
                  | clamp(255 * (1 - cmyk[2]) * k);
        }
        row[x] = rgb;
      }
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }

  /** A file that is a sound image in a colour model this program does not convert. */
  static final class Unsupported extends IOException {
    Unsupported(String message) {
      super(message);
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static IIOMetadataNode tree(ImageReader reader) throws IOException {
    IIOMetadata md = reader.getImageMetadata(0);
    return md == null ? new IIOMetadataNode(FORMAT) : (IIOMetadataNode) md.getAsTree(FORMAT);
  }

  private static Node first(IIOMetadataNode root, String name) {
    NodeList l = root.getElementsByTagName(name);
    return l.getLength() == 0 ? null : l.item(0);
  }
}
