package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelEntry;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One gradient-ascent iteration as a single TensorFlow graph call: roll the image by the jitter
 * offset, scale pixels the way the network expects, run the network, evaluate the objective, take
 * its gradient with respect to the network input, roll the gradient back, divide it by its mean
 * absolute value, step, and clip to 0..255. Images stay in pixel units (0..255) outside the graph.
 *
 * <p>The model's input placeholder is replaced, inside its GraphDef, by that preprocessing
 * subgraph (TensorFlow Java has no import-time input mapping), so the network reads the rolled,
 * scaled image directly.
 */
public final class DreamStep implements AutoCloseable {
  private static final String SCOPE = "dreamzoom";
  private static final String IMAGE = SCOPE + "/image";
  private static final String SHIFT = SCOPE + "/shift";
  private static final String STEP = SCOPE + "/step";
  private static final int[] SPATIAL_AXES = {1, 2};

  private final Graph graph;
  private final Session session;
  private final Output<TFloat32> next;
  private final Output<TFloat32> objective;

  /**
   * Builds the step graph once; {@code threads} ≤ 0 lets TensorFlow choose.
   *
   * @throws ModelException if a layer the objective names is not in the network
   */
  public DreamStep(Network network, Set<String> layers, Objective objectiveSpec, int threads)
      throws ModelException {
    Natives.tensorFlow();
    requireLayers(network, layers);
    Graph g = new Graph();
    try {
      ModelEntry entry = network.entry();
      g.importGraphDef(withPreprocessing(network.graphDef(), entry));
      Ops tf = Ops.create(g).withSubScope(SCOPE);
      Output<TFloat32> image = output(g, IMAGE);
      Output<TInt32> shift = output(g, SHIFT);
      Output<TFloat32> networkInput = output(g, entry.input());

      Operand<TFloat32> loss = objectiveSpec.build(tf, name -> output(g, name));
      this.objective = tf.withName("objective").identity(loss).asOutput();
      @SuppressWarnings("unchecked")
      Output<TFloat32> grad = (Output<TFloat32>) g.addGradients(objective, new Output<?>[] {networkInput})[0];

      Operand<TFloat32> unrolled = tf.roll(grad, tf.math.neg(shift), tf.constant(SPATIAL_AXES));
      Operand<TFloat32> meanAbs = tf.math.mean(tf.math.abs(unrolled), tf.constant(new int[] {0, 1, 2, 3}));
      Operand<TFloat32> normalized = tf.math.div(unrolled, tf.math.add(meanAbs, tf.constant(1e-8f)));
      Placeholder<TFloat32> step = tf.withName("step")
          .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> updated = tf.math.add(image, tf.math.mul(step, normalized));
      this.next = tf.withName("next")
          .clipByValue(updated, tf.constant(0f), tf.constant(255f)).asOutput();

      ConfigProto.Builder config = ConfigProto.newBuilder();
      if (threads > 0) {
        config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
      }
      this.session = new Session(g, config.build());
      this.graph = g;
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /**
   * Runs {@code iterations} ascent steps on {@code image} at its own size. Each iteration rolls by
   * a fresh offset in [-jitter, jitter] on both axes drawn from {@code random}; {@code losses}
   * receives the objective value measured at each iteration (before its update).
   */
  public RgbImage ascend(RgbImage image, int iterations, float step, int jitter,
      SplittableRandom random, DoubleConsumer losses) {
    Shape shape = Shape.of(1, image.height(), image.width(), 3);
    TFloat32 current = TFloat32.tensorOf(shape, DataBuffers.of(image.pixels(), true, false));
    Result held = null;
    try (TFloat32 stepTensor = TFloat32.scalarOf(step)) {
      for (int i = 0; i < iterations; i++) {
        int dy = jitter == 0 ? 0 : random.nextInt(-jitter, jitter + 1);
        int dx = jitter == 0 ? 0 : random.nextInt(-jitter, jitter + 1);
        Result r;
        try (TInt32 shift = TInt32.vectorOf(dy, dx)) {
          r = session.runner()
              .feed(IMAGE, current).feed(SHIFT, shift).feed(STEP, stepTensor)
              .fetch(next).fetch(objective)
              .run();
        }
        // The new image lives in r; the previous one (in `held`, or the input tensor) is done.
        if (held == null) {
          current.close();
        } else {
          held.close();
        }
        held = r;
        current = (TFloat32) r.get(0);
        losses.accept(((TFloat32) r.get(1)).getFloat());
      }
      float[] out = new float[image.pixels().length];
      current.copyTo(DataBuffers.of(out, false, false));
      return new RgbImage(image.width(), image.height(), out);
    } finally {
      if (held != null) {
        held.close();
      } else {
        current.close();
      }
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  @SuppressWarnings("unchecked")
  private static <T extends org.tensorflow.types.family.TType> Output<T> output(Graph g, String name) {
    GraphOperation op = g.operation(name);
    if (op == null) {
      throw new IllegalArgumentException("no operation '" + name + "' in the graph");
    }
    return (Output<T>) op.output(0);
  }

  private static void requireLayers(Network network, Set<String> layers) throws ModelException {
    Set<String> names = network.graphDef().getNodeList().stream()
        .map(NodeDef::getName).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    for (String layer : layers) {
      if (!names.contains(layer)) {
        problems.add("unknown layer '" + layer + "' in model " + network.entry().name()
            + closest(layer, names));
      }
    }
    if (!problems.isEmpty()) {
      throw new ModelException(String.join("\n", problems)
          + "\n(list the layers with: dreamzoom layers " + network.entry().name() + ")");
    }
  }

  private static String closest(String layer, Set<String> names) {
    List<String> similar = Names.closest(layer, names, 3);
    return similar.isEmpty() ? "" : "; similar: " + String.join(", ", similar);
  }

  /**
   * The model's GraphDef with its input placeholder swapped for: image placeholder → roll by
   * shift → (p - offset) / scale, the last node taking the placeholder's name so the network's
   * own nodes need no change.
   */
  private static GraphDef withPreprocessing(GraphDef model, ModelEntry entry) {
    GraphDef prelude;
    try (Graph scratch = new Graph()) {
      Ops root = Ops.create(scratch);
      Ops tf = root.withSubScope(SCOPE);
      Placeholder<TFloat32> image = tf.withName("image")
          .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TInt32> shift = tf.withName("shift")
          .placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> rolled = tf.roll(image, shift, tf.constant(SPATIAL_AXES));
      Operand<TFloat32> centered = tf.math.sub(rolled, tf.constant(entry.offset()));
      root.withName(entry.input()).math.div(centered, tf.constant(entry.scale()));
      prelude = scratch.toGraphDef();
    }
    GraphDef.Builder merged = model.toBuilder().clearNode();
    for (NodeDef n : model.getNodeList()) {
      if (!n.getName().equals(entry.input())) {
        merged.addNode(n);
      }
    }
    merged.addAllNode(prelude.getNodeList());
    return merged.build();
  }
}
