package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.ObjectiveSchedule;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.preset.TermSyntax;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of term, as its syntax row's example, builds a graph on the real MobileNet and is
 * raised by ascending it: after ten steps on the term itself its value is higher than after ten
 * DeepDream steps on another layer from the same photo. (Ascending content from the photo it
 * compares against keeps it at its maximum, 0; the DeepDream steps lower it.)
 */
@Tag("slow")
class EveryTermTest {
  private static final Term BASE = new Term.Layer(Target.layer("conv2d_11"));
  private static final DreamStep.Options OPTIONS = new DreamStep.Options(0, false, false);

  @TempDir static Path cache;
  static Network network;
  static RgbImage photo;

  @BeforeAll
  static void load() throws Exception {
    network = Shared.mobileNet(cache);
    photo = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(224, 160);
  }

  @Test
  void everyTermBuildsAGraphAndAscendingItRaisesIt() throws Exception {
    List<String> report = new ArrayList<>();
    RgbImage dreamed;
    try (DreamStep base = new DreamStep(network, List.of(BASE), OPTIONS)) {
      dreamed = ascend(base, photo);
    }
    for (TermSyntax row : TermSyntax.ALL) {
      String text = row.example().replace("IMAGE", Shared.image("coffee.png").toString());
      Term term = ObjectiveSchedule.parseObjective(text, 0, Path.of("")).terms().get(0);
      try (DreamStep step = new DreamStep(network, List.of(term), OPTIONS)) {
        double own = value(step, ascend(step, photo));
        double other = value(step, dreamed);
        report.add(String.format("%s: %.4g ascended vs %.4g after DeepDream on %s", text, own, other, BASE));
        assertTrue(own > other, String.join("\n", report));
      }
    }
    System.out.println(String.join("\n", report));
  }

  private static RgbImage ascend(DreamStep step, RgbImage image) {
    return step.ascend(image, new Dreamer.Settings(1, 1.4, 10, 2, 8, 0, 0, new float[] {1}),
        new SplittableRandom(5), x -> { });
  }

  /** The term's value on {@code image}, compared against the photo, without jitter. */
  private static double value(DreamStep step, RgbImage image) {
    double[] loss = new double[1];
    Ascent.whole(step, image, photo, new Dreamer.Settings(1, 1.4, 1, 1e-3, 0, 0, 0, new float[] {1}),
        new SplittableRandom(1), x -> loss[0] = x);
    return loss[0];
  }
}
