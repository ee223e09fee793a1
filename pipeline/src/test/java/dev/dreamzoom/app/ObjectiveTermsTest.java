package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.OctaveDreamer;
import dev.dreamzoom.dream.Probe;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.seed.Seeds;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every objective term with the real MobileNet v1 0.75 network and real photos. */
@Tag("slow")
class ObjectiveTermsTest {
  static final String CONV9 = "conv2d_9";
  static final DreamStep.Options OPTIONS = new DreamStep.Options(0, true, false);

  @TempDir static Path cache;
  static Network network;
  static RgbImage cat;

  @BeforeAll
  static void load() throws Exception {
    network = Shared.mobileNet(cache);
    cat = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(224, 160);
  }

  private static Set<String> top5(RgbImage image) throws Exception {
    Set<String> labels = new java.util.HashSet<>();
    Inspection.classify(network, image, 5, 0).forEach(p -> labels.add(p.label()));
    return labels;
  }

  /** What the README says classify prints for three of the shared photos. */
  @Test
  void classifyGivesTheReadmesTopClasses() throws Exception {
    List<Inspection.Prediction> cat =
        Inspection.classify(
            network, ImageFiles.read(Shared.image("chelsea.png")).coverCrop(224, 224), 1, 0);
    assertEquals("tabby, tabby cat", cat.get(0).label());
    Margins.near("tabby at about 70 %", cat.get(0).probability(), 0.70, 0.02);
    List<Inspection.Prediction> coffee =
        Inspection.classify(
            network, ImageFiles.read(Shared.image("coffee.png")).coverCrop(224, 224), 1, 0);
    assertEquals("espresso", coffee.get(0).label());
    Margins.atMost("espresso at 99 %: 1 - probability", 1 - coffee.get(0).probability(), 0.015);
    assertEquals(
        "drumstick",
        Inspection.classify(
                network, ImageFiles.read(Shared.image("astronaut.png")).coverCrop(224, 224), 1, 0)
            .get(0)
            .label());
  }

  @Test
  void classifyNamesACatAndAnEspresso() throws Exception {
    Set<String> cat = top5(ImageFiles.read(Shared.image("chelsea.png")).coverCrop(224, 224));
    assertTrue(
        cat.stream()
            .anyMatch(
                l -> l.matches(".*\\b(tabby|tiger cat|Egyptian cat|Persian cat|Siamese cat).*")),
        cat.toString());
    Set<String> coffee = top5(ImageFiles.read(Shared.image("coffee.png")).coverCrop(224, 224));
    assertTrue(
        coffee.stream().anyMatch(l -> l.contains("espresso") || l.contains("cup")),
        coffee.toString());
  }

  /**
   * Inceptionism's banana: noise dreamed toward the banana logit is then classified as a banana.
   * MobileNet's labels have background at 0, so banana is logit 955; dreaming logit 954 (a
   * 1000-class network's banana) paints a pineapple, and this test would fail (checked: then the
   * top class is pineapple, with banana only in the top five, so the test asks for top-1).
   */
  @Test
  void classVisualizationFromNoiseIsClassifiedAsThatClass() throws Exception {
    int banana = network.labels().find("banana");
    assertEquals(955, banana);
    RgbImage noise = Seeds.faintFractal(224, 224, 4);
    List<Inspection.Prediction> top = Inspection.classify(network, visualize(noise, banana), 5, 0);
    System.out.println("class(banana) from noise is classified as " + top);
    assertEquals("banana", top.get(0).label(), top.toString());
    // Measured 0.9999999987 to 0.99999999996 with AVX-512, AVX2 and Eigen kernels.
    assertTrue(top.get(0).probability() > 0.5, top.toString());
    Margins.atMost("banana: 1 - probability", 1 - top.get(0).probability(), 1e-4);
    assertTrue(!top5(noise).contains("banana"), "the noise itself is no banana");
    List<Inspection.Prediction> offByOne =
        Inspection.classify(network, visualize(noise, banana - 1), 1, 0);
    assertEquals(
        "pineapple, ananas", offByOne.get(0).label(), "logit 954 is MobileNet's pineapple");
  }

  private static RgbImage visualize(RgbImage noise, int logit) throws Exception {
    try (DreamStep step =
        new DreamStep(network, List.of(new Term.ClassLogit(null, logit)), OPTIONS)) {
      return new OctaveDreamer(step)
          .grow(
              noise,
              new OctaveDreamer.Settings(1, 1.4, 20, 2, 12, 1.0, 0, new float[] {1}),
              6,
              1.3,
              4,
              x -> {});
    }
  }

  /** Mean over positions of each position's best cosine with any guide feature. */
  private static double guideMatch(Probe.Activation a, Probe.Activation g) {
    int c = a.channels();
    double total = 0;
    for (int i = 0; i < a.positions(); i++) {
      double best = -1;
      for (int j = 0; j < g.positions(); j++) {
        double dot = 0;
        double na = 1e-12;
        double ng = 1e-12;
        for (int k = 0; k < c; k++) {
          float x = a.values()[i * c + k];
          float y = g.values()[j * c + k];
          dot += x * y;
          na += x * x;
          ng += y * y;
        }
        best = Math.max(best, dot / Math.sqrt(na * ng));
      }
      total += best;
    }
    return total / a.positions();
  }

  @Test
  void aGuidedDreamsFeaturesAreCloserToTheGuidesThanAPlainDreams() throws Exception {
    Path guideFile = Shared.image("coffee.png");
    RgbImage guide = ImageFiles.read(guideFile).resize(224, 224);
    OctaveDreamer.Settings s =
        new OctaveDreamer.Settings(2, 1.4, 10, 1.5, 16, 0, 0, new float[] {1});
    RgbImage plain;
    RgbImage guided;
    try (DreamStep step =
        new DreamStep(network, List.of(new Term.Layer(Target.layer(CONV9))), OPTIONS)) {
      plain = new OctaveDreamer(step).dream(cat, s, 3, x -> {});
    }
    try (DreamStep step =
        new DreamStep(network, List.of(new Term.Guide(guideFile, CONV9)), OPTIONS)) {
      guided = new OctaveDreamer(step).dream(cat, s, 3, x -> {});
    }
    try (Probe probe = new Probe(network, 0)) {
      Probe.Activation g = probe.activation(guide, CONV9, false);
      double start = guideMatch(probe.activation(cat, CONV9, false), g);
      double p = guideMatch(probe.activation(plain, CONV9, false), g);
      double q = guideMatch(probe.activation(guided, CONV9, false), g);
      double m0 = cosine(probe.activation(cat, CONV9, false).channelMeans(), g.channelMeans());
      double m1 = cosine(probe.activation(plain, CONV9, false).channelMeans(), g.channelMeans());
      double m2 = cosine(probe.activation(guided, CONV9, false).channelMeans(), g.channelMeans());
      System.out.printf(
          "guide match (mean best cosine at %s): photo %.3f, plain dream %.3f, guided %.3f;"
              + " mean features' cosine: %.3f, %.3f, %.3f%n",
          CONV9, start, p, q, m0, m1, m2);
      // Dreaming moves any photo's features away from where they were; guided, they move less
      // far from the guide's, position by position and on average.
      // Measured with AVX-512, AVX2 and Eigen kernels: margins 0.041-0.042 and 0.049-0.054.
      assertTrue(q > p + 0.03, "best-match cosine: guided " + q + " vs plain " + p);
      assertTrue(m2 > m1 + 0.04, "mean-feature cosine: guided " + m2 + " vs plain " + m1);
    }
  }

  @Test
  void styleGramDistanceFallsByAtLeastHalfOverAFramesIterations() throws Exception {
    Path styleFile = Shared.image("hubble_deep_field.jpg");
    List<String> layers = List.of("conv2d_1", "conv2d_3", "conv2d_5");
    List<Double> losses = new ArrayList<>();
    RgbImage styled;
    try (DreamStep step =
        new DreamStep(network, List.of(new Term.Style(styleFile, layers)), OPTIONS)) {
      styled =
          step.ascend(
              cat,
              new OctaveDreamer.Settings(1, 1.4, 40, 3, 8, 0, 0, new float[] {1}),
              new SplittableRandom(1),
              losses::add);
    }
    // Measured here, outside the objective: the Gram matrices of the style image (at most 512 px,
    // as the term uses it) against those of the photo and of the frame.
    RgbImage style = ImageFiles.read(styleFile);
    double f = 512.0 / Math.max(style.width(), style.height());
    style = style.resize((int) Math.round(style.width() * f), (int) Math.round(style.height() * f));
    double before = 0;
    double after = 0;
    try (Probe probe = new Probe(network, 0)) {
      for (String layer : layers) {
        double[] g = gram(probe.activation(style, layer, false));
        before += gramDistance(gram(probe.activation(cat, layer, false)), g);
        after += gramDistance(gram(probe.activation(styled, layer, false)), g);
      }
    }
    System.out.printf(
        "style distance (relative Gram MSE, summed over %s): photo %.4f, after one"
            + " frame's 40 iterations %.4f; the objective went from %.4f to %.4f%n",
        layers, before, after, losses.get(0), losses.get(losses.size() - 1));
    Margins.atMost("style distance after / before", after / before, 0.5);
  }

  private static double[] gram(Probe.Activation a) {
    int c = a.channels();
    double[] g = new double[c * c];
    float[] x = a.values();
    for (int p = 0; p < a.positions(); p++) {
      for (int i = 0; i < c; i++) {
        for (int j = 0; j < c; j++) {
          g[i * c + j] += (double) x[p * c + i] * x[p * c + j] / a.positions();
        }
      }
    }
    return g;
  }

  private static double gramDistance(double[] g, double[] ref) {
    double d = 0;
    double norm = 0;
    for (int i = 0; i < g.length; i++) {
      d += (g[i] - ref[i]) * (g[i] - ref[i]);
      norm += ref[i] * ref[i];
    }
    return d / norm;
  }

  @Test
  void contentKeepsTheDreamCloserToThePhotoAndTvSmoothsIt() throws Exception {
    OctaveDreamer.Settings s =
        new OctaveDreamer.Settings(2, 1.4, 10, 1.5, 16, 0, 0, new float[] {1, 1});
    Term layer = new Term.Layer(Target.layer(CONV9));
    RgbImage plain;
    RgbImage kept;
    RgbImage smooth;
    try (DreamStep step = new DreamStep(network, List.of(layer, new Term.L2()), OPTIONS)) {
      plain =
          new OctaveDreamer(step)
              .dream(
                  cat,
                  new OctaveDreamer.Settings(2, 1.4, 10, 1.5, 16, 0, 0, new float[] {1, 0}),
                  3,
                  x -> {});
    }
    try (DreamStep step =
        new DreamStep(network, List.of(layer, new Term.Content(CONV9)), OPTIONS)) {
      kept =
          new OctaveDreamer(step)
              .dream(
                  cat,
                  new OctaveDreamer.Settings(2, 1.4, 10, 1.5, 16, 0, 0, new float[] {1, 20}),
                  3,
                  x -> {});
    }
    try (DreamStep step =
        new DreamStep(network, List.of(layer, new Term.TotalVariation()), OPTIONS)) {
      smooth =
          new OctaveDreamer(step)
              .dream(
                  cat,
                  new OctaveDreamer.Settings(2, 1.4, 10, 1.5, 16, 0, 0, new float[] {1, -0.5f}),
                  3,
                  x -> {});
    }
    double dPlain = meanAbsDiff(plain, cat);
    double dKept = meanAbsDiff(kept, cat);
    System.out.printf(
        "change from the photo: layer %.2f, layer + 20*content %.2f; total variation:"
            + " photo %.2f, layer %.2f, layer - 0.5*tv %.2f%n",
        dPlain, dKept, tv(cat), tv(plain), tv(smooth));
    Margins.atMost("change with content / without", dKept / dPlain, 0.8);
    assertTrue(tv(smooth) < tv(plain), tv(smooth) + " vs " + tv(plain));
  }

  @Test
  void neuronRaisesTheCentreOfItsChannelMoreThanItsEdges() throws Exception {
    Term neuron = new Term.Neuron(new Target(CONV9, 7));
    RgbImage out;
    try (DreamStep step = new DreamStep(network, List.of(neuron), OPTIONS)) {
      out =
          step.ascend(
              cat,
              new OctaveDreamer.Settings(1, 1.4, 10, 2, 0, 0, 0, new float[] {1}),
              new SplittableRandom(1),
              x -> {});
    }
    try (Probe probe = new Probe(network, 0)) {
      Probe.Activation before = probe.activation(cat, CONV9, true);
      Probe.Activation after = probe.activation(out, CONV9, true);
      int c = before.channels();
      int centre = (before.height() / 2 * before.width() + before.width() / 2) * c + 7;
      int corner = 7;
      double riseCentre = after.values()[centre] - before.values()[centre];
      double riseCorner = after.values()[corner] - before.values()[corner];
      Margins.atLeast("rise at the centre", riseCentre, 1);
      Margins.atLeast("rise at the centre / at the corner", riseCentre / Math.abs(riseCorner), 5);
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static double meanAbsDiff(RgbImage a, RgbImage b) {
    double d = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      d += Math.abs(a.pixels()[i] - b.pixels()[i]);
    }
    return d / a.pixels().length;
  }

  private static double tv(RgbImage img) {
    double d = 0;
    for (int y = 1; y < img.height(); y++) {
      for (int x = 1; x < img.width(); x++) {
        for (int c = 0; c < 3; c++) {
          d +=
              Math.abs(img.get(x, y, c) - img.get(x - 1, y, c))
                  + Math.abs(img.get(x, y, c) - img.get(x, y - 1, c));
        }
      }
    }
    return d / ((img.width() - 1) * (img.height() - 1) * 3.0);
  }
}
