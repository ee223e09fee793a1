package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.awt.Polygon;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segmentation network behind {@code dream.mask = subject}: the real ISNet weights from the npm
 * registry, checked against masks drawn by hand on real photos, and its store's checks.
 */
@Tag("slow")
public class SegmenterTest {
  @TempDir Path dir;

  /** The hand-drawn polygon of {@code resources/masks/<name>.txt}. */
  public static Polygon reference(String name) throws Exception {
    String text =
        new String(
            SegmenterTest.class.getResourceAsStream("/masks/" + name + ".txt").readAllBytes(),
            java.nio.charset.StandardCharsets.US_ASCII);
    Polygon p = new Polygon();
    for (String pair : text.strip().split("\\s+")) {
      String[] xy = pair.split(",");
      p.addPoint(Integer.parseInt(xy[0]), Integer.parseInt(xy[1]));
    }
    return p;
  }

  /** Intersection over union of the network's mask (at 0.5) and the polygon. */
  static double iou(Mask m, Polygon p) {
    int inter = 0;
    int union = 0;
    for (int y = 0; y < m.height(); y++) {
      for (int x = 0; x < m.width(); x++) {
        boolean a = m.at(x, y) >= 0.5;
        boolean b = p.contains(x + 0.5, y + 0.5);
        inter += a && b ? 1 : 0;
        union += a || b ? 1 : 0;
      }
    }
    return (double) inter / union;
  }

  @Test
  void theSubjectMatchesMasksDrawnByHand() throws Exception {
    try (Segmenter s = Segmenter.open(Shared.segmentation())) {
      for (String name : new String[] {"astronaut", "coffee"}) {
        String file = name + ".png";
        RgbImage photo = ImageFiles.read(Shared.image(file));
        Mask m = s.subject(photo);
        assertTrue(m.width() == photo.width() && m.height() == photo.height());
        double iou = iou(m, reference(name));
        Margins.atLeast(name + ": IoU with the hand-drawn mask", iou, 0.85);
      }
    }
  }

  @Test
  void aCorruptMirrorCopyIsRefusedAndNothingIsCached() throws Exception {
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Files.writeString(mirror.resolve(SegmentationStore.FILE), "not a network");
    Path cache = dir.resolve("cache");
    ModelException e =
        assertThrows(ModelException.class, () -> new SegmentationStore(cache, mirror).resolve());
    // The mirror's copy fails its checksum: the message says so, and the cache stays empty.
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains(SegmentationStore.FILE), e.getMessage());
    assertTrue(!Files.exists(cache.resolve("isnet").resolve(SegmentationStore.FILE)));
  }

  @Test
  void aNetworkThatCannotBeHadIsOneMessageWithTheMirrorHint() {
    Path cache = dir.resolve("cache");
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                new SegmentationStore(
                        cache,
                        null,
                        dir.resolve("offline").resolve(SegmentationStore.ARCHIVE).toUri())
                    .resolve());
    assertTrue(
        e.getMessage().contains("cannot fetch the segmentation network isnet"), e.getMessage());
    assertTrue(
        e.getMessage().contains("Offline? Put " + SegmentationStore.ARCHIVE)
            && e.getMessage().contains("DREAMZOOM_MODEL_MIRROR"),
        e.getMessage());
    assertTrue(!Files.exists(cache.resolve("isnet")));
  }

  @Test
  void aMirrorHoldingThePackageServesIt() throws Exception {
    // The verified copy from the registry, placed in a mirror as a user offline would.
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Files.copy(Shared.segmentation(), mirror.resolve(SegmentationStore.FILE));
    Path got = new SegmentationStore(dir.resolve("cache"), mirror).resolve();
    assertTrue(Files.isRegularFile(got) && got.startsWith(dir.resolve("cache")), got.toString());
  }
}
