package dev.dreamzoom.media;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;

/** The versions of the native media libraries dreamzoom loads, for {@code dreamzoom --version}. */
public final class Libraries {
  private Libraries() {}

  /** FFmpeg's own version string, loading the library. */
  public static String ffmpeg() {
    Loader.load(avutil.class);
    return avutil.av_version_info().getString();
  }

  /** OpenCV's version (the optical flow's), loading the library. */
  public static String openCv() {
    Loader.load(opencv_core.class);
    return opencv_core.CV_VERSION;
  }
}
