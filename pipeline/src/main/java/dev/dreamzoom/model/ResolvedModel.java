package dev.dreamzoom.model;

import java.nio.file.Path;
import java.util.Objects;

/** A network ready to import: its catalog facts and a verified local graph file. */
public record ResolvedModel(ModelEntry entry, Path graphFile, String sha256) {
  public ResolvedModel {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(graphFile, "graphFile");
    Objects.requireNonNull(sha256, "sha256");
  }
}
