package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One scalar that gradient ascent maximizes, as a preset's {@code objective} writes it (lucid's
 * objectives). Terms are plain data here; {@link TermSyntax#ALL} says how each is written, and the
 * dream stage turns each into graph ops by implementing {@link Visitor}, so a new term that a stage
 * does not handle is a compile error there, not a silent default. Each {@code toString()} is the
 * term in preset syntax.
 */
public sealed interface Term {
  /** The layers this term reads, for checking against the network before any work. */
  List<Target> targets();

  /**
   * The images this term compares against (guide, style), each read at every one of its targets.
   */
  default List<Path> images() {
    return List.of();
  }

  /** Calls the visitor's method for this kind of term. */
  <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

  /** One method per kind of term: what a stage that handles every term implements. */
  interface Visitor<R, X extends Exception> {
    R layer(Layer t) throws X;

    R channel(Channel t) throws X;

    R neuron(Neuron t) throws X;

    R classLogit(ClassLogit t) throws X;

    R guide(Guide t) throws X;

    R style(Style t) throws X;

    R content(Content t) throws X;

    R totalVariation(TotalVariation t) throws X;

    R l2(L2 t) throws X;

    R l1(L1 t) throws X;
  }

  /** {@code layer(L)} or {@code layer(L#C)}: DeepDream, the mean squared activation. */
  record Layer(Target target) implements Term {
    public Layer {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public List<Target> targets() {
      return List.of(target);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.layer(this);
    }

    @Override
    public String toString() {
      return "layer(" + target + ")";
    }
  }

  /**
   * {@code channel(L#C)}: one filter's mean activation, taken before a ReLU or ReLU6; {@code
   * channel(L)} is the whole layer's mean.
   */
  record Channel(Target target) implements Term {
    public Channel {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public List<Target> targets() {
      return List.of(target);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.channel(this);
    }

    @Override
    public String toString() {
      return "channel(" + target + ")";
    }
  }

  /** {@code neuron(L#C)}: one channel at the centre position only, before a ReLU. */
  record Neuron(Target target) implements Term {
    public Neuron {
      if (target.wholeLayer()) {
        throw new IllegalArgumentException("neuron(...) needs a channel: layer#channel");
      }
    }

    @Override
    public List<Target> targets() {
      return List.of(target);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.neuron(this);
    }

    @Override
    public String toString() {
      return "neuron(" + target + ")";
    }
  }

  /**
   * {@code class(banana)} or {@code class(955)}: the classifier's logit for a class, named by label
   * (resolved against the model's labels once it is loaded) or by logit index.
   *
   * @param label the label text, or null when given by index
   * @param index the logit index, or -1 until a label is resolved
   */
  record ClassLogit(String label, int index) implements Term {
    public ClassLogit {
      if ((label == null) == (index < 0)) {
        throw new IllegalArgumentException("a class is named by exactly one of label or index");
      }
    }

    /** The same class with its label resolved to a logit index. */
    public ClassLogit resolved(int logit) {
      return new ClassLogit(null, logit);
    }

    @Override
    public List<Target> targets() {
      return List.of();
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.classLogit(this);
    }

    @Override
    public String toString() {
      return "class(" + (label == null ? Integer.toString(index) : label) + ")";
    }
  }

  /**
   * {@code guide(IMAGE, L)}: each position's features pulled toward the best-matching feature of a
   * guide image (the DeepDream notebook's "controlling dreams").
   */
  record Guide(Path image, String layer) implements Term {
    public Guide {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(layer, "layer");
    }

    @Override
    public List<Target> targets() {
      return List.of(Target.layer(layer));
    }

    @Override
    public List<Path> images() {
      return List.of(image);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.guide(this);
    }

    @Override
    public String toString() {
      return "guide(" + image + ", " + layer + ")";
    }
  }

  /** {@code style(IMAGE, L1, L2, ...)}: minus the Gram-matrix distance to a style image's. */
  record Style(Path image, List<String> layers) implements Term {
    public Style {
      Objects.requireNonNull(image, "image");
      layers = List.copyOf(layers);
      if (layers.isEmpty()) {
        throw new IllegalArgumentException("style(...) needs at least one layer");
      }
    }

    @Override
    public List<Target> targets() {
      return layers.stream().map(Target::layer).toList();
    }

    @Override
    public List<Path> images() {
      return List.of(image);
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.style(this);
    }

    @Override
    public String toString() {
      return "style(" + image + ", " + String.join(", ", layers) + ")";
    }
  }

  /**
   * {@code content(L)}: minus the distance to the activations of the picture the dream starts from
   * (the seed photo on the first frame and for a still), so the dream decorates it.
   */
  record Content(String layer) implements Term {
    public Content {
      Objects.requireNonNull(layer, "layer");
    }

    @Override
    public List<Target> targets() {
      return List.of(Target.layer(layer));
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.content(this);
    }

    @Override
    public String toString() {
      return "content(" + layer + ")";
    }
  }

  /**
   * {@code tv}: total variation, the mean squared difference of neighbouring pixels (a penalty).
   */
  record TotalVariation() implements Term {
    @Override
    public List<Target> targets() {
      return List.of();
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.totalVariation(this);
    }

    @Override
    public String toString() {
      return "tv";
    }
  }

  /** {@code l2}: the mean squared distance from mid-grey (a penalty). */
  record L2() implements Term {
    @Override
    public List<Target> targets() {
      return List.of();
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.l2(this);
    }

    @Override
    public String toString() {
      return "l2";
    }
  }

  /** {@code l1}: the mean absolute distance from mid-grey (lucid's L1 on the input; a penalty). */
  record L1() implements Term {
    @Override
    public List<Target> targets() {
      return List.of();
    }

    @Override
    public <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X {
      return visitor.l1(this);
    }

    @Override
    public String toString() {
      return "l1";
    }
  }
}
