package dev.dreamzoom.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A network ready to import: its catalog facts and a verified local file (a graph, a weight file,
 * or a SavedModel folder).
 */
public record ResolvedModel(ModelEntry entry, Path graphFile, String sha256) {
  public ResolvedModel {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(graphFile, "graphFile");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The same file described by another entry (a preset's model.* keys applied). */
  public ResolvedModel withEntry(ModelEntry entry) {
    return new ResolvedModel(entry, graphFile, sha256);
  }
}
