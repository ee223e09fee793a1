package dev.dreamzoom.app;

import dev.dreamzoom.dream.Probe;
import dev.dreamzoom.frames.ContactSheet;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Labels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** What a network sees in a photo: its predicted classes, and a layer's activation maps. */
public final class Inspection {
  /** Smallest side of one map tile in the grid, so that deep layers' tiny maps stay visible. */
  static final int MIN_TILE = 96;

  private Inspection() {}

  /**
   * One class the network predicts, with its softmax probability; label null when none is known.
   */
  public record Prediction(int index, String label, double probability) {}

  /**
   * The {@code k} most probable classes for {@code image}, most probable first. The image should be
   * at about the network's training size (224 x 224 for MobileNet).
   */
  public static List<Prediction> classify(Network network, RgbImage image, int k, int threads)
      throws ModelException {
    float[] logits;
    try (Probe probe = new Probe(network, threads)) {
      logits = probe.logits(image);
    }
    Labels labels = network.knownLabels().orElse(null);
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    double total = sum;
    return IntStream.range(0, p.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -p[i]))
        .limit(k)
        .map(
            i ->
                new Prediction(
                    i, labels == null || i >= labels.size() ? null : labels.get(i), p[i] / total))
        .toList();
  }

  /**
   * The activation maps of {@code channels} of {@code layer} on {@code image}, as one labelled grid
   * of tiles: each channel stretched from its own minimum (black) to maximum (white), enlarged
   * without smoothing so each tile shows the layer's own resolution.
   */
  public static BufferedImage maps(
      Network network, RgbImage image, String layer, List<Integer> channels, int threads)
      throws ModelException {
    Probe.Activation a;
    try (Probe probe = new Probe(network, threads)) {
      a = probe.activation(image, layer, false);
    }
    for (int c : channels) {
      if (c < 0 || c >= a.channels()) {
        throw new ModelException(
            "channel "
                + c
                + " of layer '"
                + layer
                + "' does not exist: it has "
                + a.channels()
                + " channels (0.."
                + (a.channels() - 1)
                + ")");
      }
    }
    int scale = Math.max(1, (int) Math.ceil((double) MIN_TILE / Math.min(a.width(), a.height())));
    List<BufferedImage> tiles = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int c : channels) {
      tiles.add(tile(a, c, scale));
      labels.add("#" + c);
    }
    return ContactSheet.grid(tiles, labels, (int) Math.ceil(Math.sqrt(tiles.size())));
  }

  private static BufferedImage tile(Probe.Activation a, int c, int scale) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    float[] v = a.values();
    for (int i = c; i < v.length; i += a.channels()) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i]);
    }
    float range = hi > lo ? hi - lo : 1;
    BufferedImage img =
        new BufferedImage(a.width() * scale, a.height() * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        float value = v[((y / scale) * a.width() + x / scale) * a.channels() + c];
        int g = Math.round(255 * (value - lo) / range);
        img.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    return img;
  }
}
