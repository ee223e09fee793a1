package dev.dreamzoom.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The program version, as the build recorded it. */
public final class Version {
  private Version() {}

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
