package dev.dreamzoom.frames;

import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.files.SourceFile;
import dev.dreamzoom.preset.EncodeSpec;
import dev.dreamzoom.preset.PresetParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a render folder was made from: the preset's content hash, the model's sha256 and the program
 * version (a resume is allowed only from the same preset and model), plus the clip's rate and
 * encode settings, so that {@code dreamzoom encode} can rebuild the video from the frames alone.
 *
 * @param metadata what the clips carry to be reproducible (preset, model, seed, version)
 * @param encodedFrames frames in the finished clips, or 0 while there are none
 * @param presetPath where the preset was read from (its relative paths are relative to it); null in
 *     renders begun before this was recorded
 * @param frames how many frames the render was asked for (the preset's, or {@code --frames}); 0 in
 *     renders begun before this was recorded
 * @param presetFrames how many frames the preset has (more than {@code frames} for a render cut
 *     short by {@code --frames}); 0 in renders begun before this was recorded
 * @param precision what the network computed in ({@code float32} or {@code bfloat16}); null in
 *     renders begun before this was recorded, which computed in float32
 * @param kernels the CPU kernel families the frames were computed with, in the order machines took
 *     the render up ({@code onednn-avx512_core}, then {@code onednn-avx2} after a resume on another
 *     CPU; see {@code model.Kernels}); empty in renders begun before this was recorded
 * @param sources the files the render reads (seed photo, video, soundtracks, images of the
 *     objective), as they were when it began; null in renders begun before these were recorded
 */
public record Manifest(
    String name,
    String presetSha256,
    String modelSha256,
    String version,
    int fps,
    EncodeSpec encode,
    Map<String, String> metadata,
    int encodedFrames,
    Path presetPath,
    int frames,
    int presetFrames,
    String precision,
    List<String> kernels,
    List<SourceFile> sources) {
  public Manifest {
    kernels = List.copyOf(kernels);
    sources = sources == null ? null : List.copyOf(sources);
    Objects.requireNonNull(name, "name");
    // The name becomes file names inside the render folder (clips, poster): one safe segment only.
    if (!PresetParser.isSafeName(name)) {
      throw new IllegalArgumentException("not a render name: '" + name + "'");
    }
    Objects.requireNonNull(presetSha256, "presetSha256");
    Objects.requireNonNull(modelSha256, "modelSha256");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(encode, "encode");
    metadata = Map.copyOf(metadata);
  }

  public Manifest withEncodedFrames(int n) {
    return new Manifest(
        name,
        presetSha256,
        modelSha256,
        version,
        fps,
        encode,
        metadata,
        n,
        presetPath,
        frames,
        presetFrames,
        precision,
        kernels,
        sources);
  }

  /** This manifest with {@code family} added to its kernel families, if the last one differs. */
  public Manifest withKernels(String family) {
    if (!kernels.isEmpty() && kernels.get(kernels.size() - 1).equals(family)) {
      return this;
    }
    List<String> k = new java.util.ArrayList<>(kernels);
    k.add(family);
    return new Manifest(
        name,
        presetSha256,
        modelSha256,
        version,
        fps,
        encode,
        metadata,
        encodedFrames,
        presetPath,
        frames,
        presetFrames,
        precision,
        k,
        sources);
  }

  /** This manifest with its sources recorded as {@code s}. */
  public Manifest withSources(List<SourceFile> s) {
    return new Manifest(
        name,
        presetSha256,
        modelSha256,
        version,
        fps,
        encode,
        metadata,
        encodedFrames,
        presetPath,
        frames,
        presetFrames,
        precision,
        kernels,
        s);
  }

  /**
   * A warning when frames computed here would continue a render begun with other CPU kernels, or
   * empty: frames stay valid, but differ from an uninterrupted render on the first machine.
   */
  public java.util.Optional<String> kernelChange(String here) {
    if (kernels.isEmpty() || kernels.get(kernels.size() - 1).equals(here)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "this render's frames so far were computed with the "
            + kernels.get(kernels.size() - 1)
            + " kernels and this machine computes with "
            + here
            + ": the frames it adds are"
            + " a valid render but differ from an uninterrupted render on the first machine (the same look,"
            + " other details); resume on a machine of the first kind for identical frames");
  }

  public void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("name", name);
    p.setProperty("preset.sha256", presetSha256);
    p.setProperty("model.sha256", modelSha256);
    p.setProperty("version", version);
    p.setProperty("fps", Integer.toString(fps));
    encode.toKeys().forEach(p::setProperty);
    p.setProperty("encoded.frames", Integer.toString(encodedFrames));
    if (presetPath != null) {
      p.setProperty("preset.path", presetPath.toAbsolutePath().toString());
    }
    p.setProperty("frames", Integer.toString(frames));
    if (presetFrames > 0) {
      p.setProperty("preset.frames", Integer.toString(presetFrames));
    }
    if (precision != null) {
      p.setProperty("precision", precision);
    }
    if (!kernels.isEmpty()) {
      p.setProperty("kernels", String.join(",", kernels));
    }
    if (sources != null) {
      p.setProperty("sources", Integer.toString(sources.size()));
      for (int i = 0; i < sources.size(); i++) {
        SourceFile f = sources.get(i);
        String at = "source." + (i + 1) + ".";
        p.setProperty(at + "key", f.key());
        p.setProperty(at + "path", f.path().toString());
        p.setProperty(at + "size", Long.toString(f.size()));
        p.setProperty(at + "modified", Long.toString(f.modified()));
        p.setProperty(at + "sha256", f.sha256());
      }
    }
    metadata.forEach((k, v) -> p.setProperty("meta." + k, v));
    AtomicFiles.write(file, out -> p.store(out, "dreamzoom render manifest; do not edit"));
  }

  public static Manifest read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      // A malformed unicode escape makes load throw IllegalArgumentException: a damaged file too.
      p.load(r);
    } catch (IllegalArgumentException e) {
      throw new IOException("damaged manifest " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      // A folder in its place, no permission: the system's reason does not always name the file.
      throw String.valueOf(e.getMessage()).contains(file.toString())
          ? e
          : new IOException("cannot read the manifest " + file + ": " + e.getMessage(), e);
    }
    try {
      EncodeSpec encode = EncodeSpec.fromKeys(p::getProperty);
      Map<String, String> metadata = new TreeMap<>();
      for (String k : p.stringPropertyNames()) {
        if (k.startsWith("meta.")) {
          metadata.put(k.substring(5), p.getProperty(k));
        }
      }
      for (String key : List.of("name", "preset.sha256", "model.sha256", "version", "fps")) {
        if (p.getProperty(key) == null) {
          throw new IOException("damaged manifest " + file + ": the key " + key + " is missing");
        }
      }
      return new Manifest(
          p.getProperty("name"),
          p.getProperty("preset.sha256"),
          p.getProperty("model.sha256"),
          p.getProperty("version"),
          Integer.parseInt(p.getProperty("fps")),
          encode,
          metadata,
          Integer.parseInt(p.getProperty("encoded.frames", "0")),
          p.getProperty("preset.path") == null ? null : Path.of(p.getProperty("preset.path")),
          Integer.parseInt(p.getProperty("frames", "0")),
          Integer.parseInt(p.getProperty("preset.frames", "0")),
          p.getProperty("precision"),
          p.getProperty("kernels", "").isBlank()
              ? List.of()
              : List.of(p.getProperty("kernels").split(",")),
          sources(p, file));
    } catch (IllegalArgumentException e) {
      throw new IOException("damaged manifest " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<SourceFile> sources(Properties p, Path file) throws IOException {
    if (p.getProperty("sources") == null) {
      return null;
    }
    List<SourceFile> out = new java.util.ArrayList<>();
    for (int i = 1; i <= Integer.parseInt(p.getProperty("sources")); i++) {
      String at = "source." + i + ".";
      for (String k : List.of("key", "path", "size", "modified", "sha256")) {
        if (p.getProperty(at + k) == null) {
          throw new IOException("damaged manifest " + file + ": the key " + at + k + " is missing");
        }
      }
      out.add(
          new SourceFile(
              p.getProperty(at + "key"),
              Path.of(p.getProperty(at + "path")),
              Long.parseLong(p.getProperty(at + "size")),
              Long.parseLong(p.getProperty(at + "modified")),
              p.getProperty(at + "sha256")));
    }
    return out;
  }
}
