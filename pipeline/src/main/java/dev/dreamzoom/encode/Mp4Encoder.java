package dev.dreamzoom.encode;

import dev.dreamzoom.image.AtomicFiles;
import dev.dreamzoom.preset.EncodeSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Encodes PNG frames to an H.264 MP4 that plays everywhere: High profile, yuv420p, CRF and x264
 * preset from the preset, {@code +faststart} so playback starts before the download ends. The clip
 * is written under a temporary name and renamed when complete.
 */
public final class Mp4Encoder {
  private Mp4Encoder() {}

  /**
   * @param progress receives the number of frames encoded so far
   */
  public static void encode(List<Path> frames, Path output, int fps, EncodeSpec spec,
      IntConsumer progress) throws EncodeException {
    if (frames.isEmpty()) {
      throw new EncodeException("no frames to encode for " + output, null);
    }
    Path tmp = output.resolveSibling("." + output.getFileName() + ".part");
    // libx264 prints statistics at info level; only real problems should reach the user.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try {
      Files.createDirectories(output.toAbsolutePath().getParent());
      try (FFmpegFrameRecorder recorder =
              new FFmpegFrameRecorder(tmp.toFile(), spec.width(), spec.height(), 0);
          Java2DFrameConverter converter = new Java2DFrameConverter()) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        // Without an explicit profile JavaCV's H.264 settings end up constrained baseline. The
        // name "high" collides with the generic codec option of the same name, so pass the number.
        recorder.setVideoOption("profile", Integer.toString(avcodec.AV_PROFILE_H264_HIGH));
        recorder.setVideoOption("crf", Integer.toString(spec.crf()));
        recorder.setVideoOption("preset", spec.x264Preset());
        recorder.setOption("movflags", "+faststart");
        // Only used when the publish size differs from the frame size.
        recorder.setImageScalingFlags(swscale.SWS_LANCZOS | swscale.SWS_ACCURATE_RND);
        recorder.start();
        int n = 0;
        for (Path file : frames) {
          BufferedImage img = ImageIO.read(file.toFile());
          if (img == null) {
            throw new IOException("frame is not a readable PNG: " + file);
          }
          // The converter reuses its Frame, which is fine: the recorder consumes it right away.
          Frame frame = converter.convert(img);
          recorder.record(frame);
          progress.accept(++n);
        }
        recorder.stop();
      }
      AtomicFiles.move(tmp, output);
    } catch (IOException e) {
      throw new EncodeException("cannot encode " + output + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The .part name already marks it as incomplete.
      }
    }
  }
}
