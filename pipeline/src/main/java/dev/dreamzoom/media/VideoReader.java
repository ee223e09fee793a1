package dev.dreamzoom.media;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The frames of a source video as a dream over it reads them: frame t is the picture shown at
 * {@code start + t / rate} seconds (the latest decoded frame at or before that time, so variable
 * frame rates and other rates than the source's resample by time), turned upright as the file's
 * rotation says (phone videos), and cover-cropped to the canvas. Frames are read forward only:
 * asking for frame t decodes from wherever the reader is, so a resume decodes from the start, which
 * gives the same pictures every time.
 */
public final class VideoReader implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VideoReader.class);

  /**
   * What a video file holds, read from its header and first frame.
   *
   * @param duration seconds from the first frame to the end of the video stream
   * @param rotation clockwise degrees that turn the stored picture upright (0, 90, 180, 270)
   */
  public record Facts(
      int width, int height, double fps, double duration, int rotation, boolean hasAudio) {}

  private final Path file;
  private final FFmpegFrameGrabber grabber;
  private final double start;
  private final double rate;
  private final int width;
  private final int height;
  private final int rotation;
  private long origin = Long.MIN_VALUE;
  private BufferedImage current;
  private RgbImage fitted;
  private BufferedImage pending;
  private long pendingTime;
  private long currentTime;
  private long concealed;
  private double concealedFrom = -1;
  private double concealedTo;
  private boolean ended;
  private int last = -1;

  private VideoReader(
      Path file, FFmpegFrameGrabber grabber, double start, double rate, int width, int height) {
    this.file = file;
    this.grabber = grabber;
    this.start = start;
    this.rate = rate;
    this.width = width;
    this.height = height;
    this.rotation = upright(grabber.getDisplayRotation());
  }

  /**
   * @throws IOException naming the file when it is missing, a folder, not a video FFmpeg reads, or
   *     has no video stream (an audio file, say)
   */
  public static Facts probe(Path file) throws IOException {
    try (FFmpegFrameGrabber g = started(file)) {
      double fps = g.getFrameRate() > 0 ? g.getFrameRate() : 30;
      int rotation = upright(g.getDisplayRotation());
      boolean turned = rotation % 180 != 0;
      int w = turned ? g.getImageHeight() : g.getImageWidth();
      int h = turned ? g.getImageWidth() : g.getImageHeight();
      org.bytedeco.ffmpeg.avformat.AVStream stream =
          g.getFormatContext().streams(g.getVideoStream());
      if (stream.duration() > 0 && stream.time_base().den() > 0) {
        // The header's length: no need to decode the whole file for it.
        double seconds =
            stream.duration() * (double) stream.time_base().num() / stream.time_base().den();
        return new Facts(w, h, fps, seconds, rotation, g.hasAudio());
      }
      long first = Long.MIN_VALUE;
      long end = 0;
      Frame f;
      while ((f = grab(g, file)) != null) {
        if (f.image == null) {
          continue;
        }
        first = first == Long.MIN_VALUE ? g.getTimestamp() : first;
        end = g.getTimestamp();
      }
      if (first == Long.MIN_VALUE) {
        throw new IOException(file + " has no frames to decode");
      }
      return new Facts(w, h, fps, (end - first) / 1e6 + 1 / fps, rotation, g.hasAudio());
    }
  }

  /**
   * @param start seconds into the video where frame 0 is
   * @param rate frames per second taken from the video
   */
  public static VideoReader open(Path file, double start, double rate, int width, int height)
      throws IOException {
    return new VideoReader(file, started(file), start, rate, width, height);
  }

  /** Frame {@code t} (at least the last one asked for) at the canvas size. */
  public RgbImage frame(int t) throws IOException {
    if (t < last) {
      throw new IllegalStateException("frames are read forward: " + t + " after " + last);
    }
    last = t;
    long at = Math.round((start + t / rate) * 1e6);
    if (pending == null && !ended) {
      ended = !advance();
    }
    // The first picture stands for every time before it; then the latest at or before the time.
    while (pending != null && (current == null || pendingTime <= at)) {
      current = pending;
      currentTime = pendingTime;
      fitted = null;
      pending = null;
      ended = !advance();
    }
    if (current == null) {
      throw new IOException(file + " has no frames to decode");
    }
    // The last picture shows for one frame of the source; a time past that is not in the file.
    double period = 1e6 / (grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 30);
    if (ended && pending == null && at > currentTime + 1.5 * period) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s decodes only to %.2f s, and frame %d needs the picture"
                  + " at %.2f s: the file ends early (truncated, damaged, or not the file the render began with);"
                  + " give video.start and frames inside what it holds, or the complete file",
              file,
              (currentTime + period) / 1e6,
              t + 1,
              at / 1e6));
    }
    if (fitted == null) {
      fitted = fit(current);
    }
    return fitted;
  }

  /** Decodes the next picture into {@code pending}; false at the end of the stream. */
  private boolean advance() throws IOException {
    Frame f;
    while (true) {
      long before = FfmpegLog.errors();
      f = grab(grabber, file);
      if (FfmpegLog.errors() > before) {
        // FFmpeg reported errors while decoding and concealed them: say once, at close, where.
        concealed += FfmpegLog.errors() - before;
        double at = grabber.getTimestamp() / 1e6;
        concealedFrom = concealedFrom < 0 ? at : Math.min(concealedFrom, at);
        concealedTo = Math.max(concealedTo, at);
      }
      if (f == null) {
        break;
      }
      if (f.image != null) {
        long ts = grabber.getTimestamp();
        origin = origin == Long.MIN_VALUE ? ts : origin;
        pendingTime = ts - origin;
        pending = toImage(f);
        return true;
      }
    }
    return false;
  }

  private RgbImage fit(BufferedImage img) {
    BufferedImage upright = rotation == 0 ? img : rotate(img, rotation);
    return ImageFiles.fromBufferedImage(upright).coverCrop(width, height);
  }

  /**
   * The grabber's BGR picture as an image of its own (the grabber reuses its buffer), read row by
   * row at the frame's stride: FFmpeg pads the rows of small pictures, and JavaCV then counts the
   * padding as channels (6 at 32 px wide), which its converter cannot read (it returned null).
   */
  private BufferedImage toImage(Frame f) throws IOException {
    if (grabber.getPixelFormat() != org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24
        || !(f.image[0] instanceof java.nio.ByteBuffer b)
        || f.imageStride < 3 * f.imageWidth) {
      throw new IOException(
          file
              + ": unexpected picture layout from the decoder (pixel format "
              + grabber.getPixelFormat()
              + ", stride "
              + f.imageStride
              + ")");
    }
    int w = f.imageWidth;
    int h = f.imageHeight;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      int at = y * f.imageStride;
      for (int x = 0; x < w; x++) {
        int i = at + 3 * x;
        row[x] = (b.get(i + 2) & 0xff) << 16 | (b.get(i + 1) & 0xff) << 8 | (b.get(i) & 0xff);
      }
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    return out;
  }

  private static BufferedImage rotate(BufferedImage img, int degrees) {
    int w = img.getWidth();
    int h = img.getHeight();
    boolean turned = degrees % 180 != 0;
    AffineTransform t = new AffineTransform();
    t.translate(turned ? h / 2.0 : w / 2.0, turned ? w / 2.0 : h / 2.0);
    t.rotate(Math.toRadians(degrees));
    t.translate(-w / 2.0, -h / 2.0);
    BufferedImage out =
        new BufferedImage(turned ? h : w, turned ? w : h, BufferedImage.TYPE_INT_RGB);
    new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(img, out);
    return out;
  }

  /** FFmpeg's display rotation (counter-clockwise degrees) as the clockwise turn that rights it. */
  private static int upright(double displayRotation) {
    int ccw = (int) Math.round(displayRotation / 90.0) * 90;
    return Math.floorMod(-ccw, 360);
  }

  private static FFmpegFrameGrabber started(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a folder, not a video file");
    }
    if (!Files.exists(file)) {
      throw new IOException("video file not found: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + " is not a regular file (a device or a pipe); give a video file");
    }
    FFmpegFrameGrabber g = FfmpegLog.grabber(file);
    try {
      g.start();
    } catch (FrameGrabber.Exception e) {
      closeQuietly(g);
      throw new IOException(
          "cannot read "
              + file
              + " as a video ("
              + e.getMessage().split("\\(")[0].strip()
              + "); give a file FFmpeg decodes: MP4, WebM, MOV, GIF",
          e);
    }
    if (!g.hasVideo()) {
      closeQuietly(g);
      throw new IOException(
          file + " has no video stream" + (g.hasAudio() ? " (it is sound only)" : ""));
    }
    return g;
  }

  private static Frame grab(FFmpegFrameGrabber g, Path file) throws IOException {
    try {
      return g.grabImage();
    } catch (FrameGrabber.Exception e) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "cannot decode %s at %.2f s (%s); the file is damaged"
                  + " there: cut it before that point (video.end) or re-encode it",
              file,
              g.getTimestamp() / 1e6,
              e.getMessage().split("\\(")[0].strip()),
          e);
    }
  }

  private static void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (FrameGrabber.Exception ignored) {
      // Already failing with a clearer message.
    }
  }

  @Override
  public void close() throws IOException {
    if (concealed > 0) {
      log.warn(
          String.format(
              Locale.ROOT,
              "%s: FFmpeg met %d decoding error%s between %.2f and %.2f s and concealed"
                  + " %s (the picture there may show blocks; --verbose prints FFmpeg's lines)",
              file.getFileName(),
              concealed,
              concealed == 1 ? "" : "s",
              concealedFrom,
              concealedTo,
              concealed == 1 ? "it" : "them"));
    }
    grabber.close();
  }
}
