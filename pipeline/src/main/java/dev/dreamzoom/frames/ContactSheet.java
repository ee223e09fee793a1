package dev.dreamzoom.frames;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Labelled grids of images: contact sheets of a render, atlases of filters. */
public final class ContactSheet {
  private static final int GAP = 4;

  private ContactSheet() {}

  /** Every {@code every}-th frame (starting with the first), thumbnailed and numbered. */
  public static BufferedImage ofFrames(List<Path> frames, int every, int columns, int thumbWidth)
      throws IOException {
    List<BufferedImage> tiles = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < frames.size(); i += every) {
      BufferedImage img = ImageIO.read(frames.get(i).toFile());
      if (img == null) {
        throw new IOException("not a readable image: " + frames.get(i));
      }
      tiles.add(scale(img, thumbWidth));
      labels.add(frames.get(i).getFileName().toString().replaceFirst("\\.png$", ""));
    }
    return grid(tiles, labels, columns);
  }

  /** Tiles (all the size of the first) in rows of {@code columns}, each label drawn on its tile. */
  public static BufferedImage grid(List<BufferedImage> tiles, List<String> labels, int columns) {
    if (tiles.isEmpty() || tiles.size() != labels.size() || columns < 1) {
      throw new IllegalArgumentException("need one label per tile and at least one tile");
    }
    int w = tiles.get(0).getWidth();
    int h = tiles.get(0).getHeight();
    int cols = Math.min(columns, tiles.size());
    int rows = (tiles.size() + cols - 1) / cols;
    BufferedImage sheet =
        new BufferedImage(
            cols * (w + GAP) + GAP, rows * (h + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(new Color(24, 24, 24));
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.min(18, w / 12))));
      for (int i = 0; i < tiles.size(); i++) {
        int x = GAP + (i % cols) * (w + GAP);
        int y = GAP + (i / cols) * (h + GAP);
        g.drawImage(tiles.get(i), x, y, w, h, null);
        int baseline = y + h - 6;
        g.setColor(Color.BLACK);
        g.drawString(labels.get(i), x + 6, baseline + 1);
        g.setColor(Color.WHITE);
        g.drawString(labels.get(i), x + 5, baseline);
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }

  private static BufferedImage scale(BufferedImage img, int width) {
    int height = Math.max(1, Math.round((float) img.getHeight() * width / img.getWidth()));
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(img, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
