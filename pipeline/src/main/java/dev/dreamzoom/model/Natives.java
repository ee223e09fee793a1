package dev.dreamzoom.model;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes TensorFlow's native libraries available to DJL without any download: they come from the
 * {@code tensorflow-core-native} jar on the classpath (Maven Central). JavaCPP unpacks them once
 * into its cache, which {@link #configureCaches} puts under the dreamzoom cache, and DJL is pointed
 * at that same folder through {@code TENSORFLOW_LIBRARY_PATH}, so they exist once on disk and are
 * loaded once. FFmpeg's libraries (JavaCPP too) and JNA's land beside them.
 */
public final class Natives {
  private static final Logger log = LoggerFactory.getLogger(Natives.class);

  private static Engine engine;

  private Natives() {}

  /**
   * Puts DJL's and JavaCPP's caches under the dreamzoom cache instead of {@code ~/.djl.ai} and
   * {@code ~/.javacpp}. Must run before either library loads anything; the CLI calls it first.
   */
  public static void configureCaches() {
    Path root = ModelStore.defaultCacheRoot();
    setIfAbsent("DJL_CACHE_DIR", root.resolve("djl").toString());
    setIfAbsent("org.bytedeco.javacpp.cachedir", root.resolve("javacpp").toString());
    setIfAbsent("jna.tmpdir", root.resolve("jna").toString());
    Path old = root.resolve("natives");
    if (Files.isDirectory(old)) {
      // Versions before 0.1.0's one-cache change unpacked a second copy here (600 MB).
      log.info("removing the older second copy of TensorFlow's libraries, {}", old);
      try {
        dev.dreamzoom.files.AtomicFiles.deleteTree(old);
      } catch (IOException e) {
        log.warn("could not remove {}: {}", old, e.toString());
      }
    }
  }

  /**
   * Loads TensorFlow (JavaCPP unpacks it once) and DJL's engine over it, with its oneDNN kernels on
   * ({@link Kernels#enableOneDnn}). Safe to call repeatedly.
   */
  public static synchronized Engine tensorFlow() {
    if (engine == null) {
      configureCaches();
      Kernels.enableOneDnn();
      String lib;
      try {
        lib = Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        throw new IllegalStateException(
            "cannot load TensorFlow's native libraries (" + e.getMessage() + "); run scripts/setup",
            e);
      }
      Path dir = Path.of(lib).getParent();
      System.setProperty("TENSORFLOW_LIBRARY_PATH", dir.toString());
      engine = Engine.getEngine("TensorFlow");
      log.debug("TensorFlow {} loaded from {}", engine.getVersion(), dir);
    }
    return engine;
  }

  /** The version of TensorFlow's native library, loading it ({@link #tensorFlow}). */
  public static String tensorFlowVersion() {
    tensorFlow();
    return org.tensorflow.TensorFlow.version();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * The resident memory this process may reach: JavaCPP refuses native allocations (TensorFlow's
   * tensors) beyond its {@code maxPhysicalBytes}, by default a multiple of the Java heap limit, and
   * no process gets more than the machine has.
   */
  public static long physicalLimit() {
    long machine =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    long javacpp = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
    return javacpp > 0 ? Math.min(javacpp, machine) : machine;
  }

  /** The resident memory this process uses now. */
  public static long physicalInUse() {
    return org.bytedeco.javacpp.Pointer.physicalBytes();
  }
}
