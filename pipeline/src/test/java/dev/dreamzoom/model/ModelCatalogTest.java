package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.preset.ObjectiveSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
  private final ModelCatalog catalog = ModelCatalog.load();

  @TempDir Path tmp;

  private ModelEntry entry(String name) {
    return catalog.find(name).orElseThrow(() -> new AssertionError("no catalog entry " + name));
  }

  @Test
  void theClassicAndTheFlightNetworksAreThere() {
    ModelEntry v3 = entry("inception_v3");
    assertEquals(
        "http://download.tensorflow.org/models/image/imagenet/inception-2015-12-05.tgz", v3.url());
    assertEquals("classify_image_graph_def.pb", v3.graph());
    assertEquals("Mul", v3.input().tensor());
    assertArrayEquals(new float[] {128, 128, 128}, v3.input().offset());
    assertEquals("mixed_5/join", v3.aliases().get("mixed5"));

    assertEquals(
        "d13569f6a98159de37e92e9c8ec4dae8f674fbf475f69fe6199b514f756d4364",
        entry("inception5h").checksums().archiveSha256());
    assertEquals("mixed4c", entry("inception5h").layers().get(0));

    for (String vgg : new String[] {"vgg16", "vgg19"}) {
      ModelEntry e = entry(vgg);
      assertEquals(
          "https://storage.googleapis.com/tensorflow/keras-applications/"
              + vgg
              + "/"
              + vgg
              + "_weights_tf_dim_ordering_tf_kernels_notop.h5",
          e.url());
      assertEquals(e.archiveFileName(), e.graph(), "the weight file is the download itself");
      assertTrue(e.input().bgr(), "Keras VGG weights take BGR (caffe preprocessing)");
      assertArrayEquals(new float[] {123.68f, 116.779f, 103.939f}, e.input().offset());
      assertNotNull(e.checksums().md5());
    }
    assertEquals("6d6bbae143d832006294945121d1f1fc", entry("vgg16").checksums().md5());
    assertEquals("253f8cb515780f3b799900260a226db6", entry("vgg19").checksums().md5());
  }

  /**
   * The ONNX model zoo's networks: the zoo's raw URL, its sha256 and size, the file itself as the
   * graph; the synset labels shipped for the classifiers are the zoo's file (its sha256 cited).
   */
  @Test
  void theOnnxZooNetworksAreThereWithTheZoosChecksumsAndSizes() throws Exception {
    java.util.Map<String, String> files =
        java.util.Map.of(
            "bvlc_googlenet", "inception_and_googlenet/googlenet/model/googlenet-12.onnx",
            "inception_v1", "inception_and_googlenet/inception_v1/model/inception-v1-12.onnx",
            "vgg16_onnx", "vgg/model/vgg16-12.onnx",
            "vgg19_onnx", "vgg/model/vgg19-7.onnx",
            "resnet50", "resnet/model/resnet50-v1-12.onnx");
    files.forEach(
        (name, path) -> {
          ModelEntry e = entry(name);
          assertEquals(
              "https://github.com/onnx/models/raw/main/validated/vision/classification/" + path,
              e.url());
          assertEquals(
              e.archiveFileName(), e.graph(), name + ": the .onnx file is the download itself");
          assertEquals(ModelFormat.ONNX, ModelFormat.of(Path.of(e.graph())));
          assertNotNull(e.checksums().sha256(), name);
          assertTrue(e.checksums().bytes() > 20_000_000, name + " has its published size");
        });
    assertEquals(
        "c99c507058eaf41de8723408fdda7db8325cb57f0a89f2ee07a716d6e963e14e",
        entry("bvlc_googlenet").checksums().sha256());
    assertEquals(28_021_836, entry("bvlc_googlenet").checksums().bytes());
    assertEquals("data_0", entry("bvlc_googlenet").input().tensor());
    assertTrue(entry("bvlc_googlenet").input().bgr(), "Caffe's GoogLeNet takes BGR");
    assertEquals("inception_4c/output", entry("bvlc_googlenet").layers().get(0));
    assertEquals("inception_4c/output", entry("bvlc_googlenet").aliases().get("inception_4c"));
    assertEquals("vgg0_relu9_fwd", entry("vgg16_onnx").aliases().get("conv4_3"));
    assertEquals("vgg0_relu11_fwd", entry("vgg19_onnx").aliases().get("conv4_4"));
    assertEquals("resnetv17_stage3_activation5", entry("resnet50").aliases().get("layer3"));
    assertNull(entry("vgg16_onnx").classifier(), "VGG's classifier exists at 224 x 224 only");

    assertEquals("/imagenet_synset.txt", entry("bvlc_googlenet").bundledLabels());
    String text = Files.readString(Path.of("config/models.properties"));
    assertTrue(text.contains("ONNX_HUB_MANIFEST.json"), "the zoo's manifest is cited");
    String synsetSha = dev.dreamzoom.files.SourceFile.sha256(Path.of("config/imagenet_synset.txt"));
    assertTrue(
        text.replaceAll("\\n#\\s*", "").contains(synsetSha),
        "the synset's sha256 is cited: " + synsetSha);
  }

  /** A preset that names only the model works in either mode: every entry has both defaults. */
  @Test
  void everyEntryHasDefaultLayersAndAValidDefaultFilterFlight() throws Exception {
    for (String name : catalog.names()) {
      ModelEntry e = entry(name);
      assertTrue(!e.layers().isEmpty(), name + " has default deepdream layers");
      assertNotNull(e.filters(), name + " has default filters");
      ObjectiveSchedule flight = ObjectiveSchedule.parseTargets(e.filters(), 30, true);
      assertTrue(
          flight.targets().stream().allMatch(t -> !t.wholeLayer()),
          name + ": filters name channels");
    }
  }

  /** The acceptance asks for sources beside the values: each URL and pinned checksum is cited. */
  @Test
  void configCommentsCiteEveryReleaseAndChecksum() throws Exception {
    String text = Files.readString(Path.of("config/models.properties"));
    String comments =
        text.lines().filter(l -> l.startsWith("#")).reduce("", (a, b) -> a + "\n" + b);
    java.util.Map<String, String> sources =
        java.util.Map.of(
            "mobilenet_v1_0.75_224", "research/slim/nets/mobilenet_v1.md",
            "inception5h", "deepdream.ipynb",
            "inception_v3", "classify_image.py",
            "vgg16", "keras/applications/vgg16.py",
            "vgg19", "vgg19.py");
    sources.forEach(
        (name, source) -> {
          assertTrue(comments.contains(source), name + ": its source " + source + " is cited");
          String md5 = entry(name).checksums().md5();
          assertTrue(
              md5 == null || comments.contains(md5), name + ": its md5 is cited with its source");
        });
    assertTrue(comments.contains("WORKSPACE"), "the inception5h archive checksum's source");
    assertTrue(comments.contains("d13569f6"), "the inception5h archive checksum is cited");
  }

  @Test
  void aliasTablesMustExistAndBeWellFormed() {
    Properties p = new Properties();
    p.setProperty("n.url", "file:///n.pb");
    p.setProperty("n.graph", "n.pb");
    p.setProperty("n.input", "input");
    p.setProperty("n.offset", "0");
    p.setProperty("n.scale", "1");
    p.setProperty("n.aliases", "missing");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ModelCatalog.fromProperties(p));
    assertTrue(e.getMessage().contains("alias_table.missing is missing"), e.getMessage());
    p.setProperty("alias_table.missing", "a=b, c");
    e = assertThrows(IllegalStateException.class, () -> ModelCatalog.fromProperties(p));
    assertTrue(e.getMessage().contains("expected friendly=tensor, got 'c'"), e.getMessage());
  }

  /** Keras publishes only MD5: a download that does not match it is refused and not cached. */
  @Test
  void anMd5MismatchIsRefused() throws Exception {
    Path weights = tmp.resolve("mirror/tiny_notop.h5");
    Files.createDirectories(weights.getParent());
    Files.write(weights, new byte[] {1, 2, 3});
    ModelEntry wrong =
        new ModelEntry(
            "tiny",
            "https://example.invalid/tiny_notop.h5",
            "tiny_notop.h5",
            new ModelEntry.Checksums(null, null, "0".repeat(32)),
            KerasConvStack.CAFFE_INPUT,
            java.util.List.of(),
            null,
            java.util.Map.of());
    ModelStore store = new ModelStore(catalog, tmp.resolve("cache"), null);
    ModelException ex =
        assertThrows(ModelException.class, () -> store.install(wrong, weights.toUri()));
    assertTrue(ex.getMessage().contains("expected md5 " + "0".repeat(32)), ex.getMessage());
    assertTrue(Files.notExists(tmp.resolve("cache/tiny/tiny_notop.h5")));

    ModelEntry right =
        new ModelEntry(
            "tiny",
            wrong.url(),
            wrong.graph(),
            new ModelEntry.Checksums(null, null, "5289df737df57326fcdd22597afb1fac"),
            KerasConvStack.CAFFE_INPUT,
            java.util.List.of(),
            null,
            java.util.Map.of());
    ResolvedModel ok = store.install(right, weights.toUri());
    assertTrue(Files.isRegularFile(ok.graphFile()));
    assertTrue(
        Files.isRegularFile(ok.graphFile().resolveSibling("tiny_notop.h5.sha256")),
        "no sha256 is published: the first download records it");
  }

  /** Offline, a plain weight file is named as the file to fetch; only archives have members. */
  @Test
  void theOfflineMessageNamesAMemberOnlyForArchives() {
    Properties p = new Properties();
    for (String[] n :
        new String[][] {
          {"plain", "file:///nonexistent/plain_notop.h5", "plain_notop.h5"},
          {"packed", "file:///nonexistent/packed.tgz", "packed/frozen_graph.pb"}
        }) {
      p.setProperty(n[0] + ".url", n[1]);
      p.setProperty(n[0] + ".graph", n[2]);
      p.setProperty(n[0] + ".input", "input");
      p.setProperty(n[0] + ".offset", "0");
      p.setProperty(n[0] + ".scale", "1");
    }
    ModelStore store = new ModelStore(ModelCatalog.fromProperties(p), tmp.resolve("cache"), null);
    ModelException plain = assertThrows(ModelException.class, () -> store.resolve("plain"));
    assertTrue(
        plain
            .getMessage()
            .contains(
                "Offline? Put plain_notop.h5 (from file:///nonexistent/plain_notop.h5)"
                    + " in a folder and pass --model-mirror DIR"),
        plain.getMessage());
    assertTrue(!plain.getMessage().contains("member"), plain.getMessage());
    ModelException packed = assertThrows(ModelException.class, () -> store.resolve("packed"));
    assertTrue(
        packed.getMessage().contains("or its member packed/frozen_graph.pb,"), packed.getMessage());
  }
}
