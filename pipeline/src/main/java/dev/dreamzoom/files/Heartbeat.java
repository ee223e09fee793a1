package dev.dreamzoom.files;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock holder's heartbeat, which cannot die silently: a beat that fails is retried at every
 * interval, and one that keeps failing for half the stale timeout (or finds the lock taken over)
 * marks the lock lost, which the render checks before each frame. Half, so that the holder stops
 * before any other worker may judge the lock stale.
 */
final class Heartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
  private static final Duration MAX_INTERVAL = Duration.ofSeconds(20);

  /** Writes one heartbeat; throws when it cannot. Replaceable in tests to inject failures. */
  @FunctionalInterface
  interface Beat {
    void touch(Path file, String content) throws IOException;
  }

  /** Thrown by a beat that finds the lock no longer ours: lost at once, no retry. */
  static final class TakenException extends IOException {
    TakenException(String message) {
      super(message);
    }
  }

  private final Path file;
  private final String content;
  private final Duration bound;
  private final Beat beat;
  private final ScheduledExecutorService executor;
  private volatile Instant failingSince;
  private volatile String lost;

  Heartbeat(Path file, String content, Duration staleAfter, Beat beat) {
    this.file = file;
    this.content = content;
    this.bound = staleAfter.dividedBy(2);
    this.beat = beat;
    long every = Math.max(100, Math.min(MAX_INTERVAL.toMillis(), staleAfter.toMillis() / 10));
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  Optional<String> lost() {
    return Optional.ofNullable(lost);
  }

  private void beat() {
    if (lost != null) {
      return;
    }
    try {
      beat.touch(file, content);
      failingSince = null;
    } catch (TakenException e) {
      lose(e.getMessage() + " (" + file + ")");
    } catch (IOException | RuntimeException e) {
      if (failingSince == null) {
        failingSince = Instant.now();
        log.warn(
            "cannot touch the lock {} ({}); the render stops if this lasts {} s",
            file,
            e.toString(),
            Math.max(1, bound.toSeconds()));
      }
      Duration failing = Duration.between(failingSince, Instant.now());
      if (failing.compareTo(bound) >= 0) {
        lose(
            "its heartbeat could not be written for "
                + failing.toSeconds()
                + " s ("
                + e.getMessage()
                + "; lock "
                + file
                + "), so another worker may take the preset over");
      }
    }
  }

  private void lose(String why) {
    lost = why;
    log.error("lost the lock, stopping after the frame in progress: {}", why);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
