package dev.dreamzoom.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.ScheduledDreamer;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.motion.Warp;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.seed.Seeds;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small filter-visualization flight with the real network, around a change of filter. */
@Tag("slow")
class FilterFlightTest {
  static final int CHANGE = 24;
  static final int FRAMES = 48;

  @TempDir static Path cache;
  static Network network;

  @BeforeAll
  static void load() throws Exception {
    network = Shared.mobileNet(cache);
  }

  /** Mean absolute difference between each frame and the one before it (index 0 unused). */
  static double[] render(int crossfade) throws Exception {
    RenderSpec spec =
        PresetParser.parse(
            """
        mode = filters
        width = 160
        height = 96
        frames = %d
        random.seed = 5
        filters = 0:MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6#12, \\
                  %d:MobilenetV1/MobilenetV1/Conv2d_7_pointwise/Relu6#5
        filters.crossfade = %d
        filters.growth = 4
        dream.octaves = 1
        dream.iterations = 6
        dream.step = 2
        dream.jitter = 8
        motion.zoom = 1.02
        """
                .formatted(FRAMES, CHANGE, crossfade),
            Path.of("flight.properties"));
    List<RgbImage> frames = new ArrayList<>();
    try (DreamStep step =
        new DreamStep(
            network, spec.dream().objective().terms(), new DreamStep.Options(0, true, true))) {
      ScheduledDreamer dreamer = new ScheduledDreamer(step, spec.dream(), spec.randomSeed());
      new Renderer(
              (img, t) -> dreamer.dream(img, t, x -> {}),
              new Warp(spec.motion()),
              (i, f) -> frames.add(f))
          .render(
              Seeds.create(spec.seed(), spec.width(), spec.height(), spec.randomSeed()),
              spec.frames(),
              (d, n, s) -> {});
    }
    assertEquals(FRAMES, frames.size());
    double[] d = new double[FRAMES];
    for (int i = 1; i < FRAMES; i++) {
      float[] a = frames.get(i - 1).pixels();
      float[] b = frames.get(i).pixels();
      double sum = 0;
      for (int k = 0; k < a.length; k++) {
        sum += Math.abs(a[k] - b[k]);
      }
      d[i] = sum / a.length;
    }
    return d;
  }

  /** The largest change of the frame difference from one frame to the next, over [from, to). */
  static double largestJump(double[] d, int from, int to) {
    double max = 0;
    for (int i = from; i < to; i++) {
      max = Math.max(max, Math.abs(d[i] - d[i - 1]));
    }
    return max;
  }

  @Test
  void crossfadeKeepsTheFlightSmoothAcrossAFilterChange() throws Exception {
    double[] faded = render(12);
    double[] abrupt = render(0);
    // Frame differences settle after the first frames (the zoom starts from a still image).
    double typical = median(Arrays.copyOfRange(faded, 8, CHANGE));
    double around = Arrays.stream(Arrays.copyOfRange(faded, CHANGE, FRAMES)).max().orElseThrow();
    System.out.printf(
        "crossfade: typical %.2f, max around change %.2f (factor %.2f);"
            + " largest jump %.2f faded vs %.2f abrupt%n",
        typical,
        around,
        around / typical,
        largestJump(faded, CHANGE, CHANGE + 6),
        largestJump(abrupt, CHANGE, CHANGE + 6));
    Margins.atMost(
        "frame differences around the change / typical " + Arrays.toString(faded),
        around / typical,
        1.5);
    Margins.atMost(
        "largest jump faded / abrupt",
        largestJump(faded, CHANGE, CHANGE + 6) / largestJump(abrupt, CHANGE, CHANGE + 6),
        0.5);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
