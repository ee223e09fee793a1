package dev.dreamzoom.files;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only one process renders a given preset at a time: a lock file beside its output folder holding
 * host, PID, start time and a token. It appears complete or not at all (written beside it, then
 * hard-linked into place), so an empty or unreadable lock can only be debris and is taken over at
 * once. Its holder touches it every few seconds (a heartbeat), so a lock whose holder died is
 * recognised as stale: on the same host by its PID being gone, on any host (shared storage) by a
 * heartbeat older than the stale timeout. A holder whose heartbeat cannot be written for half that
 * timeout, or who finds its lock taken over, is told so by {@link #lost()} and must stop before
 * another worker starts writing the same folder.
 */
public final class RenderLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RenderLock.class);
  private static final Duration CLAIM_STALE = Duration.ofSeconds(60);

  /**
   * How long a holder on another host may leave its heartbeat untouched before its lock counts as
   * abandoned, unless a command is told otherwise: long enough for a busy shared disk.
   */
  public static final Duration STALE_AFTER = Duration.ofSeconds(600);

  private final Path file;
  private final String content;
  private final String takeover;
  private final Heartbeat heartbeat;

  private RenderLock(
      Path file, String content, String takeover, Duration staleAfter, Heartbeat.Beat beat) {
    this.file = file;
    this.content = content;
    this.takeover = takeover;
    this.heartbeat = new Heartbeat(file, content, staleAfter, beat);
  }

  /** Who holds a lock, as written in its file; {@code pid} is -1 when the file does not say. */
  public record Holder(String host, long pid, String since) {
    @Override
    public String toString() {
      return "process " + pid + " on " + host + " since " + since;
    }

    boolean readable() {
      return pid > 0 && !host.equals("?");
    }
  }

  /**
   * Takes the lock, taking over a stale one.
   *
   * @return the lock, or empty with nothing changed when a live process holds it
   * @throws IOException when the lock cannot be written (then none is left behind)
   */
  public static Optional<RenderLock> tryAcquire(Path file, Duration staleAfter) throws IOException {
    return tryAcquire(file, staleAfter, RenderLock::touchIfOurs);
  }

  static Optional<RenderLock> tryAcquire(Path file, Duration staleAfter, Heartbeat.Beat beat)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String content =
        "host="
            + hostName()
            + "\npid="
            + ProcessHandle.current().pid()
            + "\nsince="
            + Instant.now()
            + "\ntoken="
            + UUID.randomUUID()
            + "\n";
    String takeover = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      if (create(file, content)) {
        return Optional.of(new RenderLock(file, content, takeover, staleAfter, beat));
      }
      String why = takeOverIfStale(file, staleAfter);
      if (why == null) {
        return Optional.empty();
      }
      takeover = why.isEmpty() ? takeover : why;
    }
    return Optional.empty();
  }

  /** Why a stale lock was taken over when this one was acquired, if one was. */
  public Optional<String> takeover() {
    return Optional.ofNullable(takeover);
  }

  /** Why this process no longer holds the lock safely, or empty while it does. */
  public Optional<String> lost() {
    return heartbeat.lost();
  }

  /** The current holder of {@code file}, if it is locked. */
  public static Optional<Holder> holder(Path file) throws IOException {
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The holder of {@code file} if it looks alive (its lock is not stale). */
  public static Optional<Holder> liveHolder(Path file, Duration staleAfter) {
    String content = read(file);
    FileTime touched = mtime(file);
    if (touched == null || staleness(content, touched, staleAfter).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(parse(content));
  }

  /** How long ago the holder of {@code file} last touched it. */
  public static Duration heartbeatAge(Path file) throws IOException {
    return Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now());
  }

  /**
   * Creates the lock with its whole content, or returns false when one exists. A full disk fails
   * while writing the temporary file, so no lock is left behind.
   */
  private static boolean create(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try {
        Files.writeString(
            tmp,
            content,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new IOException(
            "cannot write the lock "
                + file
                + ": "
                + e.getMessage()
                + " (is the disk full or read-only?)",
            e);
      }
      Files.createLink(file, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      // No hard links here: fall back to an exclusive create, which a reader may see half written.
      try {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException ex) {
        return false;
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Removes a stale lock so that the caller may create its own. Of several processes that judged
   * the same stale lock at once, only the one that creates its claim file removes it, and only if
   * the lock is still the one judged; the others retry and meet the winner's new lock (or race to
   * create it, which only one wins).
   *
   * @return why it was stale when removed, "" to simply try again, or null when the lock is live
   */
  private static String takeOverIfStale(Path file, Duration staleAfter) throws IOException {
    FileTime touched = mtime(file);
    if (touched == null) {
      return "";
    }
    String content = read(file);
    String seen = fingerprint(content, touched);
    Optional<String> why = staleness(content, touched, staleAfter);
    if (why.isEmpty()) {
      return null;
    }
    Path claim =
        file.resolveSibling(
            file.getFileName()
                + ".takeover-"
                + UUID.nameUUIDFromBytes(seen.getBytes(StandardCharsets.UTF_8)));
    try {
      Files.createFile(claim);
    } catch (FileAlreadyExistsException e) {
      // The other claimant may finish (and delete its claim) between the two calls.
      FileTime claimed = mtime(claim);
      if (claimed != null
          && Duration.between(claimed.toInstant(), Instant.now()).compareTo(CLAIM_STALE) > 0) {
        Files.deleteIfExists(claim); // left by a process that died while taking over
      }
      return null;
    }
    try {
      if (!seen.equals(fingerprint(read(file), mtime(file)))) {
        return "";
      }
      // A stale "lock" may be any debris, a folder included.
      AtomicFiles.deleteTree(file);
      return why.get();
    } finally {
      Files.deleteIfExists(claim);
    }
  }

  /** Identifies one state of a lock: its content (or "unreadable") and heartbeat. */
  private static String fingerprint(String content, FileTime touched) {
    return (content == null ? "unreadable" : content)
        + "@"
        + (touched == null ? "gone" : touched.toMillis());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static FileTime mtime(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  /** Why a lock with this content and heartbeat is stale, or empty when its holder may be alive. */
  static Optional<String> staleness(String content, FileTime touched, Duration staleAfter) {
    if (content == null || touched == null) {
      return Optional.of("it could not be read");
    }
    Holder h = parse(content);
    if (!h.readable()) {
      return Optional.of(
          content.isBlank()
              ? "it was empty (left by a failed write)"
              : "it did not say who holds it");
    }
    if (h.host().equals(hostName()) && ProcessHandle.of(h.pid()).isEmpty()) {
      return Optional.of("its holder, " + h + ", is gone");
    }
    Duration age = Duration.between(touched.toInstant(), Instant.now());
    if (age.compareTo(staleAfter) > 0) {
      return Optional.of(
          "its holder, "
              + h
              + ", last touched it "
              + age.toSeconds()
              + " s ago (--lock-stale-after "
              + staleAfter.toSeconds()
              + ")");
    }
    return Optional.empty();
  }

  private static Holder parse(String s) {
    String host = "?";
    long pid = -1;
    String since = "?";
    for (String line : s.split("\n")) {
      if (line.startsWith("host=") && !line.substring(5).isBlank()) {
        host = line.substring(5);
      } else if (line.startsWith("pid=")) {
        try {
          pid = Long.parseLong(line.substring(4).strip());
        } catch (NumberFormatException ignored) {
          // Not a lock this program wrote whole; staleness() treats it as debris.
        }
      } else if (line.startsWith("since=")) {
        since = line.substring(6);
      }
    }
    return new Holder(host, pid, since);
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** The real heartbeat: the lock must still be ours (or gone, then made ours again). */
  private static void touchIfOurs(Path file, String content) throws IOException {
    String now;
    try {
      now = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (!create(file, content)) {
        throw new Heartbeat.TakenException(
            "someone removed the lock and "
                + holder(file).map(Object::toString).orElse("another process")
                + " took it");
      }
      return;
    }
    if (!now.equals(content)) {
      throw new Heartbeat.TakenException(parse(now) + " took the lock over");
    }
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
  }

  /** Releases the lock, if it is still ours; a lock that cannot be read is left to go stale. */
  @Override
  public void close() {
    heartbeat.close();
    try {
      if (Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
        Files.delete(file);
      }
    } catch (NoSuchFileException ignored) {
      // Already gone: someone judged us stale; nothing of ours to remove.
    } catch (IOException e) {
      log.warn("could not release the lock {}: {}", file, e.toString());
    }
  }
}
