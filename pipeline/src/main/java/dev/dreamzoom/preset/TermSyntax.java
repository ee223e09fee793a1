package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How one kind of {@link Term} is written in an {@code objective}: its name, its arguments, what it
 * means, and how its arguments are read. {@link #ALL} is the one table the parser, the schema's doc
 * of the {@code objective} key and the command-line help read.
 *
 * @param usage the term as help shows it, e.g. {@code guide(IMAGE, L)}; without parentheses for a
 *     term that takes no arguments
 * @param example a term exactly as {@code toString()} prints it back, with {@code IMAGE} where a
 *     path goes (tests fill in a real image)
 */
public record TermSyntax(
    String name,
    Class<? extends Term> type,
    String usage,
    String meaning,
    String example,
    Reader reader) {

  /** Reads a term's arguments (between its parentheses) into the term. */
  @FunctionalInterface
  interface Reader {
    Term read(Arguments a) throws ScheduleException;
  }

  /** What a reader may take from between the parentheses; each names its position on error. */
  interface Arguments {
    /** {@code L} or {@code L#C}. */
    Target target() throws ScheduleException;

    /** {@code L#C}; an error for a whole layer, naming the term. */
    Target channelTarget(String term) throws ScheduleException;

    /** A layer name. */
    String layer() throws ScheduleException;

    /** {@code , L}: the next layer after a comma; {@code after} names what the comma follows. */
    String nextLayer(String after) throws ScheduleException;

    /** True when another {@code , ...} argument follows. */
    boolean more();

    /** An image path, resolved against the preset's folder. */
    Path image() throws ScheduleException;

    /** A class label or logit index, as written. */
    String label() throws ScheduleException;
  }

  /** Every term, in the order help lists them. */
  public static final List<TermSyntax> ALL =
      List.of(
          new TermSyntax(
              "layer",
              Term.Layer.class,
              "layer(L[#C])",
              "mean squared activation (DeepDream)",
              "layer(conv2d_5#3)",
              a -> new Term.Layer(a.target())),
          new TermSyntax(
              "channel",
              Term.Channel.class,
              "channel(L#C)",
              "a filter's mean before ReLU (channel(L): the layer's)",
              "channel(conv2d_9#40)",
              a -> new Term.Channel(a.target())),
          new TermSyntax(
              "neuron",
              Term.Neuron.class,
              "neuron(L#C)",
              "that channel at the centre",
              "neuron(conv2d_9#7)",
              a -> new Term.Neuron(a.channelTarget("neuron"))),
          new TermSyntax(
              "class",
              Term.ClassLogit.class,
              "class(LABEL|N)",
              "the classifier's logit (MobileNet: banana = 955, background is 0)",
              "class(955)",
              a -> {
                String label = a.label();
                return label.matches("\\d{1,6}")
                    ? new Term.ClassLogit(null, Integer.parseInt(label))
                    : new Term.ClassLogit(label, -1);
              }),
          new TermSyntax(
              "guide",
              Term.Guide.class,
              "guide(IMAGE, L)",
              "pull features toward a guide image's",
              "guide(IMAGE, conv2d_9)",
              a -> new Term.Guide(a.image(), a.nextLayer("the image"))),
          new TermSyntax(
              "style",
              Term.Style.class,
              "style(IMAGE, L, ...)",
              "minus the Gram distance to a style image (relative to its own)",
              "style(IMAGE, conv2d_3, conv2d_5)",
              a -> {
                Path image = a.image();
                List<String> layers = new ArrayList<>();
                do {
                  layers.add(a.nextLayer("the style image"));
                } while (a.more());
                return new Term.Style(image, layers);
              }),
          new TermSyntax(
              "content",
              Term.Content.class,
              "content(L)",
              "minus the distance to the picture the frame starts from (relative)",
              "content(conv2d_9)",
              a -> new Term.Content(a.layer())),
          new TermSyntax(
              "tv",
              Term.TotalVariation.class,
              "tv",
              "total variation (mean |neighbour difference|, pixel levels)",
              "tv",
              a -> new Term.TotalVariation()),
          new TermSyntax(
              "l2",
              Term.L2.class,
              "l2",
              "mean squared distance from grey (0..1)",
              "l2",
              a -> new Term.L2()),
          new TermSyntax(
              "l1",
              Term.L1.class,
              "l1",
              "mean absolute distance from grey (0..1; sparser than l2)",
              "l1",
              a -> new Term.L1()));

  /** True for a term written as a bare name, without parentheses. */
  public boolean bare() {
    return !usage.contains("(");
  }

  /** The syntax named {@code name}. */
  static Optional<TermSyntax> named(String name) {
    return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
  }

  /** Every term's name. */
  static List<String> names() {
    return ALL.stream().map(TermSyntax::name).toList();
  }

  /** {@code layer(L[#C]) mean squared activation (DeepDream); channel(L#C) ...}: for docs. */
  public static String described() {
    return ALL.stream().map(s -> s.usage + " " + s.meaning).collect(Collectors.joining("; "));
  }

  /** {@code layer(L[#C]) channel(L#C) ...}: for a short help line. */
  public static String usages() {
    return ALL.stream().map(TermSyntax::usage).collect(Collectors.joining(" "));
  }
}
