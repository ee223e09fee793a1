package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.model.ResolvedModel;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * What a dream adds to a photo has the structure of an image, which neither noise nor a network
 * with random weights gives: its energy sits at low and middle spatial frequencies and neighbouring
 * pixels move together. Measured on the change a dream makes to a real photo.
 */
@Tag("slow")
class DreamStructureTest {
  static final String LAYER = "conv2d_9";
  @TempDir static Path dir;
  static Network trained;
  static Network random;
  static RgbImage cat;

  @BeforeAll
  static void load() throws Exception {
    ResolvedModel model =
        new ModelStore(ModelCatalog.load(), dir.resolve("cache"), Shared.models())
            .resolve("mobilenet_v1_0.75_224_quantized");
    trained = Network.load(model);
    // The same architecture with random weights: every convolution kernel (4-D float constants,
    // and the 8-bit ones the quantized graph dequantizes) has its values shuffled, which keeps
    // each layer's distribution of weights and destroys what training put in them.
    GraphDef def = GraphDef.parseFrom(Files.readAllBytes(model.graphFile()));
    GraphDef.Builder b = def.toBuilder().clearNode();
    SplittableRandom r = new SplittableRandom(11);
    int randomized = 0;
    for (NodeDef n : def.getNodeList()) {
      AttrValue dtype = n.getAttrOrDefault("dtype", AttrValue.getDefaultInstance());
      var tensor = n.getOp().equals("Const") ? n.getAttrOrThrow("value").getTensor() : null;
      boolean kernel =
          tensor != null
              && !tensor.getTensorContent().isEmpty()
              && ((dtype.getType() == DataType.DT_FLOAT
                      && tensor.getTensorShape().getDimCount() == 4)
                  || dtype.getType() == DataType.DT_QUINT8);
      if (!kernel) {
        b.addNode(n);
        continue;
      }
      int size = dtype.getType() == DataType.DT_FLOAT ? 4 : 1;
      byte[] bytes = tensor.getTensorContent().toByteArray();
      for (int i = bytes.length / size - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        for (int k = 0; k < size; k++) {
          byte t = bytes[i * size + k];
          bytes[i * size + k] = bytes[j * size + k];
          bytes[j * size + k] = t;
        }
      }
      b.addNode(
          n.toBuilder()
              .putAttr(
                  "value",
                  AttrValue.newBuilder()
                      .setTensor(tensor.toBuilder().setTensorContent(ByteString.copyFrom(bytes)))
                      .build()));
      randomized++;
    }
    assertTrue(randomized >= 27, "every convolution's kernel: " + randomized);
    Path file = dir.resolve("random/quantized_graph.pb");
    Files.createDirectories(file.getParent());
    Files.write(file, b.build().toByteArray());
    random = Network.load(new ResolvedModel(model.entry(), file, "0".repeat(64)));
    cat = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(256, 192);
  }

  private static float[] change(Network network) throws Exception {
    try (DreamStep step =
        new DreamStep(
            network,
            List.of(new Term.Layer(Target.layer(LAYER))),
            new DreamStep.Options(1, false, false))) {
      RgbImage out =
          new OctaveDreamer(step)
              .dream(
                  cat,
                  new OctaveDreamer.Settings(2, 1.4, 10, 1.5, 16, 0, 0, new float[] {1}),
                  5,
                  x -> {});
      float[] d = new float[out.pixels().length];
      for (int i = 0; i < d.length; i++) {
        d[i] = out.pixels()[i] - cat.pixels()[i];
      }
      return d;
    }
  }

  /** Correlation of the change with itself one pixel right and one pixel down, averaged. */
  static double autocorrelation(float[] d, int w, int h) {
    double mean = 0;
    for (float v : d) {
      mean += v / d.length;
    }
    double var = 0;
    double cov = 0;
    int pairs = 0;
    for (int y = 0; y < h - 1; y++) {
      for (int x = 0; x < w - 1; x++) {
        for (int c = 0; c < 3; c++) {
          double v = d[(y * w + x) * 3 + c] - mean;
          var += v * v;
          cov +=
              v * (d[(y * w + x + 1) * 3 + c] - mean) + v * (d[((y + 1) * w + x) * 3 + c] - mean);
          pairs += 2;
        }
      }
    }
    return cov / pairs / (var / (pairs / 2.0));
  }

  /**
   * The share of the change's energy that {@code n x n} block means keep: what lies below about
   * 1/(2n) cycles per pixel (white noise keeps 1/n^2 there).
   */
  static double lowShare(float[] d, int w, int h, int n) {
    double low = 0;
    double total = 0;
    for (int by = 0; by + n <= h; by += n) {
      for (int bx = 0; bx + n <= w; bx += n) {
        for (int c = 0; c < 3; c++) {
          double sum = 0;
          for (int y = by; y < by + n; y++) {
            for (int x = bx; x < bx + n; x++) {
              double v = d[(y * w + x) * 3 + c];
              sum += v;
              total += v * v;
            }
          }
          low += sum * sum / (n * n);
        }
      }
    }
    return low / total;
  }

  @Test
  void aDreamsChangeHasImageStructureThatNoiseAndARandomNetworkLack() throws Exception {
    int w = cat.width();
    int h = cat.height();
    float[] dream = change(trained);
    float[] randomNet = change(random);
    double rms = 0;
    for (float v : dream) {
      rms += v * v / dream.length;
    }
    float[] noise = new float[dream.length];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (r.nextGaussian() * Math.sqrt(rms));
    }
    List<double[]> m = new ArrayList<>();
    for (float[] d : List.of(dream, randomNet, noise)) {
      m.add(new double[] {autocorrelation(d, w, h), lowShare(d, w, h, 2), lowShare(d, w, h, 4)});
    }
    String[] names = {"trained", "random weights", "noise"};
    for (int k = 0; k < 3; k++) {
      System.out.printf(
          "%s: lag-1 autocorrelation %.3f, energy below 1/4 cycle/px %.3f, below 1/8 %.3f%n",
          names[k], m.get(k)[0], m.get(k)[1], m.get(k)[2]);
    }
    Margins.atLeast("neighbouring pixels move together", m.get(0)[0], 0.5);
    Margins.atLeast("most energy at low and middle frequencies", m.get(0)[1], 0.5);
    for (int k = 1; k < 3; k++) {
      Margins.atLeast("autocorrelation beats " + names[k] + " by", m.get(0)[0] - m.get(k)[0], 0.2);
      Margins.atLeast(
          "low and middle frequencies beat " + names[k] + " by", m.get(0)[1] - m.get(k)[1], 0.15);
      Margins.atLeast(
          "low frequencies beat " + names[k] + " (ratio)", m.get(0)[2] / m.get(k)[2], 2);
    }
  }

  @Test
  void aGradientStepRaisesTheObjectiveFarMoreThanARandomStepOfTheSameSize() throws Exception {
    try (DreamStep step =
        new DreamStep(
            trained,
            List.of(new Term.Layer(Target.layer(LAYER))),
            new DreamStep.Options(1, false, false))) {
      OctaveDreamer.Settings one =
          new OctaveDreamer.Settings(1, 1.4, 1, 1.5, 0, 0, 0, new float[] {1});
      List<Double> before = new ArrayList<>();
      RgbImage stepped = step.ascend(cat, one, new SplittableRandom(1), before::add);
      // A random direction with the same mean absolute step, 1.5 levels.
      SplittableRandom r = new SplittableRandom(2);
      float[] p = cat.pixels().clone();
      for (int i = 0; i < p.length; i++) {
        p[i] = Math.max(0, Math.min(255, p[i] + (r.nextBoolean() ? 1.5f : -1.5f)));
      }
      List<Double> afterGradient = new ArrayList<>();
      List<Double> afterRandom = new ArrayList<>();
      step.ascend(stepped, one, new SplittableRandom(1), afterGradient::add);
      step.ascend(
          new RgbImage(cat.width(), cat.height(), p),
          one,
          new SplittableRandom(1),
          afterRandom::add);
      double gradientRise = afterGradient.get(0) - before.get(0);
      double randomRise = afterRandom.get(0) - before.get(0);
      System.out.printf(
          "objective %.4f; after one gradient step %+.4f, after a random step %+.4f%n",
          before.get(0), gradientRise, randomRise);
      assertTrue(gradientRise > 0, "the gradient step rose: " + gradientRise);
      Margins.atLeast("gradient rise / random rise", gradientRise / Math.abs(randomRise), 10);
    }
  }

  /** The {@code dream} command changes a photo the dream's way, not merely somehow. */
  @Test
  void theDreamCommandsChangeHasTheSameStructure() throws Exception {
    Path photo = dir.resolve("cat.png");
    ImageFiles.writePngAtomically(cat, photo);
    Path out = dir.resolve("dreamed.png");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        new dev.dreamzoom.cli.Cli()
            .run(
                new String[] {
                  "dream",
                  photo.toString(),
                  out.toString(),
                  "--layer",
                  LAYER,
                  "--octaves",
                  "2",
                  "--model-mirror",
                  Shared.models().toString()
                },
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
    assertTrue(code == 0, err.toString());
    RgbImage dreamed = ImageFiles.read(out);
    float[] d = new float[cat.pixels().length];
    double rms = 0;
    for (int i = 0; i < d.length; i++) {
      d[i] = dreamed.pixels()[i] - cat.pixels()[i];
      rms += d[i] * d[i] / d.length;
    }
    double ac = autocorrelation(d, cat.width(), cat.height());
    double low = lowShare(d, cat.width(), cat.height(), 2);
    System.out.printf(
        "dream command: change rms %.1f levels, autocorrelation %.3f, low/middle share %.3f%n",
        Math.sqrt(rms), ac, low);
    Margins.atLeast("it changed the photo (rms levels)", Math.sqrt(rms), 3);
    Margins.atLeast("the change has image structure (autocorrelation)", ac, 0.5);
    Margins.atLeast("the change has image structure (low/middle share)", low, 0.5);
  }
}
