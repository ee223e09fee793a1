package dev.dreamzoom.media;

import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's own log, routed through the program's: FFmpeg otherwise prints to the terminal (a file's
 * {@code Input #0} dump each time it is opened, a line per damaged slice). Quiet by default: its
 * lines go to the debug log, and the errors among them are counted so that a reader can say once,
 * per file, what FFmpeg concealed; {@link #verbose} shows them all.
 */
public final class FfmpegLog {
  private static final Logger log = LoggerFactory.getLogger("ffmpeg");
  private static final AtomicLong ERRORS = new AtomicLong();
  private static volatile boolean verbose;
  private static Callback installed;

  private FfmpegLog() {}

  /** Shows everything FFmpeg says (the CLI's {@code --verbose}). */
  public static void verbose(boolean on) {
    if (on != verbose) {
      verbose = on;
      install();
    }
  }

  /** Routes FFmpeg's log here; called before FFmpeg is first used, and again at no cost. */
  public static synchronized void install() {
    if (installed == null) {
      installed = new Callback();
      avutil.setLogCallback(installed);
    }
    avutil.av_log_set_level(verbose ? avutil.AV_LOG_VERBOSE : avutil.AV_LOG_WARNING);
  }

  /** A grabber for {@code file}, with FFmpeg's log routed here first. */
  static org.bytedeco.javacv.FFmpegFrameGrabber grabber(java.nio.file.Path file) {
    install();
    return new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile());
  }

  /** A recorder into {@code file}, with FFmpeg's log routed here first. */
  static org.bytedeco.javacv.FFmpegFrameRecorder recorder(
      java.nio.file.Path file, int width, int height, int audioChannels) {
    install();
    return new org.bytedeco.javacv.FFmpegFrameRecorder(file.toFile(), width, height, audioChannels);
  }

  /**
   * How many error lines FFmpeg has logged so far: a reader compares the count before and after a
   * decode.
   */
  public static long errors() {
    return ERRORS.get();
  }

  /** The callback FFmpeg calls (from any of its threads); kept referenced so it is never freed. */
  private static final class Callback extends LogCallback {
    @Override
    public void call(int level, BytePointer msg) {
      if (level <= avutil.AV_LOG_ERROR) {
        ERRORS.incrementAndGet();
      }
      if (verbose) {
        log.info("{}", msg.getString().stripTrailing());
      } else if (log.isDebugEnabled()) {
        log.debug("{}", msg.getString().stripTrailing());
      }
    }
  }
}
