package dev.dreamzoom.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One network: where its release file lives, which graph or weight file inside it to use, how
 * pixels are fed to it, its default targets, and friendly names for its layers.
 *
 * @param url the release archive or file, or null for a network given by path
 * @param graph the graph or weight file's path inside the archive (also its path in a mirror)
 * @param checksums what the downloaded files must hash to, where published
 * @param layers default DeepDream layers, {@code layer[:weight]}
 * @param filters default filter-visualization targets, in the preset's {@code filters} syntax, or
 *     null
 * @param aliases friendly layer name → tensor (operation) name
 * @param classifier where its class logits and labels are, or null for a network without them
 */
public record ModelEntry(
    String name,
    String url,
    String graph,
    Checksums checksums,
    InputSpec input,
    List<String> layers,
    String filters,
    Map<String, String> aliases,
    Classifier classifier) {
  private static final String BUNDLED = "classpath:";

  public ModelEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(checksums, "checksums");
    Objects.requireNonNull(input, "input");
    layers = List.copyOf(layers);
    aliases = Map.copyOf(aliases);
  }

  /** An entry without a classifier. */
  public ModelEntry(
      String name,
      String url,
      String graph,
      Checksums checksums,
      InputSpec input,
      List<String> layers,
      String filters,
      Map<String, String> aliases) {
    this(name, url, graph, checksums, input, layers, filters, aliases, null);
  }

  /**
   * Where a network keeps its classes.
   *
   * @param logits the tensor of class logits, shape [1, classes]
   * @param labels the labels file's path inside the release archive (and in a mirror), or any path
   *     for a network given by path, or {@code classpath:NAME} for a list dreamzoom ships in {@code
   *     config/} (the ONNX model zoo's files come without labels); one label per line (optionally
   *     {@code index:label}), logit 0 first; null when only logit indices can be used
   * @param headPool the classifier's fixed-size average pool, which the import replaces by a global
   *     mean so the logits exist at any frame size; null when there is none
   */
  public record Classifier(String logits, String labels, String headPool) {
    public Classifier {
      Objects.requireNonNull(logits, "logits");
    }
  }

  /**
   * Published checksums; each may be null.
   *
   * @param sha256 of the graph or weight file itself (so archive and extracted forms are checked
   *     alike)
   * @param archiveSha256 of the release archive
   * @param md5 of the downloaded file, where the publisher gives only MD5 (Keras)
   * @param bytes the downloaded file's published size, or 0 where none is published: a download of
   *     another size is refused before its checksums are compared, with both sizes in the message
   */
  public record Checksums(String sha256, String archiveSha256, String md5, long bytes) {
    public static final Checksums NONE = new Checksums(null, null, null);

    public Checksums {
      check(sha256, 64, "sha256");
      check(archiveSha256, 64, "archive_sha256");
      check(md5, 32, "md5");
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must be positive, or 0 for unknown");
      }
    }

    /** Checksums without a published size. */
    public Checksums(String sha256, String archiveSha256, String md5) {
      this(sha256, archiveSha256, md5, 0);
    }

    private static void check(String hex, int length, String what) {
      if (hex != null && !hex.matches("[0-9a-f]{" + length + "}")) {
        throw new IllegalArgumentException(what + " must be " + length + " lowercase hex digits");
      }
    }
  }

  /** This entry feeding its pixels as {@code input} says. */
  public ModelEntry withInput(InputSpec input) {
    return new ModelEntry(name, url, graph, checksums, input, layers, filters, aliases, classifier);
  }

  /** This entry with another classifier (a preset's model.logits / model.labels applied). */
  public ModelEntry withClassifier(Classifier c) {
    return new ModelEntry(name, url, graph, checksums, input, layers, filters, aliases, c);
  }

  /** The labels file's name, e.g. {@code labels.txt}, or null. */
  public String labelsFileName() {
    if (classifier == null || classifier.labels() == null) {
      return null;
    }
    String l = classifier.labels();
    return l.substring(Math.max(l.lastIndexOf('/'), l.lastIndexOf(':')) + 1);
  }

  /** The classpath resource of labels dreamzoom ships for this network, or null. */
  public String bundledLabels() {
    String l = classifier == null ? null : classifier.labels();
    return l != null && l.startsWith(BUNDLED) ? "/" + l.substring(BUNDLED.length()) : null;
  }

  /** The graph file's name, e.g. {@code quantized_graph.pb}. */
  public String graphFileName() {
    int slash = graph.lastIndexOf('/');
    return slash < 0 ? graph : graph.substring(slash + 1);
  }

  /** The release file's name as the URL gives it, e.g. {@code mobilenet_v1_0.75_224_frozen.tgz}. */
  public String archiveFileName() {
    return url == null ? null : url.substring(url.lastIndexOf('/') + 1);
  }
}
