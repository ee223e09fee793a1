package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model problems as a user meets them: a separate process with its own, empty cache. */
@Tag("slow")
class ModelErrorsTest {
  /**
   * Every download goes through a proxy at a loopback port where nothing listens, so it fails at
   * once whether or not this machine is online, while messages still name the real URLs.
   */
  static final List<String> UNREACHABLE =
      List.of(
          "-Dhttp.proxyHost=127.0.0.1",
          "-Dhttp.proxyPort=9",
          "-Dhttps.proxyHost=127.0.0.1",
          "-Dhttps.proxyPort=9");

  @TempDir Path dir;

  private String run(Path mirror, String model, int expectedExit) throws Exception {
    Path log = dir.resolve(model + ".log");
    Process p =
        Subprocess.start(
            log,
            UNREACHABLE,
            Map.of("DREAMZOOM_CACHE", dir.resolve("cache").toString()),
            "layers",
            model,
            "--model-mirror",
            mirror.toString());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String output = Files.readString(log);
    assertEquals(expectedExit, p.exitValue(), output);
    assertFalse(output.contains("\tat "), output);
    return output;
  }

  private long cachedFiles() throws Exception {
    Path cache = dir.resolve("cache/models");
    if (!Files.exists(cache)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(cache)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void corruptArchiveInTheMirrorIsAChecksumErrorAndNothingIsCached() throws Exception {
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    byte[] bytes = Files.readAllBytes(Shared.models().resolve("mobilenet_v1_0.25_224_frozen.tgz"));
    bytes[1000] ^= 1;
    Files.write(mirror.resolve("mobilenet_v1_0.25_224_frozen.tgz"), bytes);
    String out = run(mirror, "mobilenet_v1_0.25_224", 1);
    assertTrue(
        out.contains("error: cannot fetch model") || out.contains("error: checksum mismatch"), out);
    assertTrue(out.contains("checksum mismatch for file:"), out);
    assertTrue(out.contains("nothing was cached"), out);
    assertEquals(0, cachedFiles());
  }

  @Test
  void noMirrorAndNoNetworkSaysWhichFileToPutWhere() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-mirror"));
    String out = run(empty, "mobilenet_v1_0.25_128", 1);
    assertTrue(out.contains("Put mobilenet_v1_0.25_128_frozen.tgz"), out);
    assertTrue(out.contains("mobilenet_v1_0.25_128/frozen_graph.pb"), out);
    assertTrue(out.contains("--model-mirror DIR") && out.contains("DREAMZOOM_MODEL_MIRROR"), out);
    assertEquals(0, cachedFiles());
  }

  /**
   * The classic-network preset, where the zoo cannot be reached, says what to download and where to
   * put it.
   */
  @Test
  void theGoogLeNetPresetOfflineNamesTheZooFileAndTheMirror() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-mirror"));
    Path log = dir.resolve("googlenet.log");
    Process p =
        Subprocess.start(
            log,
            UNREACHABLE,
            Map.of("DREAMZOOM_CACHE", dir.resolve("cache").toString()),
            "render",
            "presets/bvlc-googlenet-dream.properties",
            "--frames",
            "2",
            "--output",
            dir.resolve("out").toString(),
            "--model-mirror",
            empty.toString());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String out = Files.readString(log);
    assertEquals(1, p.exitValue(), out);
    assertFalse(out.contains("\tat "), out);
    assertTrue(
        out.contains(
            "Put googlenet-12.onnx (from https://github.com/onnx/models/raw/main/validated/"
                + "vision/classification/inception_and_googlenet/googlenet/model/googlenet-12.onnx)"),
        out);
    assertTrue(out.contains("--model-mirror DIR"), out);
    assertEquals(0, cachedFiles());
    try (Stream<Path> s =
        Files.exists(dir.resolve("out")) ? Files.walk(dir.resolve("out")) : Stream.empty()) {
      assertEquals(0, s.filter(f -> f.toString().endsWith(".png")).count(), "no frame was written");
    }
  }
}
