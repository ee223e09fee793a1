package dev.dreamzoom.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** The named networks of {@code config/models.properties}. */
public final class ModelCatalog {
  private static final String RESOURCE = "/models.properties";

  private final Map<String, ModelEntry> entries;

  private ModelCatalog(Map<String, ModelEntry> entries) {
    this.entries = entries;
  }

  /** The catalog shipped in {@code config/}, read from the classpath. */
  public static ModelCatalog load() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return fromProperties(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModelCatalog fromProperties(Properties p) {
    Map<String, ModelEntry> entries = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.endsWith(".url")) {
        continue;
      }
      String name = key.substring(0, key.length() - ".url".length());
      List<String> layers = new ArrayList<>();
      for (String l : p.getProperty(name + ".layers", "").split(",")) {
        if (!l.isBlank()) {
          layers.add(l.strip());
        }
      }
      entries.put(name, new ModelEntry(
          name,
          p.getProperty(key).strip(),
          required(p, name, "graph"),
          blankToNull(p.getProperty(name + ".sha256")),
          blankToNull(p.getProperty(name + ".archive_sha256")),
          required(p, name, "input"),
          Float.parseFloat(required(p, name, "offset")),
          Float.parseFloat(required(p, name, "scale")),
          layers));
    }
    return new ModelCatalog(entries);
  }

  public Optional<ModelEntry> find(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /** The entry whose graph is {@code <dir>/<file>} for these two trailing path parts, if any. */
  public Optional<ModelEntry> findByGraphPath(String parentDir, String fileName) {
    return entries.values().stream()
        .filter(e -> e.graph().equals(parentDir + "/" + fileName))
        .findFirst();
  }

  private static String required(Properties p, String name, String field) {
    String v = p.getProperty(name + "." + field);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("models.properties: " + name + "." + field + " is missing");
    }
    return v.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public String toString() {
    return Arrays.toString(entries.keySet().toArray());
  }
}
