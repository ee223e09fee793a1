package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.InputSpec;
import dev.dreamzoom.model.ModelEntry;
import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.model.ResolvedModel;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The parameterization feeds a BGR network its channels reversed, and the gradient comes back in
 * the image's RGB order. Plumbing, on a one-op network: its only "layer" is the input itself.
 */
@Tag("slow")
class NetworkInputTest {
  @TempDir Path dir;

  private Network passThrough(boolean bgr) throws Exception {
    Natives.tensorFlow();
    Path file = dir.resolve("pass_" + bgr + ".pb");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in =
          tf.withName("input")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      tf.withName("act").identity(in);
      Files.write(file, g.toGraphDef().toByteArray());
    }
    InputSpec spec = new InputSpec("input", new float[] {0}, new float[] {1}, bgr);
    return Network.load(
        new ResolvedModel(
            new ModelEntry(
                "pass",
                null,
                "pass.pb",
                ModelEntry.Checksums.NONE,
                spec,
                List.of(),
                null,
                Map.of()),
            file,
            "0".repeat(64)));
  }

  /** The mean change of each image channel after one ascent step on the network's channel 0. */
  private double[] change(boolean bgr) throws Exception {
    RgbImage grey = RgbImage.filled(16, 16, 100f);
    RgbImage out;
    try (DreamStep step =
        new DreamStep(
            passThrough(bgr),
            List.of(new Term.Channel(new Target("act", 0))),
            new DreamStep.Options(1, false, false))) {
      out =
          step.ascend(
              grey,
              new OctaveDreamer.Settings(1, 1.4, 1, 2, 0, 0, 0, new float[] {1}),
              new SplittableRandom(1),
              x -> {});
    }
    double[] d = new double[3];
    for (int i = 0; i < out.pixels().length; i++) {
      d[i % 3] += (out.pixels()[i] - 100f) / (16 * 16);
    }
    return d;
  }

  @Test
  void raisingTheNetworksFirstChannelRaisesRedForRgbAndBlueForBgr() throws Exception {
    double[] rgb = change(false);
    assertEquals(6, rgb[0], 1e-3, "RGB network: channel 0 is red; all of the step lands there");
    assertEquals(0, rgb[1], 1e-6);
    assertEquals(0, rgb[2], 1e-6);
    double[] bgr = change(true);
    assertEquals(0, bgr[0], 1e-6, "BGR network: its channel 0 is the image's blue");
    assertEquals(0, bgr[1], 1e-6);
    assertTrue(bgr[2] > 5.9, "blue rose by the whole step: " + bgr[2]);
  }
}
