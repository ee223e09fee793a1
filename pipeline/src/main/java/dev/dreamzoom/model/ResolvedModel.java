package dev.dreamzoom.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A network ready to import: its catalog facts and a verified local file (a graph, a weight file,
 * or a SavedModel folder).
 *
 * @param labelsFile the network's labels file, or null
 */
public record ResolvedModel(ModelEntry entry, Path graphFile, String sha256, Path labelsFile) {
  public ResolvedModel {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(graphFile, "graphFile");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** A network without a labels file. */
  public ResolvedModel(ModelEntry entry, Path graphFile, String sha256) {
    this(entry, graphFile, sha256, null);
  }

  /** The same file described by another entry (a preset's model.* keys applied). */
  public ResolvedModel withEntry(ModelEntry entry) {
    return new ResolvedModel(entry, graphFile, sha256, labelsFile);
  }

  /** The same network with another labels file. */
  public ResolvedModel withLabels(Path labels) {
    return new ResolvedModel(entry, graphFile, sha256, labels);
  }
}
