package dev.dreamzoom.model;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes TensorFlow's native libraries available to DJL without any download: they come from the
 * {@code tensorflow-core-native} jar on the classpath (Maven Central) and are unpacked once into
 * the user cache, then DJL is pointed at them through {@code TENSORFLOW_LIBRARY_PATH}.
 */
public final class Natives {
  private static final Logger log = LoggerFactory.getLogger(Natives.class);
  /** Where the CUDA build (Maven profile "gpu") and the CPU build keep their libraries. */
  private static final List<String> PREFIXES = List.of(
      "org/tensorflow/internal/c_api/linux-x86_64-gpu/", "org/tensorflow/internal/c_api/linux-x86_64/");
  private static final String JNI_LIB = "libjnitensorflow.so";

  private static Engine engine;

  private Natives() {}

  /** Unpacks (once) and loads TensorFlow through DJL; returns the engine. Safe to call repeatedly. */
  public static synchronized Engine tensorFlow() {
    if (engine == null) {
      Path root = ModelStore.defaultCacheRoot();
      // Keep DJL's and JavaCPP's own caches beside ours instead of in ~/.djl.ai and ~/.javacpp.
      setIfAbsent("DJL_CACHE_DIR", root.resolve("djl").toString());
      setIfAbsent("org.bytedeco.javacpp.cachedir", root.resolve("javacpp").toString());
      Path dir = unpack(root.resolve("natives"));
      System.setProperty("TENSORFLOW_LIBRARY_PATH", dir.toString());
      engine = Engine.getEngine("TensorFlow");
      log.debug("TensorFlow {} loaded from {}", engine.getVersion(), dir);
    }
    return engine;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static Path unpack(Path nativesRoot) {
    String prefix = null;
    URL jni = null;
    for (String p : PREFIXES) {
      jni = Natives.class.getClassLoader().getResource(p + JNI_LIB);
      if (jni != null) {
        prefix = p;
        break;
      }
    }
    if (jni == null) {
      throw new IllegalStateException("TensorFlow natives are not on the classpath ("
          + PREFIXES.get(1) + JNI_LIB + "); run scripts/setup");
    }
    try {
      JarURLConnection conn = (JarURLConnection) jni.openConnection();
      conn.setUseCaches(false);
      Path jarPath = Path.of(conn.getJarFileURL().toURI());
      // The jar's name carries version and classifier, so CPU and GPU builds never collide.
      String folder = jarPath.getFileName().toString().replaceFirst("\\.jar$", "");
      Path dir = nativesRoot.resolve(folder);
      if (Files.isRegularFile(dir.resolve(JNI_LIB))) {
        return dir;
      }
      Files.createDirectories(nativesRoot);
      Path tmp = Files.createTempDirectory(nativesRoot, ".unpack-");
      log.info("unpacking TensorFlow natives to {} (once)", dir);
      try (JarFile jar = new JarFile(jarPath.toFile())) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry e = entries.nextElement();
          String n = e.getName();
          if (!e.isDirectory() && n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0
              && n.contains(".so")) {
            try (InputStream in = jar.getInputStream(e)) {
              Files.copy(in, tmp.resolve(n.substring(prefix.length())));
            }
          }
        }
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another process unpacked it first; theirs is as good as ours.
        try (var files = Files.list(tmp)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(tmp);
        if (!Files.isRegularFile(dir.resolve(JNI_LIB))) {
          throw e;
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack TensorFlow natives: " + e.getMessage(), e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
