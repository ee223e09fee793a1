package dev.dreamzoom.media;

import dev.dreamzoom.files.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An endlessly looping animated GIF, each frame with its own optimized 256-colour palette ({@link
 * Palette}). GIF counts delays in hundredths of a second, so the rate is the nearest that allows
 * (30 fps plays at 33.3).
 */
final class GifEncoder {
  private GifEncoder() {}

  static void encode(
      FrameSequence frames, Path output, int fps, int width, int height, IntConsumer progress)
      throws EncodeException {
    int delay = Math.max(2, Math.round(100f / fps));
    Path tmp = output.resolveSibling("." + output.getFileName() + ".part");
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    try {
      Files.createDirectories(output.toAbsolutePath().getParent());
      Files.deleteIfExists(tmp);
      try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
        writer.setOutput(out);
        writer.prepareWriteSequence(null);
        for (int n = 0; n < frames.size(); ) {
          BufferedImage img = frames.get(n);
          BufferedImage indexed = Palette.quantize(scaled(img, width, height));
          IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(indexed), null);
          frameMetadata(meta, delay, n == 0);
          writer.writeToSequence(new IIOImage(indexed, null, meta), null);
          progress.accept(++n);
        }
        writer.endWriteSequence();
      }
      AtomicFiles.move(tmp, output);
    } catch (IOException e) {
      throw new EncodeException("cannot encode " + output + ": " + e.getMessage(), e);
    } finally {
      writer.dispose();
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The .part name already marks it as incomplete.
      }
    }
  }

  private static void frameMetadata(IIOMetadata meta, int delay, boolean first) throws IOException {
    String format = meta.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
    IIOMetadataNode gce = child(root, "GraphicControlExtension");
    gce.setAttribute("disposalMethod", "none");
    gce.setAttribute("userInputFlag", "FALSE");
    gce.setAttribute("transparentColorFlag", "FALSE");
    gce.setAttribute("delayTime", Integer.toString(delay));
    gce.setAttribute("transparentColorIndex", "0");
    if (first) {
      // NETSCAPE2.0 with loop count 0: play forever.
      IIOMetadataNode apps = child(root, "ApplicationExtensions");
      IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
      app.setAttribute("applicationID", "NETSCAPE");
      app.setAttribute("authenticationCode", "2.0");
      app.setUserObject(new byte[] {1, 0, 0});
      apps.appendChild(app);
    }
    meta.setFromTree(format, root);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  private static BufferedImage scaled(BufferedImage img, int w, int h) {
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(img, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
