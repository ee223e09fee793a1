package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.Problem;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * motion.overscan: a turning camera shows dreamed content at the frame's edges, not the border
 * mode's mirror copies of what is already in the frame.
 */
@Tag("slow")
class OverscanTest {
  @TempDir static Path dir;

  private static List<RgbImage> render(int overscan) throws Exception {
    String preset =
        "name = turn\nseed = noise\nseed.noise = uniform\nrandom.seed = 3"
            + "\nwidth = 192\nheight = 112\nframes = 8\ndream.octaves = 2\ndream.iterations = 4\n"
            + "motion.zoom = 1\nmotion.angle = 2\nmotion.border = reflect\nmotion.overscan = "
            + overscan
            + "\n";
    PreparedRender p =
        PreparedRender.load(
            PresetParser.parse(preset, dir.resolve("turn.properties")),
            new ModelStore(ModelCatalog.load(), dir.resolve("cache"), Shared.models()));
    List<RgbImage> frames = new ArrayList<>();
    try (DreamStep step = p.newStep(0)) {
      p.renderer(step, (t, canvas) -> frames.add(p.frameOf(canvas)))
          .render(p.seed(), 8, (a, b, c) -> {});
    }
    return frames;
  }

  /**
   * How much a frame's edges hold mirror copies of its own interior, for a camera turning by {@code
   * degrees} about the centre: each edge pixel whose source lies outside the frame is paired with
   * the interior pixel its reflection across that edge lands on (where a reflect border would copy
   * it from), and the mean difference of those pairs is divided by that of the same pixels paired
   * as far away at a right angle. A reflected copy gives a ratio well below 1 (the dream of one
   * frame blurs it a little); content that was dreamed beyond the edge gives about 1.
   */
  static double mirrorLikeness(RgbImage f, double degrees) {
    int w = f.width();
    int h = f.height();
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double cos = Math.cos(Math.toRadians(degrees));
    double sin = Math.sin(Math.toRadians(degrees));
    double mirrored = 0;
    double shifted = 0;
    int pairs = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = x - cx;
        double dy = y - cy;
        double sx = cx + cos * dx - sin * dy;
        double sy = cy + sin * dx + cos * dy;
        if (sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1) {
          continue;
        }
        double mx = sx < 0 ? -sx : sx > w - 1 ? 2 * (w - 1) - sx : sx;
        double my = sy < 0 ? -sy : sy > h - 1 ? 2 * (h - 1) - sy : sy;
        int tx = (int) Math.round(cx + cos * (mx - cx) + sin * (my - cy));
        int ty = (int) Math.round(cy - sin * (mx - cx) + cos * (my - cy));
        // The baseline partner is as far away, at a right angle: nearby pixels are alike anyway.
        int ux = x - (ty - y);
        int uy = y + (tx - x);
        if (uy < 0 || uy >= h || ux < 0 || ux >= w) {
          ux = x + (ty - y);
          uy = y - (tx - x);
        }
        if (tx < 0
            || tx >= w
            || ty < 0
            || ty >= h
            || ux < 0
            || ux >= w
            || uy < 0
            || uy >= h
            || (tx == x && ty == y)) {
          continue;
        }
        for (int c = 0; c < 3; c++) {
          mirrored += Math.abs(f.get(x, y, c) - f.get(tx, ty, c));
          shifted += Math.abs(f.get(x, y, c) - f.get(ux, uy, c));
        }
        pairs++;
      }
    }
    if (pairs < 50) {
      throw new AssertionError("too few edge pixels to judge: " + pairs);
    }
    return mirrored / shifted;
  }

  @Test
  void aTurningCameraShowsNoMirrorCopiesAtTheEdgesWithOverscan() throws Exception {
    List<RgbImage> without = render(0);
    List<RgbImage> with = render(64);
    assertEquals(192, with.get(0).width(), "frames are cut from the larger canvas");
    assertEquals(112, with.get(0).height());
    double worstWith = Double.MAX_VALUE;
    double worstWithout = Double.MAX_VALUE;
    for (int t = 1; t < 8; t++) {
      worstWith = Math.min(worstWith, mirrorLikeness(with.get(t), 2));
      worstWithout = Math.min(worstWithout, mirrorLikeness(without.get(t), 2));
    }
    System.out.printf(
        "mirror likeness at the edges (0 = a reflected copy, 1 = none): without overscan"
            + " %.3f, with 64 px %.3f%n",
        worstWithout, worstWith);
    Margins.atMost("the test can see a reflected copy", worstWithout, 0.6);
    Margins.atLeast("no reflected copy with overscan", worstWith, 0.75);
  }

  @Test
  void theCheckpointHoldsTheCanvasSoAResumedRenderIsByteIdentical() throws Exception {
    Path preset = dir.resolve("wide.properties");
    java.nio.file.Files.writeString(
        preset,
        "name = wide\nwidth = 96\nheight = 64\nframes = 4\n"
            + "dream.octaves = 1\ndream.iterations = 3\nmotion.angle = 3\nmotion.tx = 2\n"
            + "motion.overscan = 24\nencode.preset = veryfast\n");
    RenderJob.Listener quiet =
        new RenderJob.Listener() {
          @Override
          public void info(String line) {}

          @Override
          public void problem(Problem problem) {}

          @Override
          public void frame(int done, int total, double secondsPerFrame) {}
        };
    ModelStore store = new ModelStore(ModelCatalog.load(), dir.resolve("cache"), Shared.models());
    for (String[] run : new String[][] {{"once", "0"}, {"twice", "2"}, {"twice", "0"}}) {
      RenderJob.run(
          preset,
          new RenderJob.Options(
              dir.resolve(run[0]),
              store,
              0,
              Integer.parseInt(run[1]),
              false,
              java.time.Duration.ofMinutes(10)),
          () -> false,
          quiet);
    }
    assertEquals(
        144,
        dev.dreamzoom.frames.Checkpoint.read(dir.resolve("twice/wide/state/checkpoint.bin"))
            .image()
            .width(),
        "96 + 2 x 24");
    for (int i = 1; i <= 4; i++) {
      String f = String.format("wide/frames/%06d.png", i);
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          java.nio.file.Files.readAllBytes(dir.resolve("once").resolve(f)),
          java.nio.file.Files.readAllBytes(dir.resolve("twice").resolve(f)),
          f);
      assertEquals(96, dev.dreamzoom.image.ImageFiles.read(dir.resolve("once").resolve(f)).width());
    }
  }
}
