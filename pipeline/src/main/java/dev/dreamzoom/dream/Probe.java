package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What the network computes on an image, read out without any ascent: a layer's activations, the
 * class logits. Used for the reference images objectives compare against, and for the {@code
 * classify}, {@code maps} and {@code atlas} commands.
 */
public final class Probe implements AutoCloseable {
  private final Network network;
  private final Graph graph;
  private final Session session;

  public Probe(Network network, int threads) {
    Natives.tensorFlow();
    this.network = network;
    Graph g = new Graph();
    try {
      g.importGraphDef(NetworkInput.splice(network.graphDef(), network.entry().input()));
      this.session = new Session(g, DreamStep.config(threads));
      this.graph = g;
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /** An activation tensor, {@code [1, height, width, channels]} flattened in that order. */
  public record Activation(int height, int width, int channels, float[] values) {
    /** The {@code positions x channels} matrix, one row per position. */
    public int positions() {
      return height * width;
    }

    /** The mean of each channel over all positions. */
    public float[] channelMeans() {
      float[] m = new float[channels];
      for (int i = 0; i < values.length; i++) {
        m[i % channels] += values[i];
      }
      for (int c = 0; c < channels; c++) {
        m[c] /= positions();
      }
      return m;
    }
  }

  /**
   * The activations of {@code layer} (a layer name or alias) on {@code image}; with {@code
   * beforeRelu}, of the ReLU's input where the layer is a ReLU or ReLU6.
   */
  public Activation activation(RgbImage image, String layer, boolean beforeRelu)
      throws ModelException {
    Output<TFloat32> out = output(network.tensor(layer), layer);
    if (beforeRelu) {
      out = Objectives.beforeRelu(out).asOutput();
    }
    if (out.shape().numDimensions() != 4) {
      throw new ModelException(
          "layer '" + layer + "' is not a 4-D activation (shape " + out.shape() + ")");
    }
    Fetched f = run(image, List.of(out)).get(0);
    return new Activation(
        (int) f.shape().size(1), (int) f.shape().size(2), (int) f.shape().size(3), f.values());
  }

  /** The class logits on {@code image}, one per class. */
  public float[] logits(RgbImage image) throws ModelException {
    return run(image, List.of(output(network.logits(), "logits"))).get(0).values();
  }

  private record Fetched(Shape shape, float[] values) {}

  private List<Fetched> run(RgbImage image, List<Output<TFloat32>> fetches) {
    try (TFloat32 in =
            TFloat32.tensorOf(
                Shape.of(1, image.height(), image.width(), 3),
                DataBuffers.of(image.pixels(), true, false));
        TInt32 noShift = TInt32.vectorOf(0, 0)) {
      Session.Runner r =
          session.runner().feed(NetworkInput.IMAGE, in).feed(NetworkInput.SHIFT, noShift);
      fetches.forEach(r::fetch);
      try (Result res = r.run()) {
        List<Fetched> out = new ArrayList<>();
        for (int i = 0; i < fetches.size(); i++) {
          TFloat32 t = (TFloat32) res.get(i);
          float[] values = new float[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(values, false, false));
          out.add(new Fetched(t.shape(), values));
        }
        return out;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Output<TFloat32> output(String tensor, String what) throws ModelException {
    GraphOperation op = graph.operation(tensor);
    if (op == null) {
      throw new ModelException(
          "no tensor '" + tensor + "' (" + what + ") in model " + network.entry().name());
    }
    return (Output<TFloat32>) (Output<?>) op.output(0);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
