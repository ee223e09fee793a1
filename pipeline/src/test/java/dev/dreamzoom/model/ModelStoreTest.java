package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  private static final String ARCHIVE = "mobilenet_v1_0.25_224_frozen.tgz";

  @TempDir Path tmp;

  private final ModelCatalog catalog = ModelCatalog.load();

  private ModelEntry entry(String name) {
    return catalog.find(name).orElseThrow();
  }

  private static long filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void catalogHasEveryOfficialMobileNetAndInception5h() {
    for (String w : new String[] {"0.25", "0.50", "0.75", "1.0"}) {
      for (String s : new String[] {"128", "160", "192", "224"}) {
        String name = "mobilenet_v1_" + w + "_" + s;
        assertEquals("frozen_graph.pb", entry(name).graphFileName());
        assertEquals("quantized_graph.pb", entry(name + "_quantized").graphFileName());
        assertEquals(
            "http://download.tensorflow.org/models/" + name + "_frozen.tgz", entry(name).url());
      }
    }
    ModelEntry inception = entry("inception5h");
    assertEquals("tensorflow_inception_graph.pb", inception.graph());
    assertArrayEquals(new float[] {117f, 117f, 117f}, inception.input().offset());
    assertArrayEquals(new float[] {1f, 1f, 1f}, inception.input().scale());
  }

  @Tag("slow") // reads ../shared
  @Test
  void downloadsFromAFileUrlVerifiesAndExtractsTheReleaseArchive() throws Exception {
    Path cache = tmp.resolve("cache");
    ModelStore store = new ModelStore(catalog, cache, null);
    ModelEntry e = entry("mobilenet_v1_0.25_224");
    ResolvedModel m = store.install(e, Shared.models().resolve(ARCHIVE).toUri());
    assertEquals(cache.resolve("mobilenet_v1_0.25_224/frozen_graph.pb"), m.graphFile());
    assertEquals(e.checksums().sha256(), m.sha256());
    assertEquals(e.checksums().sha256(), dev.dreamzoom.files.SourceFile.sha256(m.graphFile()));
    assertEquals(
        cache.resolve("mobilenet_v1_0.25_224/labels.txt"), m.labelsFile(), "labels kept beside it");
    assertEquals(1001, Labels.read(m.labelsFile()).size());
    assertEquals(
        2,
        filesUnder(cache),
        "only the graph and labels stay; the archive and temp folder are gone");
  }

  @Tag("slow") // reads ../shared
  @Test
  void corruptedArchiveGivesAChecksumErrorAndLeavesNoCache() throws Exception {
    Path bad = tmp.resolve("mirror").resolve(ARCHIVE);
    Files.createDirectories(bad.getParent());
    byte[] bytes = Files.readAllBytes(Shared.models().resolve(ARCHIVE));
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(bad, bytes);
    Path cache = tmp.resolve("cache");
    ModelStore store = new ModelStore(catalog, cache, bad.getParent());
    ModelException ex =
        assertThrows(ModelException.class, () -> store.resolve("mobilenet_v1_0.25_224_quantized"));
    assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
    assertTrue(ex.getMessage().contains("nothing was cached"), ex.getMessage());
    assertEquals(0, filesUnder(cache));
  }

  @Test
  void corruptedGraphInAMirrorIsRejectedToo() throws Exception {
    Path mirror = tmp.resolve("mirror");
    Path graph = mirror.resolve("mobilenet_v1_0.75_224/quantized_graph.pb");
    Files.createDirectories(graph.getParent());
    Files.writeString(graph, "not the real graph");
    Path cache = tmp.resolve("cache");
    ModelException ex =
        assertThrows(
            ModelException.class,
            () ->
                new ModelStore(catalog, cache, mirror).resolve("mobilenet_v1_0.75_224_quantized"));
    assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
    assertEquals(0, filesUnder(cache));
  }

  @Tag("slow") // reads ../shared
  @Test
  void extractedMirrorThenCacheAreUsed() throws Exception {
    Path cache = tmp.resolve("cache");
    ResolvedModel first =
        new ModelStore(catalog, cache, Shared.models()).resolve("mobilenet_v1_0.75_224_quantized");
    assertEquals(
        "5870f323860a793cce6a7d3a31b558535fe375528334ea0dfb23d5060b94a714", first.sha256());
    // The second time no mirror is needed: the verified copy in the cache is used.
    ResolvedModel second =
        new ModelStore(catalog, cache, null).resolve("mobilenet_v1_0.75_224_quantized");
    assertEquals(first.graphFile(), second.graphFile());
  }

  @Test
  void unreachableSourceSaysWhichFileToPutWhere() {
    Properties p = new Properties();
    p.setProperty("offline.url", tmp.resolve("nowhere/offline_frozen.tgz").toUri().toString());
    p.setProperty("offline.graph", "offline/frozen_graph.pb");
    p.setProperty("offline.input", "input");
    p.setProperty("offline.offset", "127.5");
    p.setProperty("offline.scale", "127.5");
    ModelStore store = new ModelStore(ModelCatalog.fromProperties(p), tmp.resolve("cache"), null);
    ModelException ex = assertThrows(ModelException.class, () -> store.resolve("offline"));
    assertTrue(ex.getMessage().contains("Put offline_frozen.tgz"), ex.getMessage());
    assertTrue(ex.getMessage().contains("--model-mirror DIR"), ex.getMessage());
    assertTrue(ex.getMessage().contains("DREAMZOOM_MODEL_MIRROR"), ex.getMessage());
  }

  @Test
  void unknownNamesAndMissingPathsAreClearErrors() {
    ModelStore store = new ModelStore(catalog, tmp, null);
    ModelException unknown =
        assertThrows(ModelException.class, () -> store.resolve("mobilenet_v9"));
    assertTrue(unknown.getMessage().contains("unknown model 'mobilenet_v9'"), unknown.getMessage());
    ModelException missing = assertThrows(ModelException.class, () -> store.resolve(tmp + "/x.pb"));
    assertTrue(missing.getMessage().contains("model file not found"), missing.getMessage());
    assertFalse(Files.exists(tmp.resolve("x.pb")));
  }
}
