package dev.dreamzoom.model;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * Builds a TensorFlow graph from a Keras HDF5 weight file of a VGG-style network (the official
 * {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5} and its VGG19 sibling): 3×3
 * convolutions with bias and ReLU, and 2×2 max pooling, in the file's layer order.
 *
 * <p>A weight file holds weights, not the architecture, so layer types are read off the weights: a
 * 4-D kernel with a bias is a convolution (Keras "same" padding, stride 1, ReLU), a layer without
 * weights whose name says "pool" is 2×2/2 max pooling, other weightless layers (input, flatten,
 * dropout) pass through, and the first dense layer (2-D kernel) ends the convolution stack:
 * dreaming only needs the convolutions. Ops are named after the Keras layers, so {@code
 * block4_conv3} is that layer's ReLU output.
 */
final class KerasConvStack {
  private static final Logger log = LoggerFactory.getLogger(KerasConvStack.class);
  static final String INPUT = "input";

  /**
   * Keras' "caffe" preprocessing of the VGG ImageNet weights: BGR channels with the ImageNet mean
   * (B 103.939, G 116.779, R 123.68) subtracted, no scaling.
   */
  static final InputSpec CAFFE_INPUT =
      new InputSpec(INPUT, new float[] {123.68f, 116.779f, 103.939f}, new float[] {1f}, true);

  private static final String RENAME = "__layer_output";
  private static final Pattern VGG_CONV = Pattern.compile("block(\\d+)_conv(\\d+)");
  private static final Pattern VGG_POOL = Pattern.compile("block(\\d+)_pool");

  private KerasConvStack() {}

  static ImportedGraph read(Path file) throws ModelException {
    Natives.tensorFlow();
    try (HdfFile h5 = new HdfFile(file);
        Graph g = new Graph()) {
      // Weights saved with model.save() sit under "model_weights"; save_weights() puts them at the
      // root.
      Group root = h5.getChild("model_weights") instanceof Group mw ? mw : h5;
      String[] layerNames = strings(root, "layer_names", file);
      Ops tf = Ops.create(g);
      Operand<TFloat32> x =
          tf.withName(INPUT)
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      long channels = 3;
      int convolutions = 0;
      Map<String, String> aliases = new LinkedHashMap<>();
      for (String name : layerNames) {
        // A weightless layer may have no group of its own.
        List<Dataset> weights =
            root.getChild(name) instanceof Group layer ? weights(layer, file) : List.of();
        if (weights.isEmpty()) {
          if (name.contains("pool")) {
            x =
                tf.withName(name)
                    .nn
                    .maxPool(
                        x,
                        tf.constant(new int[] {1, 2, 2, 1}),
                        tf.constant(new int[] {1, 2, 2, 1}),
                        "VALID");
            alias(aliases, name, VGG_POOL, "pool%s");
          }
          continue;
        }
        int[] k = weights.get(0).getDimensions();
        if (k.length == 2) {
          log.debug("{}: stopping at dense layer {}; dreaming uses the convolutions", file, name);
          break;
        }
        if (weights.size() != 2
            || k.length != 4
            || weights.get(1).getDimensions().length != 1
            || weights.get(1).getDimensions()[0] != k[3]) {
          throw new ModelException(
              file
                  + ": layer '"
                  + name
                  + "' is not a convolution with bias"
                  + " (weights "
                  + shapes(weights)
                  + "); only VGG-style stacks of convolutions and max"
                  + " pooling can be read from Keras HDF5 weights: export other networks as a SavedModel");
        }
        if (k[2] != channels) {
          throw new ModelException(
              file
                  + ": layer '"
                  + name
                  + "' takes "
                  + k[2]
                  + " channels but the layer before it gives "
                  + channels);
        }
        Ops scope = tf.withSubScope(name);
        Operand<TFloat32> kernel =
            scope
                .withName("kernel")
                .constant(Shape.of(k[0], k[1], k[2], k[3]), DataBuffers.of(floats(weights.get(0))));
        Operand<TFloat32> bias =
            scope.withName("bias").constant(Shape.of(k[3]), DataBuffers.of(floats(weights.get(1))));
        Operand<TFloat32> conv =
            scope.withName("Conv2D").nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
        // TensorFlow Java will not name an op like an existing scope; renamed in the GraphDef
        // below.
        x = tf.withName(name + RENAME).nn.relu(scope.withName("BiasAdd").nn.biasAdd(conv, bias));
        channels = k[3];
        convolutions++;
        alias(aliases, name, VGG_CONV, "conv%s_%s");
      }
      if (convolutions == 0) {
        throw new ModelException(
            file
                + " has no convolution layers (layer_names: "
                + String.join(", ", layerNames)
                + ")");
      }
      return new ImportedGraph(withoutSuffix(g.toGraphDef()), INPUT, aliases);
    } catch (ModelException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelException(
          file + " is not a readable Keras HDF5 weight file: " + e.getMessage(), e);
    }
  }

  /** Renames {@code <layer>__layer_output} to {@code <layer>}, in node names and inputs. */
  private static GraphDef withoutSuffix(GraphDef def) {
    GraphDef.Builder out = def.toBuilder().clearNode();
    for (NodeDef n : def.getNodeList()) {
      NodeDef.Builder b = n.toBuilder().setName(n.getName().replace(RENAME, "")).clearInput();
      n.getInputList().forEach(in -> b.addInput(in.replace(RENAME, "")));
      out.addNode(b);
    }
    return out.build();
  }

  /** The Caffe-style short name ({@code conv4_3}, {@code pool4}) of a Keras VGG layer name. */
  private static void alias(
      Map<String, String> aliases, String name, Pattern keras, String format) {
    Matcher m = keras.matcher(name);
    if (m.matches()) {
      Object[] numbers = new Object[m.groupCount()];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = m.group(i + 1);
      }
      aliases.put(String.format(format, numbers), name);
    }
  }

  /** The layer's weights in the order its weight_names attribute lists them (kernel, then bias). */
  private static List<Dataset> weights(Group layer, Path file) throws ModelException {
    List<Dataset> out = new ArrayList<>();
    if (layer.getAttribute("weight_names") == null) {
      // Keras writes an empty list for weightless layers; other writers may leave it out.
      return out;
    }
    for (String w : strings(layer, "weight_names", file)) {
      // Keras 1 files name a dataset directly ("block1_conv1_W_1:0"), Keras 2 as a path
      // ("block1_conv1/kernel:0"); both resolve against the layer's group.
      Node n = layer.getByPath(w);
      if (!(n instanceof Dataset d)) {
        throw new ModelException(
            file + ": weight '" + w + "' of layer '" + layer.getName() + "' is not a dataset");
      }
      out.add(d);
    }
    return out;
  }

  private static String[] strings(Node node, String attribute, Path file) throws ModelException {
    Attribute a = node.getAttribute(attribute);
    if (a == null) {
      throw new ModelException(
          file
              + " is not a Keras weight file: "
              + node.getPath()
              + " has no '"
              + attribute
              + "' attribute");
    }
    if (a.isEmpty()) {
      return new String[0];
    }
    Object data = a.getData();
    if (data instanceof String[] s) {
      return s;
    }
    if (data instanceof String s) {
      return new String[] {s};
    }
    throw new ModelException(
        file + ": attribute '" + attribute + "' of " + node.getPath() + " is not a list of names");
  }

  private static float[] floats(Dataset d) {
    Object flat = d.getDataFlat();
    if (flat instanceof float[] f) {
      return f;
    }
    if (flat instanceof double[] v) {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      return f;
    }
    throw new IllegalArgumentException(
        "dataset " + d.getPath() + " holds " + d.getJavaType() + ", not floating-point weights");
  }

  private static String shapes(List<Dataset> weights) {
    List<String> s = new ArrayList<>();
    for (Dataset d : weights) {
      s.add(java.util.Arrays.toString(d.getDimensions()));
    }
    return String.join(" ", s);
  }
}
