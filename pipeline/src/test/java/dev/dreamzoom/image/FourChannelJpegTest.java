package dev.dreamzoom.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Shared;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real photo saved as the four-component JPEGs print workflows produce (Adobe CMYK, stored
 * inverted; Adobe YCCK; plain CMYK) reads back with the photo's colours. ImageIO alone read the
 * Adobe CMYK one with a mean of about 198/174/153 for a photo of 147/111/86.
 */
@Tag("slow")
class FourChannelJpegTest {
  @TempDir Path dir;

  /** How the test file stores the colours. */
  private enum Kind {
    ADOBE_CMYK,
    ADOBE_YCCK,
    PLAIN_CMYK,
    ADOBE_TRANSFORM_1
  }

  /** Writes {@code src} as a four-component JPEG of {@code kind}, at high quality. */
  private Path write(BufferedImage src, Kind kind) throws IOException {
    int w = src.getWidth();
    int h = src.getHeight();
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    boolean inverted = kind != Kind.PLAIN_CMYK;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = src.getRGB(x, y);
        int red = p >> 16 & 255;
        int green = p >> 8 & 255;
        int blue = p & 255;
        int k = 255 - Math.max(red, Math.max(green, blue));
        int[] cmyk = {cmy(red, k), cmy(green, k), cmy(blue, k), k};
        if (inverted) {
          for (int i = 0; i < 4; i++) {
            cmyk[i] = 255 - cmyk[i];
          }
        }
        if (kind == Kind.ADOBE_YCCK) {
          // As libjpeg does: YCC of (255 - stored C, M, Y), K as stored.
          double cr = 255 - cmyk[0];
          double cg = 255 - cmyk[1];
          double cb = 255 - cmyk[2];
          cmyk[0] = clamp(0.299 * cr + 0.587 * cg + 0.114 * cb);
          cmyk[1] = clamp(128 - 0.168736 * cr - 0.331264 * cg + 0.5 * cb);
          cmyk[2] = clamp(128 + 0.5 * cr - 0.418688 * cg - 0.081312 * cb);
        }
        r.setPixel(x, y, cmyk);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    var param = writer.getDefaultWriteParam();
    param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    IIOMetadata md =
        writer.getDefaultImageMetadata(
            new javax.imageio.ImageTypeSpecifier(
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)),
            param);
    String format = "javax_imageio_jpeg_image_1.0";
    IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(format);
    clear(root, "JPEGvariety");
    IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
    if (kind != Kind.PLAIN_CMYK) {
      IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
      adobe.setAttribute(
          "transform",
          switch (kind) {
            case ADOBE_YCCK -> "2";
            case ADOBE_TRANSFORM_1 -> "1";
            default -> "0";
          });
      markers.insertBefore(adobe, markers.getFirstChild());
    }
    IIOMetadataNode sof = clear(root, "sof");
    sof.setAttribute("numFrameComponents", "4");
    IIOMetadataNode sos = clear(root, "sos");
    sos.setAttribute("numScanComponents", "4");
    for (int i = 1; i <= 4; i++) {
      IIOMetadataNode c = new IIOMetadataNode("componentSpec");
      c.setAttribute("componentId", Integer.toString(i));
      c.setAttribute("HsamplingFactor", "1");
      c.setAttribute("VsamplingFactor", "1");
      c.setAttribute("QtableSelector", "0");
      sof.appendChild(c);
      IIOMetadataNode s = new IIOMetadataNode("scanComponentSpec");
      s.setAttribute("componentSelector", Integer.toString(i));
      s.setAttribute("dcHuffTable", "0");
      s.setAttribute("acHuffTable", "0");
      sos.appendChild(s);
    }
    md.setFromTree(format, root);
    Path file = dir.resolve(kind.name().toLowerCase() + ".jpg");
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(r, null, md), param);
    } finally {
      writer.dispose();
    }
    return file;
  }

  private static IIOMetadataNode clear(IIOMetadataNode root, String name) {
    IIOMetadataNode n = (IIOMetadataNode) root.getElementsByTagName(name).item(0);
    while (n.getFirstChild() != null) {
      n.removeChild(n.getFirstChild());
    }
    return n;
  }

  private static int cmy(int channel, int k) {
    return k == 255 ? 0 : (255 - channel - k) * 255 / (255 - k);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  @Test
  void cmykAndYcckJpegsReadWithThePhotosColours() throws Exception {
    BufferedImage photo = ImageIO.read(Shared.image("chelsea.png").toFile());
    RgbImage expected = ImageFiles.fromBufferedImage(photo);
    for (Kind kind : new Kind[] {Kind.ADOBE_CMYK, Kind.ADOBE_YCCK, Kind.PLAIN_CMYK}) {
      RgbImage got = ImageFiles.read(write(photo, kind));
      assertEquals(expected.width(), got.width());
      double[] mean = new double[3];
      double[] want = new double[3];
      double absDiff = 0;
      float[] a = got.pixels();
      float[] b = expected.pixels();
      for (int i = 0; i < a.length; i++) {
        mean[i % 3] += a[i] / (a.length / 3.0);
        want[i % 3] += b[i] / (b.length / 3.0);
        absDiff += Math.abs(a[i] - b[i]) / a.length;
      }
      for (int c = 0; c < 3; c++) {
        assertEquals(want[c], mean[c], 3.0, kind + " channel " + c + " mean");
      }
      assertTrue(absDiff < 4, kind + ": mean absolute difference " + absDiff);
    }
  }

  @Test
  void anUnknownFourComponentModelIsRefusedNamingTheFile() throws Exception {
    BufferedImage photo = ImageIO.read(Shared.image("chelsea.png").toFile());
    Path file = write(photo, Kind.ADOBE_TRANSFORM_1);
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
    assertTrue(
        e.getMessage().startsWith("a JPEG with four components in an unknown colour model")
            && e.getMessage().contains(file.toString())
            && e.getMessage().contains("save it as an RGB JPEG"),
        e.getMessage());
  }
}
