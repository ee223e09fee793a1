package dev.dreamzoom.dream;

import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.Term;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The objectives: each {@link Term} as graph ops that compute one scalar from any tensor of the
 * graph (the network's input, an activation, the logits) and from reference features. Terms are
 * means, not sums, so layers and octaves of different sizes stay comparable; distances (style,
 * content) are divided by the reference's own magnitude, so their weights read as "how much".
 */
final class Objectives implements Term.Visitor<Operand<TFloat32>, ModelException> {
  private static final int[] ALL_AXES = {0, 1, 2, 3};
  private static final int[] ALL_BUT_CHANNEL = {0, 1, 2};

  /** Prefix of the second copy of the network that reads the content reference. */
  static final String CONTENT_TOWER = "content";

  /**
   * What terms are built from.
   *
   * @param rgbInput the network's input in RGB order: what the gradient is taken with respect to
   */
  record Context(
      Ops tf, Graph graph, Network network, Operand<TFloat32> rgbInput, References refs) {}

  private final Context c;
  private final Ops tf;

  private Objectives(Context c) {
    this.c = c;
    this.tf = c.tf();
  }

  /** The term's scalar, as graph ops. */
  static Operand<TFloat32> term(Context c, Term term) throws ModelException {
    return term.accept(new Objectives(c));
  }

  /** DeepDream: mean squared activation of the layer, or of one channel. */
  @Override
  public Operand<TFloat32> layer(Term.Layer l) throws ModelException {
    Operand<TFloat32> act = float32(tf, activation(c, l.target().layer()));
    return l.target().wholeLayer()
        ? tf.math.mean(tf.math.square(act), tf.constant(ALL_AXES))
        : tf.math.mean(
            tf.math.square(channel(tf, act, l.target().channel())), tf.constant(ALL_BUT_CHANNEL));
  }

  @Override
  public Operand<TFloat32> channel(Term.Channel ch) throws ModelException {
    Operand<TFloat32> pre = float32(tf, beforeRelu(activation(c, ch.target().layer())));
    return ch.target().wholeLayer()
        ? tf.math.mean(pre, tf.constant(ALL_AXES))
        : tf.math.mean(channel(tf, pre, ch.target().channel()), tf.constant(ALL_BUT_CHANNEL));
  }

  @Override
  public Operand<TFloat32> neuron(Term.Neuron n) throws ModelException {
    return neuron(
        tf, float32(tf, beforeRelu(activation(c, n.target().layer()))), n.target().channel());
  }

  /** Mean absolute difference of neighbouring pixels, in pixel levels (lucid's total variation). */
  @Override
  public Operand<TFloat32> totalVariation(Term.TotalVariation t) {
    Operand<TFloat32> px = pixels();
    Operand<TFloat32> dy = tf.math.sub(px, tf.roll(px, tf.constant(1), tf.constant(1)));
    Operand<TFloat32> dx = tf.math.sub(px, tf.roll(px, tf.constant(1), tf.constant(2)));
    return tf.math.add(
        tf.math.mean(tf.math.abs(dy), tf.constant(ALL_AXES)),
        tf.math.mean(tf.math.abs(dx), tf.constant(ALL_AXES)));
  }

  /** Mean squared distance from mid-grey, in units of half the range (0 grey, 1 extremes). */
  @Override
  public Operand<TFloat32> l2(Term.L2 t) {
    return tf.math.mean(tf.math.square(fromGrey()), tf.constant(ALL_AXES));
  }

  /** Mean absolute distance from mid-grey, in units of half the range (lucid's L1 on the input). */
  @Override
  public Operand<TFloat32> l1(Term.L1 t) {
    return tf.math.mean(tf.math.abs(fromGrey()), tf.constant(ALL_AXES));
  }

  /** The network's input as pixel levels 0..255. */
  private Operand<TFloat32> pixels() {
    return NetworkInput.pixels(tf, c.rgbInput(), c.network().entry().input());
  }

  /** Each pixel's signed distance from mid-grey, in units of half the range. */
  private Operand<TFloat32> fromGrey() {
    return tf.math.div(tf.math.sub(pixels(), tf.constant(127.5f)), tf.constant(127.5f));
  }

  /**
   * The input of a ReLU or ReLU6 activation; any other tensor as it is. ReLU6 caps activations at 6
   * with zero gradient above, so a channel pushed that far would stop improving while its
   * correlated neighbours catch up; the pre-activation keeps rising (as the TensorFlow DeepDream
   * tutorial's "_pre_relu" layers).
   */
  @SuppressWarnings("unchecked")
  static Operand<TFloat32> beforeRelu(Operand<TFloat32> act) {
    if (act.op() instanceof GraphOperation op
        && (op.type().equals("Relu") || op.type().equals("Relu6"))) {
      return (Operand<TFloat32>) op.input(0);
    }
    return act;
  }

  private static Operand<TFloat32> channel(Ops tf, Operand<TFloat32> act, int channel) {
    return tf.gather(act, tf.constant(channel), tf.constant(3));
  }

  /** The channel at the centre position of the frame (or tile) the network sees. */
  private static Operand<TFloat32> neuron(Ops tf, Operand<TFloat32> pre, int channel) {
    Operand<TInt32> shape = tf.shape(pre);
    Operand<TFloat32> plane = channel(tf, pre, channel);
    Operand<TInt32> cy =
        tf.math.floorDiv(tf.gather(shape, tf.constant(1), tf.constant(0)), tf.constant(2));
    Operand<TInt32> cx =
        tf.math.floorDiv(tf.gather(shape, tf.constant(2), tf.constant(0)), tf.constant(2));
    Operand<TFloat32> row = tf.gather(plane, cy, tf.constant(1));
    return tf.sum(tf.gather(row, cx, tf.constant(1)), tf.constant(0));
  }

  @Override
  public Operand<TFloat32> classLogit(Term.ClassLogit k) throws ModelException {
    if (k.index() < 0) {
      throw new IllegalArgumentException(k + ": resolve the label to a logit index first");
    }
    Output<TFloat32> raw = output(c.graph(), c.network().logits());
    Shape s = raw.shape();
    Operand<TFloat32> logits = float32(c.tf(), raw);
    if (!s.isUnknown() && s.numDimensions() != 2) {
      throw new ModelException(
          k
              + ": the logits tensor "
              + c.network().logits()
              + " has shape "
              + s
              + ", not [1, classes]: model.logits must name the network's class scores (after its pooling"
              + " and last dense layer); dreamzoom layers MODEL lists the tensors");
    }
    if (!s.isUnknown() && s.numDimensions() == 2 && s.size(1) > 0 && k.index() >= s.size(1)) {
      throw new ModelException(
          k + ": the network has " + s.size(1) + " logits (0.." + (s.size(1) - 1) + ")");
    }
    return tf.sum(tf.gather(logits, tf.constant(k.index()), tf.constant(1)), tf.constant(0));
  }

  /**
   * The DeepDream notebook's guide: each position's features dotted with the guide feature that
   * matches them best, averaged; its gradient pulls every position toward that best match.
   */
  @Override
  public Operand<TFloat32> guide(Term.Guide g) throws ModelException {
    Probe.Activation ref = c.refs().features(g.image(), g.layer());
    Operand<TFloat32> x = positions(tf, float32(tf, activation(c, g.layer())), ref.channels());
    Operand<TFloat32> guide =
        tf.constant(
            Shape.of(ref.positions(), ref.channels()), DataBuffers.of(ref.values(), true, false));
    Operand<TFloat32> dots =
        tf.linalg.matMul(x, guide, org.tensorflow.op.linalg.MatMul.transposeB(true));
    Operand<TFloat32> best = tf.max(dots, tf.constant(1));
    return tf.math.div(tf.math.mean(best, tf.constant(0)), tf.constant((float) ref.channels()));
  }

  /** Minus the mean squared Gram-matrix difference per layer, relative to the style's own Gram. */
  @Override
  public Operand<TFloat32> style(Term.Style s) throws ModelException {
    Operand<TFloat32> total = tf.constant(0f);
    for (String layer : s.layers()) {
      Probe.Activation ref = c.refs().features(s.image(), layer);
      int ch = ref.channels();
      float[] gram = c.refs().gram(s.image(), layer);
      double norm = 0;
      for (float v : gram) {
        norm += (double) v * v;
      }
      norm = Math.max(norm / gram.length, 1e-12);
      Operand<TFloat32> x = positions(tf, float32(tf, activation(c, layer)), ch);
      Operand<TFloat32> n = tf.dtypes.cast(tf.shape(x), TFloat32.class);
      Operand<TFloat32> frameGram =
          tf.math.div(
              tf.linalg.matMul(x, x, org.tensorflow.op.linalg.MatMul.transposeA(true)),
              tf.gather(n, tf.constant(0), tf.constant(0)));
      Operand<TFloat32> diff =
          tf.math.sub(frameGram, tf.constant(Shape.of(ch, ch), DataBuffers.of(gram, true, false)));
      total =
          tf.math.sub(
              total,
              tf.math.div(
                  tf.math.mean(tf.math.square(diff), tf.constant(new int[] {0, 1})),
                  tf.constant((float) norm)));
    }
    return tf.math.div(total, tf.constant((float) s.layers().size()));
  }

  /**
   * Minus the mean squared distance to the reference's activations, relative to their own mean
   * square. The reference runs through a second copy of the network with the same jitter, so both
   * line up position by position.
   */
  @Override
  public Operand<TFloat32> content(Term.Content ct) throws ModelException {
    String tensor = c.network().tensor(ct.layer());
    Operand<TFloat32> act = float32(tf, output(c.graph(), tensor));
    Operand<TFloat32> ref = float32(tf, output(c.graph(), CONTENT_TOWER + "/" + tensor));
    Operand<TFloat32> dist =
        tf.math.mean(tf.math.square(tf.math.sub(act, ref)), tf.constant(ALL_AXES));
    Operand<TFloat32> scale =
        tf.math.add(tf.math.mean(tf.math.square(ref), tf.constant(ALL_AXES)), tf.constant(1e-6f));
    return tf.math.neg(tf.math.div(dist, scale));
  }

  /** {@code [1, h, w, channels]} as {@code [h * w, channels]}. */
  private static Operand<TFloat32> positions(Ops tf, Operand<TFloat32> act, int channels) {
    return tf.reshape(act, tf.constant(new int[] {-1, channels}));
  }

  /**
   * {@code x} as float32: a network rewritten to bfloat16 yields bfloat16 activations (typed
   * float32 here, as Java generics cannot tell), and the objective is computed in float32.
   */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> float32(Ops tf, Operand<TFloat32> x) {
    Operand<?> raw = x;
    return raw.asOutput().dataType() == org.tensorflow.proto.DataType.DT_BFLOAT16
        ? tf.dtypes.cast(raw, TFloat32.class)
        : x;
  }

  /** A layer's tensor as the network computes it, float32 or bfloat16: see {@link #float32}. */
  private static Operand<TFloat32> activation(Context c, String layer) throws ModelException {
    return output(c.graph(), c.network().tensor(layer));
  }

  @SuppressWarnings("unchecked")
  static Output<TFloat32> output(Graph g, String name) throws ModelException {
    GraphOperation op = g.operation(name);
    if (op == null) {
      throw new ModelException("no operation '" + name + "' in the graph");
    }
    return (Output<TFloat32>) (Output<?>) op.output(0);
  }
}
