package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.InputSpec;
import dev.dreamzoom.model.ModelEntry;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
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
 * <p>The model's input tensor (usually a placeholder) is replaced, inside its GraphDef, by that
 * preprocessing subgraph (TensorFlow Java has no import-time input mapping), so the network reads
 * the rolled, scaled image directly.
 */
public final class DreamStep implements AutoCloseable {
  private static final String SCOPE = "dreamzoom";
  private static final String IMAGE = SCOPE + "/image";
  private static final String SHIFT = SCOPE + "/shift";
  private static final String STEP = SCOPE + "/step";
  private static final String WEIGHTS = SCOPE + "/weights";
  private static final String BLUR = SCOPE + "/blur";
  private static final String DECAY = SCOPE + "/decay";
  private static final String OCTAVE_IMAGE = SCOPE + "/octave_image";
  private static final String OCTAVE_DETAIL = SCOPE + "/octave_detail";
  private static final String OCTAVE_SIZE = SCOPE + "/octave_size";
  /** Side of the gradient blur kernel: enough for the largest blur a preset may ask (sigma 2). */
  static final int BLUR_SIZE = 9;
  private static final int[] SPATIAL_AXES = {1, 2};
  private static final int[] ALL_BUT_CHANNEL = {0, 1, 2};

  private final Graph graph;
  private final Session session;
  private final Output<TFloat32> next;
  private final Output<TFloat32> objective;
  /** The gradient rolled back and blurred, before normalisation: what tiles contribute. */
  private final Output<TFloat32> gradient;
  /** An octave's base (the frame shrunk to its size) and its start (base + enlarged detail). */
  private final Output<TFloat32> octaveBase;
  private final Output<TFloat32> octaveStart;
  private final List<Target> targets;
  private final Options options;
  /** Per target layer: channel means of the activation, and of its input before a ReLU. */
  private final Map<String, Output<TFloat32>> channelMeans = new HashMap<>();
  private final Map<String, Output<TFloat32>> channelMeansBeforeRelu = new HashMap<>();

  /**
   * Builds the step graph once, with one objective term per target; {@code threads} ≤ 0 lets
   * TensorFlow choose.
   *
   * @throws ModelException if a target's layer is not in the network or its channel is out of range
   */
  public DreamStep(Network network, List<Target> targets, Objective objectiveSpec, int threads)
      throws ModelException {
    this(network, targets, objectiveSpec, new Options(threads, true, true));
  }

  /**
   * Which optional parts the graph gets. A render that never blurs or decays leaves them out, so
   * DeepDream iterations do not pay for a 9 x 9 convolution of the gradient with an identity kernel.
   *
   * @param threads TensorFlow intra-op threads; ≤ 0 lets TensorFlow choose
   */
  public record Options(int threads, boolean blur, boolean decay) {}

  /** As above, with only the optional parts {@code options} asks for. */
  public DreamStep(Network network, List<Target> targets, Objective objectiveSpec, Options options)
      throws ModelException {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("at least one target is needed");
    }
    Natives.tensorFlow();
    List<String> problems = network.targetProblems(targets);
    if (!problems.isEmpty()) {
      throw new ModelException(String.join("\n", problems));
    }
    this.targets = List.copyOf(targets);
    this.options = options;
    Graph g = new Graph();
    try {
      ModelEntry entry = network.entry();
      g.importGraphDef(withPreprocessing(network.graphDef(), entry));
      Ops tf = Ops.create(g).withSubScope(SCOPE);
      Output<TFloat32> image = output(g, IMAGE);
      Output<TInt32> shift = output(g, SHIFT);
      Output<TFloat32> networkInput = output(g, entry.input().tensor());

      Placeholder<TFloat32> weights = tf.withName("weights")
          .placeholder(TFloat32.class, Placeholder.shape(Shape.of(targets.size())));
      List<Operand<TFloat32>> terms = new ArrayList<>();
      for (Target t : targets) {
        terms.add(objectiveSpec.term(tf, output(g, network.tensor(t.layer())), t.channel()));
      }
      Operand<TFloat32> loss = tf.sum(tf.math.mul(weights, tf.stack(terms)), tf.constant(0));
      this.objective = tf.withName("objective").identity(loss).asOutput();
      @SuppressWarnings("unchecked")
      Output<TFloat32> grad = (Output<TFloat32>) g.addGradients(objective, new Output<?>[] {networkInput})[0];

      Operand<TFloat32> unrolled = tf.roll(grad, tf.math.neg(shift), tf.constant(SPATIAL_AXES));
      Operand<TFloat32> smoothed = unrolled;
      if (options.blur()) {
        // Blurring the gradient keeps each step smooth; the kernel is fed, so sigma may vary per frame.
        Placeholder<TFloat32> blur = tf.withName("blur").placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(BLUR_SIZE, BLUR_SIZE, 3, 1)));
        smoothed = tf.nn.depthwiseConv2dNative(unrolled, blur, List.of(1L, 1L, 1L, 1L), "SAME");
      }
      this.gradient = smoothed.asOutput();
      Operand<TFloat32> meanAbs = tf.math.mean(tf.math.abs(smoothed), tf.constant(new int[] {0, 1, 2, 3}));
      Operand<TFloat32> normalized = tf.math.div(smoothed, tf.math.add(meanAbs, tf.constant(1e-8f)));
      Placeholder<TFloat32> step = tf.withName("step")
          .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> updated = tf.math.add(image, tf.math.mul(step, normalized));
      if (options.decay()) {
        // Decay pulls the image toward mid-grey, so only structure the objective keeps renewing
        // survives (Yosinski et al. 2015).
        Placeholder<TFloat32> decay = tf.withName("decay")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Operand<TFloat32> grey = tf.constant(127.5f);
        updated = tf.math.add(grey,
            tf.math.mul(tf.math.sub(updated, grey), tf.math.sub(tf.constant(1f), decay)));
      }
      this.next = tf.withName("next")
          .clipByValue(updated, tf.constant(0f), tf.constant(255f)).asOutput();

      // Octave resizing: area averaging shrinks the frame without aliasing; bilinear enlarges the
      // detail the smaller octave added. Float32 with TensorFlow's own threads, unlike Java loops.
      Placeholder<TFloat32> octImage = tf.withName("octave_image").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TFloat32> octDetail = tf.withName("octave_detail").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TInt32> octSize = tf.withName("octave_size").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> base = tf.image.resizeArea(octImage, octSize);
      this.octaveBase = base.asOutput();
      this.octaveStart = tf.math.add(base, tf.image.resizeBilinear(octDetail, octSize,
          org.tensorflow.op.image.ResizeBilinear.halfPixelCenters(true))).asOutput();

      for (Target t : targets) {
        if (!channelMeans.containsKey(t.layer())) {
          Output<TFloat32> act = output(g, network.tensor(t.layer()));
          channelMeans.put(t.layer(), tf.math.mean(act, tf.constant(ALL_BUT_CHANNEL)).asOutput());
          channelMeansBeforeRelu.put(t.layer(),
              tf.math.mean(Objectives.beforeRelu(act), tf.constant(ALL_BUT_CHANNEL)).asOutput());
        }
      }

      ConfigProto.Builder config = ConfigProto.newBuilder();
      // On a GPU, take memory as needed instead of all of it at start.
      config.getGpuOptionsBuilder().setAllowGrowth(true);
      if (options.threads() > 0) {
        config.setIntraOpParallelismThreads(options.threads()).setInterOpParallelismThreads(1);
      }
      this.session = new Session(g, config.build());
      this.graph = g;
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /** The targets, in the order {@link Dreamer.Settings#weights()} follows. */
  public List<Target> targets() {
    return targets;
  }

  /**
   * Runs {@code s.iterations()} ascent steps on {@code image} at its own size. Each iteration
   * rolls by a fresh offset in [-jitter, jitter] on both axes drawn from {@code random};
   * {@code losses} receives the objective measured at each iteration (before its update).
   */
  public RgbImage ascend(RgbImage image, Dreamer.Settings s, SplittableRandom random,
      DoubleConsumer losses) {
    if ((s.blur() > 0 && !options.blur()) || (s.decay() > 0 && !options.decay())) {
      throw new IllegalArgumentException("this step was built without blur or decay");
    }
    if (s.weights().length != targets.size()) {
      throw new IllegalArgumentException(
          "expected " + targets.size() + " target weights, got " + s.weights().length);
    }
    Shape shape = Shape.of(1, image.height(), image.width(), 3);
    TFloat32 current = TFloat32.tensorOf(shape, DataBuffers.of(image.pixels(), true, false));
    Result held = null;
    try (TFloat32 stepTensor = TFloat32.scalarOf((float) s.step());
        TFloat32 decay = TFloat32.scalarOf((float) s.decay());
        TFloat32 weights = TFloat32.vectorOf(s.weights());
        TFloat32 kernel = TFloat32.tensorOf(Shape.of(BLUR_SIZE, BLUR_SIZE, 3, 1),
            DataBuffers.of(gaussianKernel(s.blur()), true, false))) {
      for (int i = 0; i < s.iterations(); i++) {
        int jitter = s.jitter();
        int dy = jitter == 0 ? 0 : random.nextInt(-jitter, jitter + 1);
        int dx = jitter == 0 ? 0 : random.nextInt(-jitter, jitter + 1);
        Result r;
        try (TInt32 shift = TInt32.vectorOf(dy, dx)) {
          Session.Runner runner = session.runner()
              .feed(IMAGE, current).feed(SHIFT, shift).feed(STEP, stepTensor).feed(WEIGHTS, weights);
          if (options.blur()) {
            runner.feed(BLUR, kernel);
          }
          if (options.decay()) {
            runner.feed(DECAY, decay);
          }
          r = runner.fetch(next).fetch(objective).run();
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

  /**
   * As {@link #ascend}, computing each iteration's gradient tile by tile, so memory is bounded
   * by a tile's activations however large the frame. Each iteration rolls the image by a random
   * offset (the jitter, plus up to half a tile) before cutting it into near-equal tiles of at
   * most {@code tile} pixels a side, so the seams move every iteration and never show. A tile's
   * gradient is weighted by its share of the frame's area (the objective is a mean); the whole
   * gradient is then rolled back, normalised, applied, decayed and clipped as the graph would.
   */
  public RgbImage ascendTiled(RgbImage image, Dreamer.Settings s, int tile, SplittableRandom random,
      DoubleConsumer losses) {
    return ascendTiled(image, s, tile, s.jitter() + tile / 2, random, losses);
  }

  /** As above, rolling by up to {@code reach} pixels each iteration. */
  RgbImage ascendTiled(RgbImage image, Dreamer.Settings s, int tile, int reach,
      SplittableRandom random, DoubleConsumer losses) {
    int w = image.width();
    int h = image.height();
    float[] img = image.pixels().clone();
    float[] grad = new float[img.length];
    int[] xs = cuts(w, tile);
    int[] ys = cuts(h, tile);
    try (TFloat32 weights = TFloat32.vectorOf(s.weights());
        TFloat32 kernel = TFloat32.tensorOf(Shape.of(BLUR_SIZE, BLUR_SIZE, 3, 1),
            DataBuffers.of(gaussianKernel(s.blur()), true, false));
        TInt32 noShift = TInt32.vectorOf(0, 0)) {
      for (int i = 0; i < s.iterations(); i++) {
        int dy = random.nextInt(-reach, reach + 1);
        int dx = random.nextInt(-reach, reach + 1);
        float[] rolled = roll(img, w, h, dy, dx);
        double loss = 0;
        for (int ty = 0; ty + 1 < ys.length; ty++) {
          for (int tx = 0; tx + 1 < xs.length; tx++) {
            int x0 = xs[tx];
            int y0 = ys[ty];
            int tw = xs[tx + 1] - x0;
            int th = ys[ty + 1] - y0;
            float share = (float) tw * th / ((float) w * h);
            float[] part = new float[tw * th * 3];
            for (int y = 0; y < th; y++) {
              System.arraycopy(rolled, ((y0 + y) * w + x0) * 3, part, y * tw * 3, tw * 3);
            }
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, th, tw, 3), DataBuffers.of(part, true, false))) {
              Session.Runner runner = session.runner().feed(IMAGE, in).feed(SHIFT, noShift)
                  .feed(WEIGHTS, weights);
              if (options.blur()) {
                runner.feed(BLUR, kernel);
              }
              try (Result r = runner.fetch(gradient).fetch(objective).run()) {
                ((TFloat32) r.get(0)).copyTo(DataBuffers.of(part, false, false));
                loss += share * ((TFloat32) r.get(1)).getFloat();
              }
            }
            for (int y = 0; y < th; y++) {
              for (int k = 0; k < tw * 3; k++) {
                grad[((y0 + y) * w + x0) * 3 + k] = part[y * tw * 3 + k] * share;
              }
            }
          }
        }
        losses.accept(loss);
        float[] g = roll(grad, w, h, -dy, -dx);
        double meanAbs = 0;
        for (float v : g) {
          meanAbs += Math.abs(v);
        }
        float scale = (float) (s.step() / (meanAbs / g.length + 1e-8));
        float keep = (float) (1 - s.decay());
        for (int k = 0; k < img.length; k++) {
          float v = img[k] + scale * g[k];
          v = 127.5f + (v - 127.5f) * keep;
          img[k] = Math.max(0f, Math.min(255f, v));
        }
      }
    }
    return new RgbImage(w, h, img);
  }

  /** An octave's two images: the frame at the octave's size, and where ascent starts from. */
  public record Octave(RgbImage base, RgbImage start) {}

  /**
   * The frame shrunk to {@code w x h} (the base), and the base plus {@code detail} (what the
   * previous, smaller octave added) enlarged to that size; no detail for the first octave.
   */
  public Octave octave(RgbImage frame, RgbImage detail, int w, int h) {
    RgbImage d = detail == null ? RgbImage.filled(1, 1, 0f) : detail;
    try (TFloat32 in = tensor(frame);
        TFloat32 det = tensor(d);
        TInt32 size = TInt32.vectorOf(h, w);
        Result r = session.runner().feed(OCTAVE_IMAGE, in).feed(OCTAVE_DETAIL, det)
            .feed(OCTAVE_SIZE, size).fetch(octaveBase).fetch(octaveStart).run()) {
      return new Octave(image((TFloat32) r.get(0), w, h), image((TFloat32) r.get(1), w, h));
    }
  }

  private static TFloat32 tensor(RgbImage img) {
    return TFloat32.tensorOf(Shape.of(1, img.height(), img.width(), 3),
        DataBuffers.of(img.pixels(), true, false));
  }

  private static RgbImage image(TFloat32 t, int w, int h) {
    float[] out = new float[w * h * 3];
    t.copyTo(DataBuffers.of(out, false, false));
    return new RgbImage(w, h, out);
  }

  /** Boundaries of {@code ceil(n / tile)} near-equal pieces of {@code 0..n}. */
  static int[] cuts(int n, int tile) {
    int pieces = (n + tile - 1) / tile;
    int[] c = new int[pieces + 1];
    for (int i = 0; i <= pieces; i++) {
      c[i] = (int) Math.round((double) i * n / pieces);
    }
    return c;
  }

  /** The image shifted down by {@code dy} and right by {@code dx}, wrapping around. */
  private static float[] roll(float[] src, int w, int h, int dy, int dx) {
    float[] out = new float[src.length];
    for (int y = 0; y < h; y++) {
      int ty = Math.floorMod(y + dy, h);
      for (int x = 0; x < w; x++) {
        int tx = Math.floorMod(x + dx, w);
        System.arraycopy(src, (y * w + x) * 3, out, (ty * w + tx) * 3, 3);
      }
    }
    return out;
  }

  /**
   * The mean activation of every channel of {@code layer} (one of the targets' layers) on
   * {@code image}; with {@code beforeRelu}, of the layer's input when it is a ReLU or ReLU6 (the
   * tensor filter visualization maximizes, which neither floors at 0 nor saturates at 6).
   */
  public float[] channelMeans(RgbImage image, String layer, boolean beforeRelu) {
    Output<TFloat32> means = (beforeRelu ? channelMeansBeforeRelu : channelMeans).get(layer);
    if (means == null) {
      throw new IllegalArgumentException("not a target layer: " + layer);
    }
    Shape shape = Shape.of(1, image.height(), image.width(), 3);
    try (TFloat32 in = TFloat32.tensorOf(shape, DataBuffers.of(image.pixels(), true, false));
        TInt32 noShift = TInt32.vectorOf(0, 0);
        Result r = session.runner().feed(IMAGE, in).feed(SHIFT, noShift).fetch(means).run()) {
      TFloat32 m = (TFloat32) r.get(0);
      float[] out = new float[(int) m.shape().size(0)];
      m.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /** A normalized Gaussian of standard deviation {@code sigma} (a delta for 0), one per channel. */
  static float[] gaussianKernel(double sigma) {
    int r = BLUR_SIZE / 2;
    float[] k2 = new float[BLUR_SIZE * BLUR_SIZE];
    if (sigma <= 0) {
      k2[r * BLUR_SIZE + r] = 1;
    } else {
      double sum = 0;
      for (int y = -r; y <= r; y++) {
        for (int x = -r; x <= r; x++) {
          double v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
          k2[(y + r) * BLUR_SIZE + x + r] = (float) v;
          sum += v;
        }
      }
      for (int i = 0; i < k2.length; i++) {
        k2[i] /= (float) sum;
      }
    }
    // Layout [h, w, in_channels = 3, multiplier = 1]: the same 2-D kernel for R, G and B.
    float[] k = new float[k2.length * 3];
    for (int i = 0; i < k2.length; i++) {
      for (int c = 0; c < 3; c++) {
        k[i * 3 + c] = k2[i];
      }
    }
    return k;
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

  /**
   * The model's GraphDef with its input tensor swapped for: image placeholder → roll by shift →
   * (p - offset) / scale per channel → reversed to BGR where the network wants it, the last node
   * taking the input's name so the network's own nodes need no change.
   */
  private static GraphDef withPreprocessing(GraphDef model, ModelEntry entry) {
    InputSpec in = entry.input();
    GraphDef prelude;
    try (Graph scratch = new Graph()) {
      Ops root = Ops.create(scratch);
      Ops tf = root.withSubScope(SCOPE);
      Placeholder<TFloat32> image = tf.withName("image")
          .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TInt32> shift = tf.withName("shift")
          .placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> rolled = tf.roll(image, shift, tf.constant(SPATIAL_AXES));
      Operand<TFloat32> centered = tf.math.sub(rolled, tf.constant(in.offset()));
      if (in.bgr()) {
        Operand<TFloat32> scaled = tf.math.div(centered, tf.constant(in.scale()));
        root.withName(in.tensor()).reverse(scaled, tf.constant(new int[] {3}));
      } else {
        root.withName(in.tensor()).math.div(centered, tf.constant(in.scale()));
      }
      prelude = scratch.toGraphDef();
    }
    GraphDef.Builder merged = model.toBuilder().clearNode();
    for (NodeDef n : model.getNodeList()) {
      if (!n.getName().equals(in.tensor())) {
        merged.addNode(n);
      }
    }
    merged.addAllNode(prelude.getNodeList());
    return merged.build();
  }
}
