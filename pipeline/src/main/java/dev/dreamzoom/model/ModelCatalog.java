package dev.dreamzoom.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
      String table = blankToNull(p.getProperty(name + ".aliases"));
      InputSpec input =
          new InputSpec(
              required(p, name, "input"),
              floats(p, name, "offset"),
              floats(p, name, "scale"),
              channelsBgr(p, name));
      entries.put(
          name,
          new ModelEntry(
              name,
              p.getProperty(key).strip(),
              required(p, name, "graph"),
              new ModelEntry.Checksums(
                  blankToNull(p.getProperty(name + ".sha256")),
                  blankToNull(p.getProperty(name + ".archive_sha256")),
                  blankToNull(p.getProperty(name + ".md5")),
                  Long.parseLong(p.getProperty(name + ".bytes", "0").strip())),
              input,
              list(p.getProperty(name + ".layers", "")),
              blankToNull(p.getProperty(name + ".filters")),
              table == null ? Map.of() : aliasTable(p, name, table),
              classifier(p, name)));
    }
    return new ModelCatalog(entries);
  }

  /** {@code alias_table.<table> = friendly=tensor, ...}, shared by the entries naming it. */
  private static Map<String, String> aliasTable(Properties p, String name, String table) {
    String spec = p.getProperty("alias_table." + table);
    if (spec == null) {
      throw new IllegalStateException(
          "models.properties: "
              + name
              + ".aliases names table '"
              + table
              + "', but alias_table."
              + table
              + " is missing");
    }
    Map<String, String> aliases = new LinkedHashMap<>();
    for (String pair : list(spec)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalStateException(
            "models.properties: alias_table."
                + table
                + ": expected friendly=tensor, got '"
                + pair
                + "'");
      }
      aliases.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return aliases;
  }

  private static ModelEntry.Classifier classifier(Properties p, String name) {
    String logits = blankToNull(p.getProperty(name + ".logits"));
    String labels = blankToNull(p.getProperty(name + ".labels"));
    String headPool = blankToNull(p.getProperty(name + ".head_pool"));
    if (logits == null) {
      if (labels != null || headPool != null) {
        throw new IllegalStateException(
            "models.properties: " + name + ".labels and .head_pool need " + name + ".logits");
      }
      return null;
    }
    return new ModelEntry.Classifier(logits, labels, headPool);
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private static float[] floats(Properties p, String name, String field) {
    List<String> parts = list(required(p, name, field));
    float[] v = new float[parts.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.parseFloat(parts.get(i));
    }
    return v;
  }

  private static boolean channelsBgr(Properties p, String name) {
    String v = p.getProperty(name + ".channels", "rgb").strip();
    if (!v.equals("rgb") && !v.equals("bgr")) {
      throw new IllegalStateException(
          "models.properties: " + name + ".channels must be rgb or bgr");
    }
    return v.equals("bgr");
  }

  public Optional<ModelEntry> find(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /**
   * The entry whose graph is {@code <dir>/<file>} for these two trailing path parts, or just {@code
   * <file>} for entries whose graph is not in a folder, if any.
   */
  public Optional<ModelEntry> findByGraphPath(String parentDir, String fileName) {
    return entries.values().stream()
        .filter(e -> e.graph().equals(parentDir + "/" + fileName) || e.graph().equals(fileName))
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
