package dev.dreamzoom.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Motion-compensated frame interpolation with FFmpeg's {@code minterpolate}: estimates motion
 * between frames and synthesizes the frames in between, so a zoom stays smooth at twice (or more)
 * the rate instead of cross-dissolving. The new frames are kept as files in {@code work}.
 */
final class MotionInterpolation {
  private MotionInterpolation() {}

  static FrameSequence apply(FrameSequence in, int fps, int factor, Path work) throws IOException {
    Files.createDirectories(work);
    BufferedImage first = in.get(0);
    int w = first.getWidth();
    int h = first.getHeight();
    List<Path> out = new ArrayList<>();
    // minterpolate works in YUV; the explicit format at the end gives back packed BGR, which is
    // what the converter reads (without it, planar YUV comes out and reads as a grey smear).
    String graph =
        "minterpolate=fps="
            + fps * factor
            + ":mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1,format=bgr24";
    try (FFmpegFrameFilter filter = new FFmpegFrameFilter(graph, w, h);
        Java2DFrameConverter toFrame = new Java2DFrameConverter();
        Java2DFrameConverter toImage = new Java2DFrameConverter()) {
      filter.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
      filter.setFrameRate(fps);
      filter.start();
      // minterpolate looks ahead; a few repeats of the last frame let it finish the clip, and
      // exactly the frames spanning the rendered ones are kept.
      int wanted = (in.size() - 1) * factor + 1;
      for (int i = 0; i < in.size() + 3; i++) {
        Frame f = toFrame.convert(bgr(in.get(Math.min(i, in.size() - 1))));
        f.timestamp = i * 1_000_000L / fps;
        filter.push(f);
        drain(filter, toImage, work, out);
      }
      filter.stop();
      if (out.size() < wanted) {
        throw new IOException(
            "minterpolate gave " + out.size() + " frames, " + wanted + " expected");
      }
      return FrameSequence.of(out.subList(0, wanted));
    }
  }

  private static void drain(
      FFmpegFrameFilter filter, Java2DFrameConverter toImage, Path work, List<Path> out)
      throws IOException {
    Frame f;
    while ((f = filter.pull()) != null) {
      if (f.image == null) {
        continue;
      }
      Path file = work.resolve(String.format("%06d.png", out.size()));
      // The converter reuses its image, so it is written out before the next pull.
      if (!ImageIO.write(toImage.convert(f), "png", file.toFile())) {
        throw new IOException("no PNG writer available");
      }
      out.add(file);
    }
  }

  private static BufferedImage bgr(BufferedImage img) {
    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return img;
    }
    BufferedImage out =
        new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    out.getGraphics().drawImage(img, 0, 0, null);
    return out;
  }
}
