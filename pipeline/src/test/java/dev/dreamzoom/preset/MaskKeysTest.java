package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dream.mask} and its keys as a preset gives them, and every way they can be wrong. */
class MaskKeysTest {
  @TempDir Path dir;

  private RenderSpec parse(String text) throws PresetException {
    return PresetParser.parse(text, dir.resolve("test.properties"));
  }

  private String problem(String text) {
    PresetException e = assertThrows(PresetException.class, () -> parse(text));
    return e.getMessage();
  }

  @Test
  void noMaskDreamsEverywhere() throws Exception {
    assertNull(parse("frames = 3\n").dream().mask());
  }

  @Test
  void keywordsShapesAndImagesAreRead() throws Exception {
    MaskSpec subject = parse("dream.mask = subject\n").dream().mask();
    assertEquals(MaskSpec.Kind.SUBJECT, subject.kind());
    assertEquals(4, subject.feather(), 0);
    MaskSpec bg =
        parse("dream.mask = background\ndream.mask.feather = 12\ndream.mask.invert = true\n")
            .dream()
            .mask();
    assertEquals(MaskSpec.Kind.BACKGROUND, bg.kind());
    assertEquals(12, bg.feather(), 0);
    assertTrue(bg.invert());
    MaskSpec shape =
        parse("dream.mask = max(rect(0, 0, 0.5, 1), ellipse(0.7, 0.5, 0.1, 0.1))\n").dream().mask();
    assertEquals(MaskSpec.Kind.SHAPE, shape.kind());
  }

  @Test
  void aShapeThatIsEmptyIsWarnedOf() throws Exception {
    RenderSpec never = parse("frames = 4\ndream.mask = rect(0, 0, 0.5, 1) * rect(0.5, 0, 1, 1)\n");
    assertTrue(
        never.warnings().stream()
            .anyMatch(
                w ->
                    w.key().equals("dream.mask")
                        && w.message().contains("0 everywhere at every frame: nothing will dream")),
        never.warnings().toString());
    RenderSpec later = parse("frames = 10\ndream.mask = rect(0.5 + t/10, 0, 1.5, 1)\n");
    assertTrue(
        later.warnings().stream()
            .anyMatch(w -> w.message().contains("5 of the 10 frames (the first: frame 6)")),
        later.warnings().toString());
    assertTrue(parse("dream.mask = rect(0, 0, 0.5, 1)\n").warnings().isEmpty());
  }

  @Test
  void anImageMaskIsPartOfTheRendersIdentity() throws Exception {
    Path png = dir.resolve("sky.png");
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
        "png",
        png.toFile());
    RenderSpec spec = parse("dream.mask = sky.png\n");
    assertEquals(MaskSpec.Kind.IMAGE, spec.dream().mask().kind());
    assertEquals(png, spec.inputs().get("dream.mask"));
  }

  @Test
  void aMaskImageThatDoesNotReadIsNamed() throws Exception {
    String missing = problem("dream.mask = masks/sky.png\n");
    assertTrue(missing.contains("dream.mask") && missing.contains("line 1"), missing);
    assertTrue(missing.contains("file not found") && missing.contains("sky.png"), missing);
    assertTrue(missing.contains("subject, background or shapes"), missing);
    Files.writeString(dir.resolve("broken.png"), "not a picture");
    String broken = problem("dream.mask = broken.png\n");
    assertTrue(broken.contains("dream.mask") && broken.contains("broken.png"), broken);
  }

  @Test
  void aWrongShapeIsNamedWithItsPositionOrFrame() {
    String unknown = problem("frames = 5\ndream.mask = circle(0.5, 0.5, 0.2)\n");
    assertTrue(unknown.contains("line 2") && unknown.contains("dream.mask"), unknown);
    assertTrue(unknown.contains("unknown mask function 'circle'"), unknown);
    String shrinking = problem("frames = 10\ndream.mask = ellipse(0.5, 0.5, 0.3 - t/10, 0.2)\n");
    assertTrue(shrinking.contains("rx must be above 0; at frame 3"), shrinking);
    String feather = problem("dream.mask = subject\ndream.mask.feather = -1\n");
    assertTrue(feather.contains("dream.mask.feather"), feather);
    String invert = problem("dream.mask = subject\ndream.mask.invert = yes\n");
    assertTrue(invert.contains("dream.mask.invert"), invert);
  }
}
