package dev.dreamzoom.media;

import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.preset.EncodeSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntConsumer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * MP4 (H.264 High, yuv420p, +faststart) and WebM (VP9) through FFmpeg, converted with the BT.709
 * limited-range matrix they are tagged with ({@link Bt709Yuv}) so players show the colours as
 * rendered, with a keyframe every two seconds unless the preset says otherwise, and the
 * reproducibility metadata. A clip is written under a temporary name and renamed when complete.
 */
final class VideoEncoder {
  private VideoEncoder() {}

  static void encode(
      FrameSequence frames,
      Path output,
      String format,
      int fps,
      EncodeSpec spec,
      Map<String, String> metadata,
      IntConsumer progress)
      throws EncodeException {
    Path tmp = output.resolveSibling("." + output.getFileName() + ".part");
    // Encoders print statistics at info level; only real problems should reach the user.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try {
      Files.createDirectories(output.toAbsolutePath().getParent());
      try (FFmpegFrameRecorder recorder = FfmpegLog.recorder(tmp, spec.width(), spec.height(), 0)) {
        recorder.setFrameRate(fps);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setGopSize(spec.keyframeInterval() > 0 ? spec.keyframeInterval() : 2 * fps);
        recorder.setVideoOption("color_primaries", "bt709");
        recorder.setVideoOption("color_trc", "bt709");
        recorder.setVideoOption("colorspace", "bt709");
        recorder.setVideoOption("color_range", "tv");
        if (format.equals("mp4")) {
          recorder.setFormat("mp4");
          recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
          // Without an explicit profile JavaCV's H.264 settings end up constrained baseline. The
          // name "high" collides with the generic codec option of the same name, so pass the
          // number.
          recorder.setVideoOption("profile", Integer.toString(avcodec.AV_PROFILE_H264_HIGH));
          recorder.setVideoOption("crf", Integer.toString(spec.crf()));
          recorder.setVideoOption("preset", spec.x264Preset());
          // x264's macroblock-tree rate control reads memory it never initialised, so with it the
          // same frames gave different clips from one encode to the next in one process (a
          // resumed render's MP4 differed from an uninterrupted one's). Without it they are
          // byte-identical; measured cost: 0.17 dB PSNR at equal size on a 640x360 dream.
          recorder.setVideoOption("x264-params", "mbtree=0");
          // use_metadata_tags keeps our own keys (model, seed) in the MP4, not only the standard
          // ones.
          recorder.setOption("movflags", "+faststart+use_metadata_tags");
        } else {
          recorder.setFormat("webm");
          recorder.setVideoCodec(avcodec.AV_CODEC_ID_VP9);
          // Constant quality: CRF with no bitrate target. VP9's scale is 0..63; the preset's value
          // (0..51) lands in its useful range.
          recorder.setVideoOption("crf", Integer.toString(spec.crf()));
          recorder.setVideoBitrate(0);
          recorder.setVideoOption("row-mt", "1");
          recorder.setVideoOption("cpu-used", "2");
        }
        // Sorted: the recorder writes tags in the map's iteration order, and an immutable Map's
        // order
        // changes from one JVM to the next, which made equal renders give different clip bytes.
        recorder.setMetadata(new java.util.TreeMap<>(metadata));
        // No random track UIDs (WebM) or muxer version strings: equal frames, equal bytes.
        recorder.setOption("fflags", "+bitexact");
        if (spec.audio() != null) {
          recorder.setAudioCodec(
              format.equals("mp4") ? avcodec.AV_CODEC_ID_AAC : avcodec.AV_CODEC_ID_OPUS);
          recorder.setAudioBitrate(192_000);
        }
        Soundtrack sound = spec.audio() == null ? null : Soundtrack.open(spec.audio(), recorder);
        if (sound != null && format.equals("webm")) {
          // Opus takes 48 kHz (or 24, 16, 12, 8); the recorder resamples whatever the file has.
          recorder.setSampleRate(48_000);
        }
        recorder.start();
        BufferedImage first = frames.size() == 0 ? null : frames.get(0);
        if (first != null) {
          try (Bt709Yuv yuv =
              new Bt709Yuv(first.getWidth(), first.getHeight(), spec.width(), spec.height())) {
            for (int n = 0; n < frames.size(); ) {
              BufferedImage img = n == 0 ? first : frames.get(n);
              // Already yuv420p at the clip's size, so the recorder takes the planes as they are.
              recorder.recordImage(
                  yuv.outWidth(),
                  yuv.outHeight(),
                  Frame.DEPTH_UBYTE,
                  1,
                  yuv.outWidth(),
                  avutil.AV_PIX_FMT_YUV420P,
                  yuv.convert(img));
              progress.accept(++n);
            }
          }
        }
        if (sound != null) {
          try (sound) {
            sound.recordInto(
                recorder, spec.audioStart(), (double) frames.size() / fps, spec.audioFade());
          }
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
