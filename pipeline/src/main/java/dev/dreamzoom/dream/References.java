package dev.dreamzoom.dream;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of the images that guide and style terms compare against, computed once before the
 * step graph is built and then held in it as constants. Images larger than {@link #MAX_SIDE} are
 * shrunk first: features at a scale near the frame's match it best.
 */
final class References {
  static final int MAX_SIDE = 512;

  /** Per (image, layer): the guide's features, or the style's Gram matrix. */
  private final Map<String, Probe.Activation> activations;

  private References(Map<String, Probe.Activation> activations) {
    this.activations = activations;
  }

  static References none() {
    return new References(Map.of());
  }

  /** The features every term's images (guide, style) have at each layer the term reads. */
  static References compute(Network network, List<Term> terms, int threads) throws ModelException {
    if (terms.stream().allMatch(t -> t.images().isEmpty())) {
      return none();
    }
    Map<String, Probe.Activation> acts = new HashMap<>();
    try (Probe probe = new Probe(network, threads)) {
      Map<Path, RgbImage> images = new HashMap<>();
      for (Term t : terms) {
        for (Path file : t.images()) {
          for (Target target : t.targets()) {
            acts.put(
                key(file, target.layer()),
                probe.activation(image(images, file), target.layer(), false));
          }
        }
      }
    }
    return new References(acts);
  }

  /** The guide image's features at {@code layer}, one row of channels per position. */
  Probe.Activation features(Path image, String layer) {
    return activations.get(key(image, layer));
  }

  /**
   * The style image's Gram matrix at {@code layer}, {@code channels x channels}, divided by
   * positions.
   */
  float[] gram(Path image, String layer) {
    Probe.Activation a = activations.get(key(image, layer));
    int c = a.channels();
    int n = a.positions();
    float[] x = a.values();
    double[] g = new double[c * c];
    for (int p = 0; p < n; p++) {
      int row = p * c;
      for (int i = 0; i < c; i++) {
        double xi = x[row + i];
        if (xi == 0) {
          continue;
        }
        for (int j = i; j < c; j++) {
          g[i * c + j] += xi * x[row + j];
        }
      }
    }
    float[] out = new float[c * c];
    for (int i = 0; i < c; i++) {
      for (int j = i; j < c; j++) {
        out[i * c + j] = (float) (g[i * c + j] / n);
        out[j * c + i] = out[i * c + j];
      }
    }
    return out;
  }

  private static String key(Path image, String layer) {
    return image + "\n" + layer;
  }

  private static RgbImage image(Map<Path, RgbImage> cache, Path file) throws ModelException {
    RgbImage img = cache.get(file);
    if (img == null) {
      try {
        img = ImageFiles.read(file);
      } catch (IOException e) {
        throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
      }
      double f = Math.min(1.0, (double) MAX_SIDE / Math.max(img.width(), img.height()));
      if (f < 1) {
        img =
            img.resize(
                Math.max(32, (int) Math.round(img.width() * f)),
                Math.max(32, (int) Math.round(img.height() * f)));
      }
      cache.put(file, img);
    }
    return img;
  }
}
