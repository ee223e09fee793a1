package dev.dreamzoom.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A classifier's class names, one per logit: MobileNet's {@code labels.txt} ({@code 0:background},
 * {@code 1:tench, Tinca tinca}, ...), Caffe's and the ONNX model zoo's {@code synset.txt} ({@code
 * n01440764 tench, Tinca tinca}: the WordNet id is dropped) or a plain one-label-per-line file. A
 * label may list synonyms separated by commas; a class is found by any of them.
 */
public final class Labels {
  /**
   * The WordNet id a Caffe-style {@code synset_words.txt} line starts with ({@code n01440764
   * tench}).
   */
  private static final Pattern WORDNET_ID = Pattern.compile("^n\\d{8}\\s+");

  private final List<String> lines;

  private Labels(List<String> lines) {
    this.lines = List.copyOf(lines);
  }

  public static Labels read(Path file) throws ModelException {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ModelException("cannot read labels file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The 1000 ImageNet classes dreamzoom ships ({@code config/imagenet_synset.txt}, in torchvision's
   * and the ONNX zoo's order), with {@code background} first where a network has 1001 logits.
   */
  public static Labels imageNet(boolean background) throws ModelException {
    try (java.io.InputStream in = Labels.class.getResourceAsStream("/imagenet_synset.txt")) {
      if (in == null) {
        throw new ModelException(
            "the ImageNet labels imagenet_synset.txt are missing from the classpath", null);
      }
      List<String> lines = new ArrayList<>();
      if (background) {
        lines.add("background");
      }
      lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      return parse(lines, "imagenet_synset.txt");
    } catch (IOException e) {
      throw new ModelException("cannot read the shipped ImageNet labels: " + e.getMessage(), e);
    }
  }

  private static Labels parse(List<String> raw, String file) throws ModelException {
    List<String> labels = new ArrayList<>();
    for (String line : raw) {
      if (line.isBlank() && labels.size() == raw.size() - 1) {
        break;
      }
      int colon = line.indexOf(':');
      boolean indexed = colon > 0 && line.substring(0, colon).strip().matches("\\d+");
      if (indexed && Integer.parseInt(line.substring(0, colon).strip()) != labels.size()) {
        throw new ModelException(
            "labels file "
                + file
                + ": line "
                + (labels.size() + 1)
                + " has index "
                + line.substring(0, colon).strip()
                + ", expected "
                + labels.size());
      }
      String label = (indexed ? line.substring(colon + 1) : line).strip();
      labels.add(WORDNET_ID.matcher(label).replaceFirst(""));
    }
    return new Labels(labels);
  }

  public int size() {
    return lines.size();
  }

  /** The label of logit {@code i}. */
  public String get(int i) {
    return lines.get(i);
  }

  /**
   * The logit index of a class named {@code query}: the class one of whose comma-separated names
   * equals it (ignoring case), else the only class whose label has it as a whole word ("cat" in
   * "tiger cat", not in "oyster catcher"), else the only one that contains it at all.
   *
   * @throws IllegalArgumentException naming the candidates when none or several match
   */
  public int find(String query) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    List<Integer> exact = new ArrayList<>();
    List<Integer> words = new ArrayList<>();
    List<Integer> partial = new ArrayList<>();
    Pattern word = Pattern.compile("\\b" + Pattern.quote(q) + "\\b");
    for (int i = 0; i < lines.size(); i++) {
      String label = lines.get(i).toLowerCase(Locale.ROOT);
      for (String name : label.split(",")) {
        if (name.strip().equals(q)) {
          exact.add(i);
          break;
        }
      }
      if (word.matcher(label).find()) {
        words.add(i);
      }
      if (label.contains(q)) {
        partial.add(i);
      }
    }
    if (exact.size() == 1) {
      return exact.get(0);
    }
    List<Integer> candidates = !exact.isEmpty() ? exact : !words.isEmpty() ? words : partial;
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      List<String> names = new ArrayList<>();
      lines.forEach(l -> names.add(l.split(",")[0].strip()));
      List<String> near = dev.dreamzoom.preset.Names.closest(q, names, 3);
      throw new IllegalArgumentException(
          "no class '"
              + query
              + "' in the labels"
              + (near.isEmpty() ? "" : "; similar: " + String.join(", ", near)));
    }
    List<String> shown =
        candidates.stream().limit(6).map(i -> i + " '" + lines.get(i) + "'").toList();
    throw new IllegalArgumentException(
        "class '"
            + query
            + "' is ambiguous: "
            + String.join("; ", shown)
            + (candidates.size() > 6 ? " and " + (candidates.size() - 6) + " more" : "")
            + " (name one of them, or give its index: class(N))");
  }
}
