package dev.dreamzoom.frames;

import dev.dreamzoom.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Stores frames on a background thread, in order, so the dream thread never waits on PNG
 * compression. At most {@code capacity} frames wait; a failure is reported by the next {@link
 * #accept} or by {@link #close}, which also waits until every frame handed in is stored. A frame
 * handed in but not yet stored when the process dies is simply rendered again on resume: the
 * checkpoint only ever names frames that are on disk.
 */
public final class BackgroundSink implements FrameSink, AutoCloseable {
  private final FrameSink target;
  private final ExecutorService writer;
  private final BlockingQueue<Future<?>> pending;

  public BackgroundSink(FrameSink target, int capacity) {
    this.target = target;
    this.pending = new ArrayBlockingQueue<>(capacity);
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(capacity),
            r -> {
              Thread t = new Thread(r, "frame-writer");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void accept(int index, RgbImage frame) throws IOException {
    accept(index, frame, frame);
  }

  @Override
  public void accept(int index, RgbImage frame, RgbImage state) throws IOException {
    if (pending.remainingCapacity() == 0) {
      await(pending.remove());
    }
    pending.add(
        writer.submit(
            () -> {
              try {
                target.accept(index, frame, state);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }));
  }

  /** Waits until every frame handed in is stored; rethrows the first failure. */
  @Override
  public void close() throws IOException {
    try {
      while (!pending.isEmpty()) {
        await(pending.remove());
      }
    } finally {
      writer.shutdown();
    }
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing a frame", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IOException("storing a frame failed: " + e.getCause(), e.getCause());
    }
  }
}
