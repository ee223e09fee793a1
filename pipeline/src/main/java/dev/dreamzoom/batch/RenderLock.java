package dev.dreamzoom.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Only one process renders a given preset at a time: a lock file beside its output folder,
 * created atomically, holding host, PID and start time. Its holder touches it every few seconds
 * (a heartbeat), so a lock whose holder died is recognised as stale: on the same host by its
 * PID being gone, on any host (shared storage) by a heartbeat older than the stale timeout.
 */
public final class RenderLock implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofSeconds(20);

  private final Path file;
  private final String content;
  private final ScheduledExecutorService heartbeat;

  private RenderLock(Path file, String content) {
    this.file = file;
    this.content = content;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(),
        TimeUnit.SECONDS);
  }

  /** Who holds a lock, as written in its file. */
  public record Holder(String host, long pid, String since) {
    @Override
    public String toString() {
      return "process " + pid + " on " + host + " since " + since;
    }
  }

  /**
   * Takes the lock, taking over a stale one.
   *
   * @return the lock, or empty with nothing changed when a live process holds it
   */
  public static Optional<RenderLock> tryAcquire(Path file, Duration staleAfter) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String content = "host=" + hostName() + "\npid=" + ProcessHandle.current().pid()
        + "\nsince=" + Instant.now() + "\n";
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return Optional.of(new RenderLock(file, content));
      } catch (FileAlreadyExistsException e) {
        if (!takeOverIfStale(file, staleAfter)) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The current holder of {@code file}, if it is locked. */
  public static Optional<Holder> holder(Path file) throws IOException {
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Moves a stale lock out of the way. The rename is atomic, so of several processes that all
   * judged it stale only one moves it; a process that finds it moved someone's fresh lock instead
   * puts it back.
   */
  private static boolean takeOverIfStale(Path file, Duration staleAfter) throws IOException {
    String seen;
    FileTime touched;
    try {
      seen = Files.readString(file, StandardCharsets.UTF_8);
      touched = Files.getLastModifiedTime(file);
    } catch (NoSuchFileException e) {
      return true;
    }
    if (!isStale(parse(seen), touched.toInstant(), staleAfter)) {
      return false;
    }
    Path tomb = file.resolveSibling(file.getFileName() + ".stale-" + ProcessHandle.current().pid());
    try {
      move(file, tomb);
    } catch (NoSuchFileException e) {
      return true;
    }
    if (!Files.readString(tomb, StandardCharsets.UTF_8).equals(seen)) {
      move(tomb, file);
      return false;
    }
    Files.delete(tomb);
    return true;
  }

  static boolean isStale(Holder h, Instant touched, Duration staleAfter) {
    if (h.host().equals(hostName()) && h.pid() > 0 && ProcessHandle.of(h.pid()).isEmpty()) {
      return true;
    }
    return touched.isBefore(Instant.now().minus(staleAfter));
  }

  private static Holder parse(String s) {
    String host = "?";
    long pid = -1;
    String since = "?";
    for (String line : s.split("\n")) {
      if (line.startsWith("host=")) {
        host = line.substring(5);
      } else if (line.startsWith("pid=")) {
        try {
          pid = Long.parseLong(line.substring(4).strip());
        } catch (NumberFormatException ignored) {
          // A damaged lock has no live PID to protect; the heartbeat age decides.
        }
      } else if (line.startsWith("since=")) {
        since = line.substring(6);
      }
    }
    return new Holder(host, pid, since);
  }

  /** Unlike AtomicFiles.move, never replaces: a lock put back must not clobber a newer one. */
  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private void touch() {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Releases the lock, if it is still ours. */
  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    try {
      if (Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
        Files.delete(file);
      }
    } catch (NoSuchFileException ignored) {
      // Already gone: someone judged us stale; nothing of ours to remove.
    }
  }
}
