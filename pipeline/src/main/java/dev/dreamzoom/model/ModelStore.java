package dev.dreamzoom.model;

import ai.djl.training.util.ProgressBar;
import ai.djl.util.TarUtils;
import ai.djl.util.ZipUtils;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.files.SourceFile;
import dev.dreamzoom.preset.ModelInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a network's graph file: a path given directly, the cache, a mirror folder, or the release
 * URL, in that order. Whatever the source, fetching goes through {@link #install}: copy to a
 * temporary folder, verify checksums, extract, and only then move into the cache, so a bad file
 * never stays there; a classifier's labels file travels with its graph. The class is longer than
 * most because that one path, from every source to a verified cache entry, reads best in one place.
 */
public final class ModelStore {
  private static final Logger log = LoggerFactory.getLogger(ModelStore.class);

  private final ModelCatalog catalog;
  private final Path cacheDir;
  private final Path mirror;

  /**
   * @param cacheDir where verified graphs are kept ({@code <cache>/<model>/<graph file>})
   * @param mirror a folder of release archives or extracted graphs, or null
   */
  public ModelStore(ModelCatalog catalog, Path cacheDir, Path mirror) {
    this.catalog = catalog;
    this.cacheDir = cacheDir;
    this.mirror = mirror;
  }

  /** Where verified networks are kept. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** The mirror folder, or null. */
  public Path mirror() {
    return mirror;
  }

  /** True when the catalog network {@code name} is in the cache (not checked until it is used). */
  public boolean cached(String name) {
    return catalog
        .find(name)
        .map(e -> Files.isRegularFile(cacheDir.resolve(e.name()).resolve(e.graphFileName())))
        .orElse(false);
  }

  /** The segmentation network's store, beside the networks in the same cache and mirror. */
  public SegmentationStore segmentation() {
    return new SegmentationStore(cacheDir, mirror);
  }

  /**
   * {@code $DREAMZOOM_CACHE}, else {@code $XDG_CACHE_HOME/dreamzoom}, else {@code
   * ~/.cache/dreamzoom}.
   */
  public static Path defaultCacheRoot() {
    String explicit = System.getenv("DREAMZOOM_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("dreamzoom");
  }

  /**
   * Resolves a catalog name, or a path to a frozen {@code .pb}, a SavedModel folder, a Keras {@code
   * .h5} weight file or an ONNX file.
   */
  public ResolvedModel resolve(String model) throws ModelException {
    if (ModelInput.isPath(model)) {
      return resolvePath(Path.of(model));
    }
    ModelEntry entry =
        catalog
            .find(model)
            .orElseThrow(
                () ->
                    new ModelException(
                        "unknown model '"
                            + model
                            + "'. Known: "
                            + String.join(", ", catalog.names())
                            + "; or a path to a frozen .pb, a SavedModel folder, a Keras .h5 weight file or an ONNX file"));

    Path cached = cacheDir.resolve(entry.name()).resolve(entry.graphFileName());
    // A cache written before labels were kept is fetched again, labels and all.
    boolean labelsCached =
        entry.labelsFileName() == null
            || Files.isRegularFile(cached.resolveSibling(entry.labelsFileName()));
    if (Files.isRegularFile(cached) && labelsCached) {
      Optional<ResolvedModel> ok = verifyCached(entry, cached);
      if (ok.isPresent()) {
        return ok.get();
      }
    }
    if (mirror != null) {
      Optional<URI> fromMirror = findInMirror(entry);
      if (fromMirror.isPresent()) {
        return install(entry, fromMirror.get());
      }
      log.warn(
          "model mirror {} has {}; trying the download URL",
          mirror,
          entry.graph().equals(entry.archiveFileName())
              ? "no " + entry.graph()
              : "neither " + entry.graph() + " nor " + entry.archiveFileName());
    }
    try {
      return install(entry, URI.create(entry.url()));
    } catch (ModelException e) {
      String what =
          isArchive(entry.archiveFileName())
              ? entry.archiveFileName()
                  + " (from "
                  + entry.url()
                  + "), or its member "
                  + entry.graph()
                  + ","
              : entry.archiveFileName() + " (from " + entry.url() + ")";
      throw new ModelException(
          e.getMessage()
              + "\nOffline? Put "
              + what
              + " in a folder and pass --model-mirror DIR or set DREAMZOOM_MODEL_MIRROR=DIR.",
          e);
    }
  }

  private ResolvedModel resolvePath(Path file) throws ModelException {
    ModelFormat format = ModelFormat.of(file);
    if (format == ModelFormat.SAVED_MODEL && !Files.isRegularFile(file.resolve("saved_model.pb"))) {
      throw new ModelException(
          "model folder " + file + " is not a SavedModel: it has no saved_model.pb");
    }
    if (!Files.exists(file)) {
      throw new ModelException("model file not found: " + file);
    }
    String fileName = file.getFileName().toString();
    Path parent = file.toAbsolutePath().getParent();
    ModelEntry pathEntry =
        new ModelEntry(
            fileName,
            null,
            fileName,
            ModelEntry.Checksums.NONE,
            format.pathDefaults(),
            List.of(),
            null,
            java.util.Map.of());
    ModelEntry entry =
        parent == null
            ? pathEntry
            : catalog.findByGraphPath(parent.getFileName().toString(), fileName).orElse(pathEntry);
    try {
      String sha = format == ModelFormat.SAVED_MODEL ? sha256Tree(file) : SourceFile.sha256(file);
      if (entry.checksums().sha256() != null && !entry.checksums().sha256().equals(sha)) {
        log.warn(
            "{} looks like catalog model {} but its sha256 differs; using it as given",
            file,
            entry.name());
      }
      return new ResolvedModel(entry, file, sha);
    } catch (IOException e) {
      throw new ModelException("cannot read model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * One checksum for a folder: the sha256 of each file's relative path and contents, in path order,
   * so a changed variable shard changes it as a changed graph does.
   */
  static String sha256Tree(Path dir) throws IOException {
    MessageDigest digest = newDigest();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      digest.update(dir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(SourceFile.sha256(f).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private Optional<ResolvedModel> verifyCached(ModelEntry entry, Path cached)
      throws ModelException {
    try {
      String sha = SourceFile.sha256(cached);
      String expected = expectedSha(entry, cached);
      if (expected == null || expected.equals(sha)) {
        return Optional.of(new ResolvedModel(entry, cached, sha, labelsBeside(entry, cached)));
      }
      log.warn(
          "cached {} has sha256 {} but {} was expected; fetching it again", cached, sha, expected);
      Files.delete(cached);
      return Optional.empty();
    } catch (IOException e) {
      throw new ModelException("cannot read cached model " + cached + ": " + e.getMessage(), e);
    }
  }

  /** The pinned checksum, or the one recorded when an unpinned model was first fetched. */
  private static String expectedSha(ModelEntry entry, Path cached) throws IOException {
    if (entry.checksums().sha256() != null) {
      return entry.checksums().sha256();
    }
    Path recorded = recordedShaFile(cached);
    return Files.isRegularFile(recorded) ? Files.readString(recorded).strip() : null;
  }

  private static Path recordedShaFile(Path graph) {
    return graph.resolveSibling(graph.getFileName() + ".sha256");
  }

  private Optional<URI> findInMirror(ModelEntry entry) {
    List<Path> candidates =
        Stream.of(
                mirror.resolve(entry.graph()),
                mirror.resolve(entry.name()).resolve(entry.graphFileName()),
                entry.archiveFileName() == null ? null : mirror.resolve(entry.archiveFileName()))
            .filter(p -> p != null && Files.isRegularFile(p))
            .toList();
    return candidates.stream().findFirst().map(Path::toUri);
  }

  /**
   * Fetches {@code source} (any URL Java can open, {@code file:} included) into the cache. An
   * archive ({@code .tgz}, {@code .tar.gz}, {@code .zip}) is checked and unpacked; anything else is
   * taken as the graph file itself.
   */
  public ResolvedModel install(ModelEntry entry, URI source) throws ModelException {
    Path target = cacheDir.resolve(entry.name()).resolve(entry.graphFileName());
    Path work = null;
    try {
      try {
        Files.createDirectories(cacheDir);
        work = Files.createTempDirectory(cacheDir, ".fetch-");
      } catch (IOException e) {
        throw new ModelException(
            "the model cache "
                + cacheDir
                + " cannot be written ("
                + (e.getMessage() != null && e.getMessage().contains(": ")
                    ? e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2)
                    : e.getMessage())
                + "); set DREAMZOOM_CACHE to a writable folder (the cache root is $DREAMZOOM_CACHE, else"
                + " $XDG_CACHE_HOME/dreamzoom, else ~/.cache/dreamzoom)",
            e);
      }
      String fileName = Path.of(source.getPath()).getFileName().toString();
      Path download = work.resolve(fileName);
      String downloadSha = copyWithProgress(source, download);

      ModelEntry.Checksums sums = entry.checksums();
      long size = Files.size(download);
      if (sums.bytes() > 0 && size != sums.bytes()) {
        throw new ModelException(
            source
                + " is "
                + size
                + " bytes, but the release is "
                + sums.bytes()
                + " bytes: the download was cut short or is another file; nothing was cached.");
      }
      String downloadMd5 = sums.md5() == null ? null : md5(download);
      if (downloadMd5 != null && !sums.md5().equals(downloadMd5)) {
        throw new ModelException(
            "checksum mismatch for "
                + source
                + ": expected md5 "
                + sums.md5()
                + ", got "
                + downloadMd5
                + ". The file is corrupt or not the official release;"
                + " nothing was cached.");
      }
      Path graph;
      if (isArchive(fileName)) {
        if (sums.archiveSha256() != null && !sums.archiveSha256().equals(downloadSha)) {
          throw checksumError(source, sums.archiveSha256(), downloadSha);
        }
        graph = extract(download, fileName, work.resolve("unpacked"), entry);
      } else {
        graph = download;
      }
      String sha = graph == download ? downloadSha : SourceFile.sha256(graph);
      if (sums.sha256() != null && !sums.sha256().equals(sha)) {
        throw checksumError(source, sums.sha256(), sha);
      }
      Files.createDirectories(target.getParent());
      if (sums.sha256() == null) {
        log.warn(
            "{} has no published checksum; recording sha256 {} for later loads", entry.name(), sha);
        Files.writeString(recordedShaFile(target), sha + "\n");
      }
      Path labels = findLabels(entry, source, graph);
      if (labels != null) {
        AtomicFiles.move(labels, target.resolveSibling(entry.labelsFileName()));
      } else if (entry.labelsFileName() != null) {
        log.warn(
            "no {} for {} at {}; class(...) terms can name classes by logit index only",
            entry.labelsFileName(),
            entry.name(),
            source);
      }
      AtomicFiles.move(graph, target);
      log.info("model {} ready at {}", entry.name(), target);
      return new ResolvedModel(entry, target, sha, labelsBeside(entry, target));
    } catch (IOException e) {
      throw new ModelException(
          "cannot fetch model " + entry.name() + " from " + source + ": " + describe(e), e);
    } finally {
      discard(work);
    }
  }

  /** Removes a fetch's temporary folder (null: none), warning when it cannot. */
  static void discard(Path work) {
    if (work != null) {
      try {
        AtomicFiles.deleteTree(work);
      } catch (IOException e) {
        log.warn("could not remove temporary folder {}: {}", work, e.getMessage());
      }
    }
  }

  /**
   * The entry's labels file: the list dreamzoom ships, or where the graph came from (in the same
   * archive, or beside a file).
   */
  private Path findLabels(ModelEntry entry, URI source, Path graph) throws IOException {
    String name = entry.labelsFileName();
    if (name == null) {
      return null;
    }
    if (entry.bundledLabels() != null) {
      Path copy = graph.resolveSibling(".labels-" + name);
      try (InputStream in = ModelStore.class.getResourceAsStream(entry.bundledLabels())) {
        if (in == null) {
          throw new IOException(
              "labels " + entry.bundledLabels() + " are missing from the classpath");
        }
        Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    }
    List<Path> candidates = new java.util.ArrayList<>(List.of(graph.resolveSibling(name)));
    if (source.getScheme() != null && source.getScheme().equals("file")) {
      candidates.add(Path.of(source).resolveSibling(name));
    }
    if (mirror != null) {
      candidates.add(mirror.resolve(entry.classifier().labels()));
      candidates.add(mirror.resolve(entry.name()).resolve(name));
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        if (c.startsWith(graph.getParent())) {
          return c;
        }
        Path copy = graph.resolveSibling(".labels-" + name);
        Files.copy(c, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
      }
    }
    return null;
  }

  private static Path labelsBeside(ModelEntry entry, Path graph) {
    String name = entry.labelsFileName();
    Path labels = name == null ? null : graph.resolveSibling(name);
    return labels != null && Files.isRegularFile(labels) ? labels : null;
  }

  static ModelException checksumError(URI source, String expected, String actual) {
    return new ModelException(
        "checksum mismatch for "
            + source
            + ": expected sha256 "
            + expected
            + ", got "
            + actual
            + ". The file is corrupt or not the official release; nothing was cached.");
  }

  private static boolean isArchive(String fileName) {
    return fileName.endsWith(".tgz") || fileName.endsWith(".tar.gz") || fileName.endsWith(".zip");
  }

  private static Path extract(Path archive, String fileName, Path dir, ModelEntry entry)
      throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = Files.newInputStream(archive)) {
      if (fileName.endsWith(".zip")) {
        ZipUtils.unzip(in, dir);
      } else {
        TarUtils.untar(in, dir, true);
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "corrupt or unreadable archive " + fileName + " (" + describe(e) + ")", e);
    }
    Path graph = dir.resolve(entry.graph());
    if (!Files.isRegularFile(graph)) {
      throw new IOException("archive " + fileName + " has no member " + entry.graph());
    }
    return graph;
  }

  /** Copies with a progress bar; returns the sha256 of the bytes copied. */
  static String copyWithProgress(URI source, Path target) throws IOException {
    URLConnection conn = source.toURL().openConnection();
    conn.setConnectTimeout(15_000);
    conn.setReadTimeout(60_000);
    MessageDigest digest = newDigest();
    try (InputStream raw = conn.getInputStream();
        InputStream in = new DigestInputStream(raw, digest);
        OutputStream out = Files.newOutputStream(target)) {
      long length = conn.getContentLengthLong();
      // A live bar only on a terminal; in a log file it would be a wall of carriage returns.
      ProgressBar bar =
          length > 0 && System.console() != null
              ? new ProgressBar("Fetching " + target.getFileName(), length)
              : null;
      log.info("fetching {} ({})", source, length > 0 ? (length >> 10) + " KiB" : "size unknown");
      byte[] buf = new byte[1 << 16];
      long done = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        done += n;
        if (bar != null) {
          bar.update(done, null);
        }
      }
      if (bar != null) {
        bar.end();
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String md5(Path file) throws IOException {
    return hexDigest(file, newDigest("MD5"));
  }

  private static String hexDigest(Path file, MessageDigest digest) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    return newDigest("SHA-256");
  }

  private static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The reason in words, without Java's exception class names. */
  static String describe(Throwable e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof java.net.UnknownHostException) {
      return "cannot look up the host " + m + " (no network?)";
    }
    if (e instanceof java.net.SocketTimeoutException) {
      return "the connection timed out" + (m.isEmpty() ? "" : " (" + m + ")");
    }
    if (e instanceof java.net.ConnectException) {
      return "cannot connect" + (m.isEmpty() ? "" : " (" + m + ")");
    }
    if (e instanceof java.io.FileNotFoundException) {
      return "not found: " + m;
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + m;
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
      return "damaged or truncated data" + (m.isEmpty() ? "" : " (" + m + ")");
    }
    return m.isEmpty() ? "an I/O error" : m;
  }
}
