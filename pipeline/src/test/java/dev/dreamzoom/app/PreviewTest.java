package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A preview at a fraction of the size scales what is in pixels, and only that. */
class PreviewTest {
  @TempDir Path dir;

  @Test
  void settingsInPixelsShrinkWithTheFrame() throws Exception {
    Path preset = dir.resolve("p.properties");
    Files.writeString(
        preset,
        String.join(
            "\n",
            "width=640",
            "height=360",
            "dream.blur=1",
            "dream.jitter=32",
            "dream.step=1.5",
            "motion.tx=10",
            "motion.ty=-4",
            "motion.zoom=1.05",
            "motion.angle=2",
            "motion.overscan=20",
            ""));
    RenderSpec full = PresetParser.parse(preset);
    RenderSpec half = Preview.scaled(full, 0.5);
    assertEquals(320, half.width());
    assertEquals(180, half.height());
    assertEquals(0.5, half.dream().blur().at(0), 1e-12);
    assertEquals(16, half.dream().jitter().at(0), 1e-12);
    assertEquals(5, half.motion().tx().at(0), 1e-12);
    assertEquals(-2, half.motion().ty().at(0), 1e-12);
    assertEquals(10, half.motion().overscan());
    assertEquals(1.5, half.dream().step().at(0), 1e-12, "intensity levels do not scale");
    assertEquals(1.05, half.motion().zoom().at(0), 1e-12, "ratios do not scale");
    assertEquals(2, half.motion().angle().at(0), 1e-12, "angles do not scale");
  }
}
