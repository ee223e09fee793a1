package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.OctaveDreamer;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.onnx.OnnxConformanceTest;
import dev.dreamzoom.model.onnx.OnnxGraphs;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.testing.DebianPackages;
import dev.dreamzoom.testing.Shared;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Real architectures as PyTorch exports them: Debian's {@code python3-torch} and {@code
 * python3-torchvision} build GoogLeNet, VGG16, ResNet-50, MobileNet v2 and Inception v3 with seeded
 * random weights, export each with {@code torch.onnx.export} (opset 13) and compute its logits on a
 * real photo. The imported graph must compute the same logits from the same input, name the
 * architecture's blocks among its layers, and dream: gradient ascent on a middle block raises its
 * objective.
 */
@Tag("slow")
class TorchExportsTest {
  static final List<String> ARCHS =
      List.of("googlenet", "vgg16", "resnet50", "mobilenet_v2", "inception_v3");

  @TempDir static Path dir;

  @BeforeAll
  static void export() throws Exception {
    DebianPackages.requireFile(
        Path.of("/usr/lib/python3/dist-packages/torchvision/__init__.py"),
        "python3-torch",
        "python3-torchvision");
    Path script = dir.resolve("export_torchvision.py");
    try (var in = TorchExportsTest.class.getResourceAsStream("/onnx/export_torchvision.py")) {
      Files.write(script, in.readAllBytes());
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/python3",
                script.toString(),
                dir.toString(),
                Shared.image("chelsea.png").toString()));
    cmd.addAll(ARCHS);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "export timed out");
    assertEquals(0, p.exitValue(), log);
  }

  static float[] read(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[b.remaining() / 4];
    b.asFloatBuffer().get(f);
    return f;
  }

  @ParameterizedTest
  @CsvSource({
    "googlenet,    224, inception4c_Concat_output_0,   /inception4c/Concat_output_0, inception4c",
    "vgg16,        224, features_features.22_Relu_output_0, /features/features.22/Relu_output_0, features.22",
    "resnet50,     224, layer3_layer3.5_relu_2_Relu_output_0, /layer3/layer3.5/relu_2/Relu_output_0, layer3.5",
    "mobilenet_v2, 224, features_features.10_Add_output_0, /features/features.10/Add_output_0, features.10",
    "inception_v3, 299, Mixed_6c_Concat_output_0,      /Mixed_6c/Concat_output_0, Mixed_6c"
  })
  void theImportedGraphComputesPyTorchsLogitsListsItsBlocksAndDreams(
      String arch, int size, String layer, String onnxName, String block) throws Exception {
    Path file = dir.resolve(arch + ".onnx");
    OnnxGraphs.Translated t = OnnxGraphs.translate(file, true);
    float[] nchw = read(dir.resolve(arch + ".input.f32"));
    float[] expected = read(dir.resolve(arch + ".logits.f32"));
    float[] nhwc =
        OnnxConformanceTest.permute(nchw, new long[] {1, 3, size, size}, new int[] {0, 2, 3, 1});
    float[] logits = new float[expected.length];
    try (Graph g = new Graph()) {
      g.importGraphDef(t.graphDef());
      try (Session s = new Session(g);
          TFloat32 in =
              TFloat32.tensorOf(Shape.of(1, size, size, 3), DataBuffers.of(nhwc, true, false));
          Result r =
              s.runner().feed(t.inputs().get(0).tensor(), in).fetch(t.outputs().get(0)).run()) {
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(logits, false, false));
      }
    }
    double largest = 0;
    double worst = 0;
    int argmaxExpected = 0;
    int argmaxActual = 0;
    for (int i = 0; i < expected.length; i++) {
      largest = Math.max(largest, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - logits[i]));
      argmaxExpected = expected[i] > expected[argmaxExpected] ? i : argmaxExpected;
      argmaxActual = logits[i] > logits[argmaxActual] ? i : argmaxActual;
    }
    System.out.printf(
        "%s: largest logit %.4g, largest difference from PyTorch %.3g; top class %d (PyTorch %d)%n",
        arch, largest, worst, argmaxActual, argmaxExpected);
    assertTrue(
        worst <= 1e-4 + 1e-4 * largest,
        arch + ": logits differ by " + worst + " (largest " + largest + ")");
    assertEquals(argmaxExpected, argmaxActual);

    Network network =
        Network.load(
            new ModelStore(ModelCatalog.load(), dir.resolve("cache"), null)
                .resolve(file.toString()));
    assertTrue(
        network.layers(true).stream().anyMatch(l -> l.name().equals(layer)),
        arch + " lists " + layer + ": " + network.layers(false));
    assertEquals(layer, network.tensor(onnxName));
    // The block's own name (the module that made it) stands for its output.
    assertEquals(layer, network.tensor(block), arch + ": " + block);
    RgbImage photo = ImageFiles.read(Shared.image("chelsea.png")).coverCrop(size, size);
    List<Double> losses = new ArrayList<>();
    try (DreamStep step =
        new DreamStep(
            network,
            List.of(new Term.Layer(Target.layer(block))),
            new DreamStep.Options(0, false, false))) {
      step.ascend(
          photo,
          new OctaveDreamer.Settings(1, 1.4, 6, 1.5, 8, 0, 0, new float[] {1}),
          new java.util.SplittableRandom(1),
          losses::add);
    }
    assertTrue(losses.get(losses.size() - 1) > 1.1 * losses.get(0), arch + ": " + losses);
  }

  /**
   * {@code dreamzoom classify} on a torchvision GoogLeNet exported with {@code
   * output_names=["logits"]} and no preset keys: its one 1000-class output is taken as the logits,
   * with the shipped ImageNet labels, and the top class is PyTorch's on the same pixels.
   */
  @Test
  void classifyTakesTheSingleThousandClassOutputAsTheLogits() throws Exception {
    float[] expected = read(dir.resolve("googlenet.logits.f32"));
    int top = 0;
    for (int i = 0; i < expected.length; i++) {
      top = expected[i] > expected[top] ? i : top;
    }
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.dreamzoom.cli.Main",
                "classify",
                dir.resolve("googlenet.input.png").toString(),
                "--model",
                dir.resolve("googlenet.onnx").toString(),
                "--size",
                "224",
                "--top",
                "1")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    assertTrue(
        out.contains("is taken as the class logits, with the ImageNet labels dreamzoom ships"),
        out);
    Labels imageNet = Labels.imageNet(false);
    assertTrue(
        out.contains(" 1. ") && out.contains(imageNet.get(top) + "  (logit " + top + ")"),
        "PyTorch's top class " + top + " (" + imageNet.get(top) + "):\n" + out);
  }

  /**
   * The labels shipped for the zoo's classifiers (its synset.txt) are in the class order of
   * torchvision's ImageNet weights: each of torchvision's 1000 names is one of the synonyms on the
   * same line, or, where torchvision disambiguates, one of them with a word added ("crane bird") or
   * made of the line's words ("maillot tank suit").
   */
  @org.junit.jupiter.api.Test
  void theShippedImageNetLabelsAreInTorchvisionsClassOrder() throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "from torchvision.models._meta import _IMAGENET_CATEGORIES as c\nprint('\\n'.join(c))")
            .redirectErrorStream(true)
            .start();
    List<String> torchvision =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, p.waitFor(), String.join("\n", torchvision));
    Labels shipped = Labels.read(Path.of("config/imagenet_synset.txt"));
    assertEquals(1000, torchvision.size());
    assertEquals(1000, shipped.size());
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String line = shipped.get(i).toLowerCase();
      String name = torchvision.get(i).toLowerCase();
      List<String> synonyms = List.of(line.split("\\s*,\\s*"));
      boolean same =
          synonyms.contains(name)
              || synonyms.stream().anyMatch(s -> name.startsWith(s + " "))
              || List.of(name.split(" ")).stream().allMatch(line::contains);
      if (!same) {
        differ.add(i + ": " + torchvision.get(i) + " / " + shipped.get(i));
      }
    }
    assertEquals(List.of(), differ);
  }
}
