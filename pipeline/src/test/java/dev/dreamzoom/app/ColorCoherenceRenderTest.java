package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dreamzoom.color.Measure;
import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.Problem;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A photo spiral keeps the photo's colours with color.coherence = lab, and drifts without. */
@Tag("slow")
class ColorCoherenceRenderTest {
  @TempDir static Path dir;

  private static String spiral(String name, String extra) {
    return "name = "
        + name
        + "\nseed = photo\nseed.image = "
        + Shared.image("astronaut.png")
        + "\n"
        + "random.seed = 1\nwidth = 192\nheight = 112\nframes = 60\ndream.octaves = 4\n"
        + "dream.iterations = 8\ndream.step = 1.5\nmotion.zoom = 1.015\nmotion.angle = 0.5\n"
        + extra;
  }

  private static List<RgbImage> render(String preset, int frames) throws Exception {
    Path file = dir.resolve(preset.substring(7, preset.indexOf('\n')) + ".properties");
    Files.writeString(file, preset);
    RenderSpec spec = PresetParser.parse(file).withFrames(frames);
    PreparedRender p =
        PreparedRender.load(
            spec, new ModelStore(ModelCatalog.load(), dir.resolve("cache"), Shared.models()));
    List<RgbImage> out = new ArrayList<>();
    try (DreamStep step = p.newStep(0)) {
      p.renderer(step, (t, img) -> out.add(img)).render(p.seed(), frames, (a, b, c) -> {});
    }
    return out;
  }

  @Test
  void aSixtyFrameSpiralKeepsThePhotosColoursWithLabCoherenceAndDriftsWithout() throws Exception {
    RgbImage photo = ImageFiles.read(Shared.image("astronaut.png")).coverCrop(192, 112);
    RgbImage drifted = render(spiral("plain", ""), 60).get(59);
    RgbImage held =
        render(spiral("held", "color.coherence = lab\ncolor.reference = seed\n"), 60).get(59);
    double s0 = Measure.meanSaturation(photo);
    double[] lab0 = Measure.meanLab(photo);
    System.out.printf(
        "photo: saturation %.1f, Lab %s; after 60 frames without coherence: %.1f, dE %.1f;"
            + " with lab coherence: %.1f, dE %.1f%n",
        s0,
        java.util.Arrays.toString(lab0),
        Measure.meanSaturation(drifted),
        Measure.distance(Measure.meanLab(drifted), lab0),
        Measure.meanSaturation(held),
        Measure.distance(Measure.meanLab(held), lab0));
    Margins.atMost(
        "saturation held (change / photo's)",
        Math.abs(Measure.meanSaturation(held) - s0) / s0,
        0.15);
    Margins.atMost("mean colour held (dE)", Measure.distance(Measure.meanLab(held), lab0), 4);
    Margins.atLeast(
        "saturation drifts without (change / photo's)",
        Math.abs(Measure.meanSaturation(drifted) - s0) / s0,
        0.15);
    Margins.atLeast(
        "mean colour drifts without (dE)", Measure.distance(Measure.meanLab(drifted), lab0), 4);
  }

  private static final RenderJob.Listener QUIET =
      new RenderJob.Listener() {
        @Override
        public void info(String line) {}

        @Override
        public void problem(Problem problem) {}

        @Override
        public void frame(int done, int total, double secondsPerFrame) {}
      };

  private static RenderJob.Result job(Path preset, Path out, int frames) throws Exception {
    return RenderJob.run(
        preset,
        new RenderJob.Options(
            out,
            new ModelStore(ModelCatalog.load(), dir.resolve("cache"), Shared.models()),
            0,
            frames,
            false,
            java.time.Duration.ofMinutes(10)),
        () -> false,
        QUIET);
  }

  /** Held to the first frame, a render resumed at frame 4 reads that frame back from its PNG. */
  @Test
  void heldToTheFirstFrameAResumedRenderIsByteIdentical() throws Exception {
    Path preset = dir.resolve("first.properties");
    Files.writeString(
        preset,
        spiral(
                "first",
                "color.coherence = lab\ncolor.reference = first\n"
                    + "color.strength = 0.8\nencode.preset = veryfast\n")
            .replace("frames = 60", "frames = 6"));
    assertEquals(RenderJob.Status.DONE, job(preset, dir.resolve("once"), 0).status());
    assertEquals(RenderJob.Status.DONE, job(preset, dir.resolve("twice"), 3).status());
    assertEquals(RenderJob.Status.RESUMED, job(preset, dir.resolve("twice"), 0).status());
    for (int i = 1; i <= 6; i++) {
      String f = String.format("first/frames/%06d.png", i);
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("once").resolve(f)),
          Files.readAllBytes(dir.resolve("twice").resolve(f)),
          f);
    }
  }
}
