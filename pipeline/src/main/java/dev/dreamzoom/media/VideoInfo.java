package dev.dreamzoom.media;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * What a video file really holds, found by decoding every frame: codec, profile, pixel format,
 * size, rate, frame count, colour tags (primaries, transfer, matrix, range, as FFmpeg names them),
 * metadata, and which frames are keyframes.
 */
public record VideoInfo(
    String codec,
    String profile,
    String pixelFormat,
    int width,
    int height,
    double frameRate,
    int frames,
    String colorPrimaries,
    java.util.Map<String, String> metadata,
    String colorTransfer,
    String colorMatrix,
    String colorRange,
    java.util.List<Integer> keyframes) {

  public static VideoInfo probe(Path file) throws IOException {
    try (FFmpegFrameGrabber g = FfmpegLog.grabber(file)) {
      g.start();
      AVFormatContext ctx = g.getFormatContext();
      AVCodecParameters par = null;
      for (int i = 0; i < ctx.nb_streams(); i++) {
        AVCodecParameters p = ctx.streams(i).codecpar();
        if (p.codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
          par = p;
        }
      }
      if (par == null) {
        throw new IOException("no video stream in " + file);
      }
      String profile = name(avcodec.avcodec_profile_name(par.codec_id(), par.profile()));
      String pixFmt = name(avutil.av_get_pix_fmt_name(par.format()));
      String primaries = name(avutil.av_color_primaries_name(par.color_primaries()));
      String transfer = name(avutil.av_color_transfer_name(par.color_trc()));
      String matrix = name(avutil.av_color_space_name(par.color_space()));
      String range = name(avutil.av_color_range_name(par.color_range()));
      int frames = 0;
      java.util.List<Integer> keyframes = new java.util.ArrayList<>();
      Frame f;
      while ((f = g.grabImage()) != null) {
        if (f.image != null) {
          if (f.keyFrame) {
            keyframes.add(frames);
          }
          frames++;
        }
      }
      VideoInfo info =
          new VideoInfo(
              g.getVideoCodecName(),
              profile,
              pixFmt,
              g.getImageWidth(),
              g.getImageHeight(),
              g.getFrameRate(),
              frames,
              primaries,
              java.util.Map.copyOf(g.getMetadata()),
              transfer,
              matrix,
              range,
              java.util.List.copyOf(keyframes));
      g.stop();
      return info;
    } catch (FFmpegFrameGrabber.Exception e) {
      throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
    }
  }

  /** FFmpeg answers "unknown" with a null pointer. */
  private static String name(org.bytedeco.javacpp.BytePointer p) {
    return p == null || p.isNull() ? "unknown" : p.getString();
  }
}
