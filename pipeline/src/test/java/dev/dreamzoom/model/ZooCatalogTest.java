package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.dream.Probe;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.testing.ZooShapedGoogLeNet;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's {@code bvlc_googlenet} entry, everything but its checksum and size, installed from
 * a mirror holding a network shaped like the zoo's file ({@link ZooShapedGoogLeNet}): the Caffe
 * blob names of the entry find the SSA-versioned values, the classifier head works at any size, the
 * shipped labels are the zoo's, and a file of the wrong size is refused before anything is cached.
 */
@Tag("slow")
class ZooCatalogTest {
  @TempDir Path dir;

  /** The shipped catalog, with bvlc_googlenet's sha256 and size those of {@code file}. */
  private static ModelCatalog catalogFor(Path file) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("config/models.properties"))) {
      p.load(in);
    }
    p.setProperty("bvlc_googlenet.sha256", dev.dreamzoom.files.SourceFile.sha256(file));
    p.setProperty("bvlc_googlenet.bytes", Long.toString(Files.size(file)));
    return ModelCatalog.fromProperties(p);
  }

  @Test
  void theGoogLeNetEntryFindsItsCaffeLayersLogitsAndLabels() throws Exception {
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Path file = ZooShapedGoogLeNet.write(mirror.resolve("googlenet-12.onnx"));
    ModelStore store = new ModelStore(catalogFor(file), dir.resolve("cache"), mirror);
    Network network = Network.load(store.resolve("bvlc_googlenet"));

    // The Caffe blob is its last SSA version: the ReLU's output, not the convolution's.
    assertEquals("conv1_7x7_s2_2", network.tensor("conv1/7x7_s2"));
    assertEquals("conv1_7x7_s2_2", network.tensor("conv1"), "the friendly alias follows the blob");
    assertEquals("inception_4c_output_1", network.tensor("inception_4c/output"));
    assertEquals("inception_4c_output_1", network.tensor("inception_4c"));
    LayerInfo block =
        network.layers(false).stream()
            .filter(l -> l.name().equals("inception_4c_output_1"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(network.layers(false).toString()));
    assertEquals(512, block.channels());
    assertTrue(
        block.aliases().containsAll(List.of("inception_4c", "inception_4c/output")),
        block.toString());
    assertEquals(
        List.of(),
        network.targetProblems(
            dev.dreamzoom.preset.ObjectiveSchedule.parseTargets(
                    network.entry().layers().get(0), 1, false)
                .targets()),
        "the entry's default layer exists");

    // The 7x7 head pool sits behind an ONNX Dropout: made global, the logits exist at any size.
    try (Probe probe = new Probe(network, 1)) {
      float[] pixels = ImporterChecks.pixels(320, 200, 5);
      assertEquals(1000, probe.logits(new RgbImage(320, 200, pixels)).length);
      assertEquals(
          1000, probe.logits(new RgbImage(224, 224, ImporterChecks.pixels(224, 224, 5))).length);
    }
    Labels labels = network.labels();
    assertEquals(1000, labels.size());
    assertEquals("tench, Tinca tinca", labels.get(0), "the WordNet id is dropped");
    assertEquals(954, labels.find("banana"));
    ImporterChecks.assertDreamsInBothPrecisions(network, "inception_4c/output");
  }

  @Test
  void aDownloadOfTheWrongSizeIsRefusedAndNothingIsCached() throws Exception {
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Path file = ZooShapedGoogLeNet.write(dir.resolve("whole.onnx"));
    ModelCatalog catalog = catalogFor(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(
        mirror.resolve("googlenet-12.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path cache = dir.resolve("cache");
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                new ModelStore(catalog, cache, mirror)
                    .install(
                        catalog.find("bvlc_googlenet").orElseThrow(),
                        mirror.resolve("googlenet-12.onnx").toUri()));
    assertTrue(
        e.getMessage()
            .contains(
                "is " + bytes.length / 2 + " bytes, but the release is " + bytes.length + " bytes"),
        e.getMessage());
    assertFalse(
        Files.exists(cache.resolve("bvlc_googlenet").resolve("googlenet-12.onnx")),
        "nothing cached");
  }
}
