package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objective text a user gets wrong is told what to write; image paths resolve as the system does.
 */
class ObjectiveMistakesTest {
  @TempDir Path dir;

  private String problem(String objective) {
    PresetException e =
        assertThrows(
            PresetException.class,
            () ->
                PresetParser.parse("objective = " + objective + "\n", dir.resolve("p.properties")));
    return e.getMessage();
  }

  @Test
  void aNegativeKeyframeSaysFramesCountFromZero() {
    String first = problem("-1:(layer(conv2d_3))");
    assertTrue(
        first.contains("a keyframe's frame number is a whole number, 0 or more")
            && first.contains("'-1:'"),
        first);
    String later = problem("0:(layer(conv2d_3)), -1:(tv)");
    assertTrue(later.contains("frames count from 0, never below"), later);
    String fraction = problem("1.5:(tv)");
    assertTrue(fraction.contains("whole number") && fraction.contains("'1.5:'"), fraction);
  }

  @Test
  void twoWeightsOnOneTermSayToMultiplyThemOut() {
    String m = problem("2*3*layer(conv2d_3)");
    assertTrue(m.contains("one weight per term: multiply it out"), m);
  }

  /**
   * {@code ..} after a folder that is a link leads where the operating system says (the link's
   * target's parent), not where the text says (the link's parent).
   */
  @Test
  void dotDotInAnImagePathIsResolvedOnTheFileSystem() throws Exception {
    Path real = Files.createDirectories(dir.resolve("photos/2026/night"));
    Files.copy(Shared.image("chelsea.png"), dir.resolve("photos/2026/cat.png"));
    Path link = Files.createSymbolicLink(dir.resolve("here"), real);
    Path preset = link.resolve("p.properties");
    Files.writeString(preset, "objective = layer(conv2d_3) + guide(../cat.png, conv2d_3)\n");
    RenderSpec spec = PresetParser.parse(preset);
    Term.Guide guide =
        (Term.Guide)
            spec.dream().objective().terms().stream()
                .filter(t -> t instanceof Term.Guide)
                .findFirst()
                .orElseThrow();
    assertEquals(dir.resolve("photos/2026/cat.png").toRealPath(), guide.image());
    assertEquals(false, Files.exists(dir.resolve("cat.png")), "the text's reading would be wrong");
  }
}
