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
 * Every kind of term, as its syntax row's example, builds a graph on the real MobileNet that
 * computes what the term means, and is raised by ascending it. What it computes is checked against
 * a value worked out without the graph code (plain Java on the pixels, or {@link Probe}'s
 * activations and logits) where one exists, and for the rest (guide, style, content) by being
 * unlike every other term's values. Raised: after ten steps on the term itself its value is higher
 * than after ten DeepDream steps on another layer from the same photo (ascending content from the
 * photo it compares against keeps it at its maximum, 0; the DeepDream steps lower it).
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

  /** Each term's value worked out without the objective graph, where one can be. */
  private static Double oracle(Term term, RgbImage image, Probe probe) throws Exception {
    float[] px = image.pixels();
    int w = image.width();
    int h = image.height();
    if (term instanceof Term.L2) {
      return mean(px.length, i -> Math.pow((px[i] - 127.5) / 127.5, 2));
    } else if (term instanceof Term.L1) {
      return mean(px.length, i -> Math.abs((px[i] - 127.5) / 127.5));
    } else if (term instanceof Term.TotalVariation) {
      // Neighbours as tf.roll finds them: the row above and the pixel to the left, wrapping round.
      return mean(px.length, i -> Math.abs(px[i] - px[Math.floorMod(i - 3 * w, px.length)]))
          + mean(px.length, i -> Math.abs(px[i] - px[i + 3 * ((i / 3) % w == 0 ? w - 1 : -1)]));
    } else if (term instanceof Term.ClassLogit k) {
      return (double) probe.logits(image)[k.index()];
    } else if (term instanceof Term.Layer l) {
      return channelMean(
          probe.activation(image, l.target().layer(), false), l.target().channel(), true);
    } else if (term instanceof Term.Channel c) {
      return channelMean(
          probe.activation(image, c.target().layer(), true), c.target().channel(), false);
    } else if (term instanceof Term.Neuron n) {
      Probe.Activation a = probe.activation(image, n.target().layer(), true);
      return (double)
          a.values()[
              ((a.height() / 2) * a.width() + a.width() / 2) * a.channels() + n.target().channel()];
    }
    return null;
  }

  private static double channelMean(Probe.Activation a, int channel, boolean squared) {
    return mean(
        a.positions(),
        p -> {
          double v = a.values()[p * a.channels() + channel];
          return squared ? v * v : v;
        });
  }

  private static double mean(int n, java.util.function.IntToDoubleFunction f) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += f.applyAsDouble(i);
    }
    return sum / n;
  }

  @Test
  void everyTermsGraphComputesWhatTheTermMeans() throws Exception {
    List<RgbImage> images =
        List.of(photo, ImageFiles.read(Shared.image("coffee.png")).coverCrop(224, 160));
    List<String> report = new ArrayList<>();
    java.util.Map<String, List<Double>> values = new java.util.LinkedHashMap<>();
    try (Probe probe = new Probe(network, 0)) {
      for (TermSyntax row : TermSyntax.ALL) {
        String text = row.example().replace("IMAGE", Shared.image("astronaut.png").toString());
        Term term = ObjectiveSchedule.parseObjective(text, 0, Path.of("")).terms().get(0);
        List<Double> vs = new ArrayList<>();
        try (DreamStep step = new DreamStep(network, List.of(term), OPTIONS)) {
          for (RgbImage image : images) {
            double graph = value(step, image, images.get(0));
            vs.add(graph);
            Double want = oracle(term, image, probe);
            report.add(String.format("%s: graph %.6g, worked out %s", text, graph, want));
            if (want != null) {
              assertTrue(
                  Math.abs(graph - want) <= 1e-3 * Math.max(1, Math.abs(want)),
                  String.join("\n", report));
            }
          }
        }
        for (var other : values.entrySet()) {
          assertTrue(
              !other.getValue().equals(vs), text + " computes the same as " + other.getKey());
        }
        values.put(text, vs);
      }
    }
    System.out.println(String.join("\n", report));
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
        report.add(
            String.format(
                "%s: %.4g ascended vs %.4g after DeepDream on %s", text, own, other, BASE));
        assertTrue(own > other, String.join("\n", report));
      }
    }
    System.out.println(String.join("\n", report));
  }

  private static RgbImage ascend(DreamStep step, RgbImage image) {
    return step.ascend(
        image,
        OctaveDreamer.Settings.oneScale(10, 2, 8, 0, 0, new float[] {1}),
        new SplittableRandom(5),
        x -> {});
  }

  private static double value(DreamStep step, RgbImage image) {
    return value(step, image, photo);
  }

  /** The term's value on {@code image}, compared against {@code reference}, without jitter. */
  private static double value(DreamStep step, RgbImage image, RgbImage reference) {
    double[] loss = new double[1];
    Ascent.whole(
        step,
        image,
        reference,
        null,
        OctaveDreamer.Settings.oneScale(1, 1e-3, 0, 0, 0, new float[] {1}),
        new SplittableRandom(1),
        x -> loss[0] = x);
    return loss[0];
  }
}
