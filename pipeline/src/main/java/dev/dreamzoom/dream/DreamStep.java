package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.InputSpec;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.GradientSpec;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import org.tensorflow.Graph;
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
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The dream step as one TensorFlow graph, built once per render from the four parts of the core:
 * the network read through {@link NetworkInput} (parameterization), the weighted sum of {@link
 * Objectives} terms, the gradient rolled back and optionally blurred, and the {@link UpdateRule}. A
 * second copy of the update rule takes a gradient assembled from tiles ({@link Ascent}), and two
 * small resize ops serve the octaves ({@link OctaveDreamer}). Images stay in intensity levels
 * (0..255) outside the graph. The term weights are fed per iteration, so a schedule that changes
 * them never rebuilds the graph.
 */
public final class DreamStep implements AutoCloseable {
  private static final String SCOPE = NetworkInput.SCOPE;
  static final String STEP = SCOPE + "/step";
  static final String WEIGHTS = SCOPE + "/weights";
  static final String BLUR = SCOPE + "/blur";
  static final String DECAY = SCOPE + "/decay";
  static final String TILED_IMAGE = SCOPE + "/tiled_image";
  static final String TILED_GRADIENT = SCOPE + "/tiled_gradient";
  private static final String OCTAVE_IMAGE = SCOPE + "/octave_image";
  private static final String OCTAVE_DETAIL = SCOPE + "/octave_detail";
  private static final String OCTAVE_SIZE = SCOPE + "/octave_size";
  private static final String CONTENT_IMAGE = Objectives.CONTENT_TOWER + "/" + NetworkInput.IMAGE;
  private static final String CONTENT_SHIFT = Objectives.CONTENT_TOWER + "/" + NetworkInput.SHIFT;

  /** Side of the gradient blur kernel: enough for the largest blur a preset may ask (sigma 2). */
  static final int BLUR_SIZE = 9;

  private final String model;
  private final Graph graph;
  private final Session session;

  /** Where session runs are traced to, for {@code bench --profile}; null when not profiling. */
  private StepProfile profile;

  private final List<Term> terms;
  private final Options options;
  private final boolean content;
  final Output<TFloat32> next;
  final Output<TFloat32> objective;

  /** The gradient rolled back and blurred, before normalisation: what tiles contribute. */
  final Output<TFloat32> gradient;

  final Output<TFloat32> tiledNext;
  private final Output<TFloat32> octaveBase;
  private final Output<TFloat32> octaveStart;

  /**
   * Which optional parts the graph gets. A render that never blurs or decays leaves them out, so
   * DeepDream iterations do not pay for a 9 x 9 convolution of the gradient with an identity
   * kernel.
   *
   * @param threads TensorFlow intra-op threads; ≤ 0 lets TensorFlow choose
   * @param bfloat16 whether the network computes in bfloat16 ({@link Network#bfloat16GraphDef});
   *     the objective, gradient treatment and update stay float32 either way
   */
  public record Options(
      int threads, boolean blur, boolean decay, GradientSpec gradient, boolean bfloat16) {
    public Options {
      java.util.Objects.requireNonNull(gradient, "gradient");
    }

    /** In float32. */
    public Options(int threads, boolean blur, boolean decay, GradientSpec gradient) {
      this(threads, blur, decay, gradient, false);
    }

    /** In float32, with the schema's default gradient treatment ({@link GradientSpec#DEFAULT}). */
    public Options(int threads, boolean blur, boolean decay) {
      this(threads, blur, decay, GradientSpec.DEFAULT);
    }
  }

  /**
   * Builds the step graph once, with one objective term per entry of {@code terms} (class terms
   * resolved to logit indices).
   *
   * @throws ModelException if a term's layer is not in the network, a channel or class is out of
   *     range, or a reference image cannot be read
   */
  public DreamStep(Network network, List<Term> terms, Options options) throws ModelException {
    if (options.bfloat16() && !Kernels.here().bfloat16Computable()) {
      throw new ModelException("bfloat16 cannot be computed here: " + Kernels.here().noBfloat16());
    }
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("at least one objective term is needed");
    }
    Natives.tensorFlow();
    Set<Target> targets = new LinkedHashSet<>();
    terms.forEach(t -> targets.addAll(t.targets()));
    List<String> problems = network.targetProblems(List.copyOf(targets));
    if (!problems.isEmpty()) {
      throw new ModelException(String.join("\n", problems));
    }
    this.terms = List.copyOf(terms);
    this.options = options;
    this.model = network.entry().name();
    this.content = terms.stream().anyMatch(t -> t instanceof Term.Content);
    References refs = References.compute(network, terms, options.threads());
    Graph g = new Graph();
    try {
      InputSpec in = network.entry().input();
      GraphDef net = options.bfloat16() ? network.bfloat16GraphDef() : network.graphDef();
      GraphDef spliced = NetworkInput.splice(net, in);
      g.importGraphDef(spliced);
      if (content) {
        g.importGraphDef(spliced, Objectives.CONTENT_TOWER);
      }
      Ops tf = Ops.create(g).withSubScope(SCOPE);
      Output<TFloat32> image = Objectives.output(g, NetworkInput.IMAGE);
      Output<TInt32> shift = g.operation(NetworkInput.SHIFT).output(0);
      Output<TFloat32> rgbInput = Objectives.output(g, NetworkInput.gradientSource(in));

      Placeholder<TFloat32> weights =
          tf.withName("weights")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(terms.size())));
      Objectives.Context ctx = new Objectives.Context(tf, g, network, rgbInput, refs);
      List<Operand<TFloat32>> built = new ArrayList<>();
      for (Term t : terms) {
        built.add(Objectives.term(ctx, t));
      }
      Operand<TFloat32> loss = tf.sum(tf.math.mul(weights, tf.stack(built)), tf.constant(0));
      this.objective = tf.withName("objective").identity(loss).asOutput();
      @SuppressWarnings("unchecked")
      Output<TFloat32> grad =
          (Output<TFloat32>) g.addGradients(objective, new Output<?>[] {rgbInput})[0];

      Operand<TFloat32> smoothed =
          tf.roll(grad, tf.math.neg(shift), tf.constant(NetworkInput.SPATIAL_AXES));
      if (options.blur()) {
        // Blurring the gradient keeps each step smooth; the kernel is fed, so sigma may vary per
        // frame.
        Placeholder<TFloat32> blur =
            tf.withName("blur")
                .placeholder(
                    TFloat32.class, Placeholder.shape(Shape.of(BLUR_SIZE, BLUR_SIZE, 3, 1)));
        smoothed = tf.nn.depthwiseConv2dNative(smoothed, blur, List.of(1L, 1L, 1L, 1L), "SAME");
      }
      this.gradient = smoothed.asOutput();
      Placeholder<TFloat32> step =
          tf.withName("step").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TFloat32> decay =
          options.decay()
              ? tf.withName("decay").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()))
              : null;
      this.next = UpdateRule.apply(tf, image, smoothed, step, decay, options.gradient()).asOutput();
      Placeholder<TFloat32> tiledImage =
          tf.withName("tiled_image")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TFloat32> tiledGradient =
          tf.withName("tiled_gradient")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      this.tiledNext =
          UpdateRule.apply(tf, tiledImage, tiledGradient, step, decay, options.gradient())
              .asOutput();

      // Octave resizing: area averaging shrinks the frame without aliasing; bilinear enlarges the
      // detail the smaller octave added. Float32 with TensorFlow's own threads, unlike Java loops.
      Placeholder<TFloat32> octImage =
          tf.withName("octave_image")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TFloat32> octDetail =
          tf.withName("octave_detail")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Placeholder<TInt32> octSize =
          tf.withName("octave_size").placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
      Operand<TFloat32> base = tf.image.resizeArea(octImage, octSize);
      this.octaveBase = base.asOutput();
      this.octaveStart =
          tf.math
              .add(
                  base,
                  tf.image.resizeBilinear(
                      octDetail,
                      octSize,
                      org.tensorflow.op.image.ResizeBilinear.halfPixelCenters(true)))
              .asOutput();

      this.session = new Session(g, config(options.threads()));
      this.graph = g;
    } catch (RuntimeException | ModelException e) {
      g.close();
      throw e;
    }
  }

  static ConfigProto config(int threads) {
    ConfigProto.Builder config = ConfigProto.newBuilder();
    // On a GPU, take memory as needed instead of all of it at start.
    config.getGpuOptionsBuilder().setAllowGrowth(true);
    if (threads > 0) {
      config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
    }
    return config.build();
  }

  /** The terms, in the order {@link OctaveDreamer.Settings#weights()} follows. */
  /** The network's name (a catalog name, or the path of a file of one's own), for messages. */
  public String model() {
    return model;
  }

  public List<Term> terms() {
    return terms;
  }

  /** True when a term compares against the picture the ascent starts from (content). */
  boolean readsReference() {
    return content;
  }

  /** As {@link Ascent#whole}, the reference being {@code image} itself. */
  public RgbImage ascend(
      RgbImage image, OctaveDreamer.Settings s, SplittableRandom random, DoubleConsumer losses) {
    return Ascent.whole(this, image, image, null, s, random, losses);
  }

  /** As {@link Ascent#tiled}, the reference being {@code image} itself. */
  public RgbImage ascendTiled(
      RgbImage image,
      OctaveDreamer.Settings s,
      int tile,
      SplittableRandom random,
      DoubleConsumer losses) {
    return Ascent.tiled(this, image, image, null, s, tile, s.jitter() + tile / 2, random, losses);
  }

  /** The tensors one ascent feeds unchanged at every iteration; closed with it. */
  /** Traces every session run of this step into {@code p} from now on (null stops). */
  public void profile(StepProfile p) {
    this.profile = p;
  }

  /** Runs {@code r}, traced into the profile when one is set. */
  Result run(Session.Runner r) {
    if (profile == null) {
      return r.run();
    }
    long t0 = System.nanoTime();
    Result result =
        r.setOptions(
                RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
            .runAndFetchMetadata();
    double millis = (System.nanoTime() - t0) / 1e6;
    result
        .getMetadata()
        .ifPresent(
            m ->
                profile.add(
                    m,
                    millis,
                    name -> {
                      org.tensorflow.GraphOperation op = graph.operation(name);
                      return op == null ? name : op.type();
                    }));
    return result;
  }

  final class Feeds implements AutoCloseable {
    private final TFloat32 step;
    private final TFloat32 decay;
    private final TFloat32 weights;
    private final TFloat32 kernel;

    Feeds(OctaveDreamer.Settings s) {
      if ((s.blur() > 0 && !options.blur()) || (s.decay() > 0 && !options.decay())) {
        throw new IllegalArgumentException("this step was built without blur or decay");
      }
      if (s.weights().length != terms.size()) {
        throw new IllegalArgumentException(
            "expected " + terms.size() + " term weights, got " + s.weights().length);
      }
      // Native tensors: if a later one cannot be allocated, the earlier ones are freed, not leaked.
      TFloat32[] made = new TFloat32[4];
      try {
        made[0] = TFloat32.scalarOf((float) s.step());
        made[1] = TFloat32.scalarOf((float) s.decay());
        made[2] = TFloat32.vectorOf(s.weights());
        made[3] =
            TFloat32.tensorOf(
                Shape.of(BLUR_SIZE, BLUR_SIZE, 3, 1),
                DataBuffers.of(UpdateRule.gaussianKernel(s.blur(), BLUR_SIZE), true, false));
      } catch (RuntimeException | Error e) {
        for (TFloat32 t : made) {
          if (t != null) {
            t.close();
          }
        }
        throw e;
      }
      step = made[0];
      decay = made[1];
      weights = made[2];
      kernel = made[3];
    }

    /** A runner with the network's image, shift and (where a term needs it) reference fed. */
    Session.Runner runner(TFloat32 image, TInt32 shift, TFloat32 reference) {
      Session.Runner r =
          session
              .runner()
              .feed(NetworkInput.IMAGE, image)
              .feed(NetworkInput.SHIFT, shift)
              .feed(STEP, step)
              .feed(WEIGHTS, weights);
      if (content) {
        r.feed(CONTENT_IMAGE, reference).feed(CONTENT_SHIFT, shift);
      }
      return withOptions(r);
    }

    /** A runner for the update of a whole frame from a gradient assembled from tiles. */
    Session.Runner tiledUpdate(TFloat32 image, TFloat32 gradient) {
      return withOptions(
          session
              .runner()
              .feed(TILED_IMAGE, image)
              .feed(TILED_GRADIENT, gradient)
              .feed(STEP, step));
    }

    private Session.Runner withOptions(Session.Runner r) {
      if (options.blur()) {
        r.feed(BLUR, kernel);
      }
      if (options.decay()) {
        r.feed(DECAY, decay);
      }
      return r;
    }

    @Override
    public void close() {
      step.close();
      decay.close();
      weights.close();
      kernel.close();
    }
  }

  /** An octave's two images: the frame at the octave's size, and where ascent starts from. */
  public record Octave(RgbImage base, RgbImage start) {}

  /**
   * The frame shrunk to {@code w x h} (the base), and the base plus {@code detail} (what the
   * previous, smaller octave added) enlarged to that size; no detail for the first octave.
   */
  public Octave octave(RgbImage frame, RgbImage detail, int w, int h) {
    RgbImage d = detail == null ? RgbImage.filled(1, 1, 0f) : detail;
    try (TFloat32 in = Tensors.tensor(frame);
        TFloat32 det = Tensors.tensor(d);
        TInt32 size = TInt32.vectorOf(h, w);
        Result r =
            session
                .runner()
                .feed(OCTAVE_IMAGE, in)
                .feed(OCTAVE_DETAIL, det)
                .feed(OCTAVE_SIZE, size)
                .fetch(octaveBase)
                .fetch(octaveStart)
                .run()) {
      return new Octave(
          Tensors.image((TFloat32) r.get(0), w, h), Tensors.image((TFloat32) r.get(1), w, h));
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
