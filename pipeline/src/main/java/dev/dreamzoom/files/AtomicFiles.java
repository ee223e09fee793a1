package dev.dreamzoom.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a file so that it is either absent, or complete: bytes go to a temporary file beside it,
 * are forced to disk, and only then renamed over the target. A crash or a full disk leaves at most
 * a stray {@code .tmp} file (removed by {@link #removeLeftovers}), never a truncated target.
 */
public final class AtomicFiles {
  private static final String TMP_SUFFIX = ".tmp";

  /** The files the running commands read, never to be written over ({@link #reading}). */
  private static final java.util.Set<Path> INPUTS =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private AtomicFiles() {}

  /** The body that writes the file's bytes. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  public static void write(Path file, Body body) throws IOException {
    checkTarget(file);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: it makes files readable by their owner only, and these are
    // frames and clips meant for others (and for other workers on shared storage).
    Path tmp =
        dir.resolve(
            "."
                + file.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "-"
                + Thread.currentThread().getId()
                + "-"
                + System.nanoTime()
                + TMP_SUFFIX);
    try {
      try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream os = Channels.newOutputStream(ch)) {
        body.write(os);
        os.flush();
        ch.force(true);
      }
      rename(tmp, file);
    } catch (IOException e) {
      throw named(file, e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Fails unless a file can be created in {@code dir}, with the reason and the next step: asked
   * before long work whose result goes there (an encoder's own error would not name the folder).
   */
  public static void checkWritable(Path dir) throws IOException {
    Path probe =
        dir.resolve(
            "."
                + ProcessHandle.current().pid()
                + "-"
                + System.nanoTime()
                + ".write-check"
                + TMP_SUFFIX);
    try {
      Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    } catch (IOException e) {
      String why =
          e instanceof java.nio.file.AccessDeniedException
              ? "permission denied"
              : e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                  ? f.getReason()
                  : String.valueOf(e.getMessage());
      String next =
          why.contains("Read-only file system")
              ? " (that disk is mounted read-only: copy the render folder to a writable disk and run it there)"
              : why.contains("No space left")
                  ? " (the disk is full: free some space and run it again)"
                  : " (make it writable, or copy the render folder somewhere writable)";
      throw new IOException("cannot write in " + dir + ": " + why + next, e);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /**
   * The error with the file it was writing, and the next step when the disk is full or read-only;
   * messages that already name the file are left as they are.
   */
  private static IOException named(Path file, IOException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (why.contains(file.toString()) || why.contains(file.getFileName().toString())) {
      return e;
    }
    // Image writers wrap the system's reason ("I/O error writing PNG file!"); say the real one.
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !why.contains(root.getMessage())) {
      why = root.getMessage();
    }
    String next = "";
    if (why.contains("No space left")) {
      next =
          " (the disk is full: free some space, then run the same command again; what was written"
              + " before is complete and kept)";
    } else if (why.contains("Read-only file system")) {
      next = " (that disk is mounted read-only: write somewhere else, e.g. with --output)";
    }
    return new IOException("cannot write " + file + ": " + why + next, e);
  }

  /**
   * Renames {@code from} to {@code to}, replacing it, atomically where the file system can (a
   * reader sees the old file or the new one, never a mix); a plain rename where it cannot.
   */
  public static void move(Path from, Path to) throws IOException {
    checkTarget(to);
    rename(from, to);
  }

  /**
   * {@link #move} without the check, for {@link #write}, which checked its target before writing.
   */
  private static void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Inputs marked by {@link #reading}, until closed. */
  public interface Inputs extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Marks {@code files} as inputs of the running command until the result is closed: no write
   * through this class replaces them (a CSV or plot written onto the track it analyses, say).
   */
  public static Inputs reading(java.util.Collection<Path> files) {
    List<Path> added = new java.util.ArrayList<>();
    for (Path f : files) {
      Path p = f.toAbsolutePath().normalize();
      if (INPUTS.add(p)) {
        added.add(p);
      }
    }
    return () -> added.forEach(INPUTS::remove);
  }

  /**
   * Fails unless {@code file} may be replaced by a new file: it is absent, or a regular file that
   * no running command reads. A device, a pipe or a folder is never replaced (as root, a rename
   * over {@code /dev/full} would replace the device itself).
   */
  public static void checkTarget(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(
          "cannot write "
              + file
              + ": it is a folder; name a file (e.g. "
              + file.resolve("out" + extension(file))
              + ")");
    }
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
      throw new IOException(
          "cannot write "
              + file
              + ": it is not a regular file (a device, a pipe or a"
              + " broken link), which is never replaced; name a regular file");
    }
    if (!Files.exists(file)) {
      return;
    }
    for (Path input : INPUTS) {
      try {
        if (Files.exists(input) && Files.isSameFile(file, input)) {
          throw new IOException(
              "cannot write "
                  + file
                  + ": it is an input of this command, which it reads;"
                  + " name another file");
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // The input went away meanwhile: it is not this file.
      }
    }
  }

  private static String extension(Path file) {
    String n = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(dot) : "";
  }

  /** Deletes a folder and everything in it; nothing happens if it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Deletes temporary files a killed process left in {@code dir}. */
  public static void removeLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && n.endsWith(TMP_SUFFIX)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
