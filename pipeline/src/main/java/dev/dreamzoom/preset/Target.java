package dev.dreamzoom.preset;

import java.util.Objects;

/**
 * What an objective term looks at: a whole layer ({@code channel = -1}) or one channel of it,
 * written {@code layer} or {@code layer#channel}.
 */
public record Target(String layer, int channel) {
  public Target {
    Objects.requireNonNull(layer, "layer");
    if (layer.isBlank() || layer.contains("#")) {
      throw new IllegalArgumentException("bad layer name '" + layer + "'");
    }
    if (channel < -1) {
      throw new IllegalArgumentException("channel must be >= 0: " + channel);
    }
  }

  public static Target layer(String layer) {
    return new Target(layer, -1);
  }

  public boolean wholeLayer() {
    return channel < 0;
  }

  @Override
  public String toString() {
    return wholeLayer() ? layer : layer + "#" + channel;
  }
}
