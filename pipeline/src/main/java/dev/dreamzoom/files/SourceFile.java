package dev.dreamzoom.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One file a render reads (its seed photo, source video, soundtrack, a guide or style image), as it
 * was when the render began: its size, modification time and SHA-256. A render whose source has
 * since changed would continue, repair or encode from another file than it began with and splice
 * the two; so every command that uses a source compares it first ({@link #change}), and a running
 * render looks at size and time before it stores each frame ({@link #touched}).
 *
 * @param key the preset key that names the file ({@code seed.video}, {@code audio}, ...)
 * @param modified milliseconds since the epoch; a file touched with the same bytes is the same
 *     source
 */
public record SourceFile(String key, Path path, long size, long modified, String sha256) {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SourceFile.class);

  /** Files larger than this say that they are being hashed: a 4 GB video takes seconds. */
  private static final long ANNOUNCE_BYTES = 256L << 20;

  public SourceFile {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    if (size < 0) {
      throw new IllegalArgumentException("size " + size);
    }
  }

  /**
   * The file at {@code path} as it is now.
   *
   * @throws IOException naming the key and the file when it is missing or not a regular file
   */
  public static SourceFile of(String key, Path path, Consumer<String> progress) throws IOException {
    Path file = path.toAbsolutePath().normalize();
    Optional<String> p = problem(key, file);
    if (p.isPresent()) {
      throw new IOException(p.get());
    }
    long size = Files.size(file);
    long modified = Files.getLastModifiedTime(file).toMillis();
    if (size > ANNOUNCE_BYTES) {
      progress.accept(
          String.format(
              Locale.ROOT,
              "%s: reading %s (%.1f GB) once to record what it is",
              key,
              file.getFileName(),
              size / 1e9));
    }
    return new SourceFile(key, file, size, modified, sha256(file));
  }

  /**
   * Why the file at {@code file} cannot be a source: missing, a folder, or not a regular file (a
   * device, a FIFO); empty when it can.
   */
  public static Optional<String> problem(String key, Path file) {
    if (Files.isDirectory(file)) {
      return Optional.of(key + " = " + file + " is a folder, not a file");
    }
    if (!Files.exists(file)) {
      return Optional.of(key + " = " + file + ": file not found");
    }
    if (!Files.isRegularFile(file)) {
      return Optional.of(
          key + " = " + file + " is not a regular file (a device or a pipe); give a file");
    }
    return Optional.empty();
  }

  /**
   * What changed in the file since it was recorded, or empty when it holds the same bytes (its time
   * alone may differ): compared by size, then by content.
   */
  public Optional<String> change() throws IOException {
    if (!Files.exists(path)) {
      return Optional.of(key + " = " + path + " is missing (it was " + describe() + ")");
    }
    Optional<String> p = problem(key, path);
    if (p.isPresent()) {
      return Optional.of(p.get() + " (it was " + describe() + ")");
    }
    long now = Files.size(path);
    if (now != size) {
      return Optional.of(
          key + " = " + path + " has changed (" + now + " bytes, it was " + size + ")");
    }
    String sha = sha256(path);
    if (!sha.equals(sha256)) {
      return Optional.of(
          key
              + " = "
              + path
              + " has changed (the same size, other bytes: sha256 "
              + sha.substring(0, 12)
              + "..., it was "
              + sha256.substring(0, 12)
              + "...)");
    }
    return Optional.empty();
  }

  /**
   * Whether the file's size or time differ from the recorded ones, or it is gone: a stat, no read.
   */
  public boolean touched() {
    try {
      return !Files.isRegularFile(path)
          || Files.size(path) != size
          || Files.getLastModifiedTime(path).toMillis() != modified;
    } catch (IOException e) {
      return true;
    }
  }

  /** This record with the file's time now (the same bytes touched again). */
  public SourceFile retimed() throws IOException {
    return new SourceFile(key, path, size, Files.getLastModifiedTime(path).toMillis(), sha256);
  }

  private String describe() {
    return size + " bytes, sha256 " + sha256.substring(0, Math.min(12, sha256.length())) + "...";
  }

  /** The SHA-256 of a file's bytes, in lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    log.debug("hashed {}", file);
    return HexFormat.of().formatHex(md.digest());
  }
}
