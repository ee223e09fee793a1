package dev.dreamzoom.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The program version, as the build recorded it, and the native libraries it loads. */
public final class Version {
  private Version() {}

  /**
   * The native libraries' versions, each loaded to ask it: {@code TensorFlow 2.16.1, FFmpeg 7.1,
   * OpenCV 4.10.0, ONNX Runtime 1.21.1}; a library that will not load says why.
   */
  public static String libraries() {
    return String.join(
        ", ",
        library("TensorFlow", dev.dreamzoom.model.Natives::tensorFlowVersion),
        library("FFmpeg", dev.dreamzoom.media.Libraries::ffmpeg),
        library("OpenCV", dev.dreamzoom.media.Libraries::openCv),
        library("ONNX Runtime", dev.dreamzoom.model.Segmenter::onnxRuntimeVersion));
  }

  private static String library(String name, java.util.function.Supplier<String> version) {
    try {
      return name + " " + version.get();
    } catch (RuntimeException | LinkageError e) {
      return name + " (cannot load: " + e.getMessage() + "; run scripts/setup)";
    }
  }

  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/dreamzoom-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
