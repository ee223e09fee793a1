package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.testing.Shared;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first three frames of every bundled MobileNet preset, at 224 x 128, are exactly what they
 * were before the dream core was split into objectives, parameterization, transforms and the loop
 * (and dream.layers / filters became sugar for objective terms). The hashes were recorded with
 * the old DreamStep (commit 4056097) and are of the 8-bit RGB pixels the PNG frames hold.
 * drift-mix's were re-recorded when the preset itself changed (fractal seed, 4 iterations after
 * the first frame, 320 px of jitter; see BundledPresetLooksTest), not the code.
 */
@Tag("slow")
class GoldenFramesTest {
  @TempDir static Path cache;

  @ParameterizedTest
  @CsvSource({
      "noise-zoom, 728afadb13224dd4 cba4bdd35418c1f2 dd109b45191f9ffe",
      "photo-spiral, 9b5c6a3708095675 76aba30cade1e54f 72af633a46b5e7d2",
      "drift-mix, 90f4c3011c505041 66b2a407a346680c d242a9d3d4c3d7fc",
      "filter-flight-mobilenet, bff066d81b92cbe8 2c20b897b6ab8ebc a0cfa1e9e37613db",
      "deepening-zoom, 7a5a1aa8e0b92170 75f9d2c6db0cede2 024bf9bd91802d62"})
  void firstFramesAreByteIdenticalToTheRecordedOnes(String preset, String expected) throws Exception {
    RenderSpec spec = PresetParser.parse(Path.of("presets", preset + ".properties"))
        .withSize(224, 128).withFrames(3);
    PreparedRender p = PreparedRender.load(spec, new ModelStore(ModelCatalog.load(), cache, Shared.models()));
    List<String> hashes = new ArrayList<>();
    try (DreamStep step = p.newStep(0)) {
      p.renderer(step, (t, img) -> hashes.add(sha(img))).render(p.seed(), 3, (a, b, c) -> { });
    }
    assertEquals(expected, String.join(" ", hashes), preset);
  }

  static String sha(RgbImage img) {
    BufferedImage b = ImageFiles.toBufferedImage(img);
    int[] rgb = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
    ByteBuffer px = ByteBuffer.allocate(rgb.length * 4);
    px.asIntBuffer().put(rgb);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(px.array())).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
