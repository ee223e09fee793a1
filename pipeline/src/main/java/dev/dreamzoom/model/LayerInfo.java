package dev.dreamzoom.model;

import java.util.List;

/**
 * A 4-D activation tensor of a network: its operation name, type, channel count, and the friendly
 * names that stand for it.
 */
public record LayerInfo(String name, String op, int channels, List<String> aliases) {
  public LayerInfo {
    aliases = List.copyOf(aliases);
  }
}
