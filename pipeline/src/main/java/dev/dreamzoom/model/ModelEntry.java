package dev.dreamzoom.model;

import java.util.List;
import java.util.Objects;

/**
 * One network: where its release archive lives, which graph file inside it to use, how pixels are
 * fed to it, and its recommended DeepDream layers.
 *
 * @param url the release archive, or null for a graph given by path
 * @param graph the graph file's path inside the archive (also its path in a mirror folder)
 * @param sha256 the graph file's checksum, or null where none is published
 * @param archiveSha256 the archive's checksum, or null
 */
public record ModelEntry(
    String name,
    String url,
    String graph,
    String sha256,
    String archiveSha256,
    String input,
    float offset,
    float scale,
    List<String> layers) {
  public ModelEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(input, "input");
    layers = List.copyOf(layers);
    if (!(scale > 0) || !Float.isFinite(offset)) {
      throw new IllegalArgumentException(name + ": scale must be > 0 and offset finite");
    }
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(name + ": sha256 must be 64 lowercase hex digits");
    }
  }

  /** The graph's file name, e.g. {@code quantized_graph.pb}. */
  public String graphFileName() {
    int slash = graph.lastIndexOf('/');
    return slash < 0 ? graph : graph.substring(slash + 1);
  }

  /** The archive's file name as the URL gives it, e.g. {@code mobilenet_v1_0.75_224_frozen.tgz}. */
  public String archiveFileName() {
    return url == null ? null : url.substring(url.lastIndexOf('/') + 1);
  }
}
