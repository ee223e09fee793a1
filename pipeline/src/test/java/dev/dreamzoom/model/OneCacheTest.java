package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.cli.Main;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every native library is unpacked once, under the documented cache root, whichever command runs
 * first: TensorFlow's once (it was unpacked twice, 600 MB each), FFmpeg's beside it (an encode
 * alone used to put them in ~/.javacpp), nothing in the home folder.
 */
@Tag("slow")
class OneCacheTest {
  @TempDir Path dir;

  private int run(Path home, Path cache, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("run.log").toFile());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("DREAMZOOM_CACHE", cache.toString());
    pb.environment().remove("XDG_CACHE_HOME");
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    return p.exitValue();
  }

  private static List<Path> named(Path root, String prefix) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(
              p ->
                  p.getFileName().toString().startsWith(prefix)
                      && !Files.isSymbolicLink(p)
                      && Files.isRegularFile(p))
          .toList();
    }
  }

  @Test
  void encodeFirstThenRenderUnpackEachLibraryOnceUnderTheCache() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path cache = dir.resolve("cache");
    Path preset = dir.resolve("tiny.properties");
    Files.writeString(
        preset,
        "name = tiny\nwidth = 64\nheight = 48\nframes = 2\ndream.octaves = 1\n"
            + "dream.iterations = 1\nencode.preset = ultrafast\n");
    // A render with one cache to make frames, then, with a fresh home and cache, encode alone.
    Path other = dir.resolve("first-cache");
    assertEquals(
        0,
        run(
            home,
            other,
            "render",
            preset.toString(),
            "--output",
            dir.resolve("out").toString(),
            "--model-mirror",
            Shared.models().toString()),
        Files.readString(dir.resolve("run.log")));
    Path freshHome = Files.createDirectories(dir.resolve("home2"));
    assertEquals(
        0,
        run(freshHome, cache, "encode", dir.resolve("out/tiny").toString()),
        Files.readString(dir.resolve("run.log")));
    assertFalse(
        Files.exists(freshHome.resolve(".javacpp")), "encode put nothing in the home folder");
    assertEquals(
        1,
        named(cache, "libavcodec.so.").size(),
        "FFmpeg under the cache: " + named(cache, "libav"));

    assertEquals(
        0,
        run(
            freshHome,
            cache,
            "render",
            preset.toString(),
            "--output",
            dir.resolve("out2").toString(),
            "--model-mirror",
            Shared.models().toString()),
        Files.readString(dir.resolve("run.log")));
    assertEquals(
        1,
        named(cache, "libtensorflow_cc.so").size(),
        "TensorFlow unpacked once: " + named(cache, "libtensorflow_cc.so"));
    assertEquals(1, named(cache, "libavcodec.so.").size());
    assertTrue(
        named(freshHome, "lib").isEmpty(),
        "nothing in the home folder: " + named(freshHome, "lib"));
    assertTrue(named(home, "lib").isEmpty());
  }
}
