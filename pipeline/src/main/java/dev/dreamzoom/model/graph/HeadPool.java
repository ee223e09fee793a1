package dev.dreamzoom.model.graph;

import dev.dreamzoom.model.ModelException;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Makes a classifier's head work at any input size. ImageNet networks end in an average pool sized
 * for their training resolution (MobileNet's 7 x 7 {@code AvgPool_1a}, GoogLeNet's {@code
 * avgpool0}): at 640 x 360 it leaves a grid where the logits expect one position, and on a small
 * octave it does not fit at all. A global mean over height and width is what the pool computes at
 * the training size, and is defined at every size.
 */
public final class HeadPool {
  /** Ops a pool's value passes through on its way to the named head pool (ONNX's Dropout). */
  private static final Set<String> THROUGH = Set.of("Identity");

  private HeadPool() {}

  /**
   * {@code def} with node {@code name} replaced by a keep-dims spatial mean of what its average
   * pool pools. The node is the {@code AvgPool} itself, or an identity of one (an ONNX Dropout
   * after the pool).
   */
  public static GraphDef global(GraphDef def, String name) throws ModelException {
    Map<String, NodeDef> byName = GraphDefs.byName(def);
    NodeDef target = byName.get(name);
    if (target == null) {
      throw new ModelException("the graph has no head pool '" + name + "'");
    }
    NodeDef pool = target;
    for (int hop = 0; pool != null && !pool.getOp().equals("AvgPool") && hop < 4; hop++) {
      pool = THROUGH.contains(pool.getOp()) ? byName.get(GraphDefs.node(pool.getInput(0))) : null;
    }
    if (pool == null || !pool.getOp().equals("AvgPool")) {
      throw new ModelException(
          "head pool '" + name + "' is a " + target.getOp() + ", not an average pool");
    }
    NodeDef pooled = byName.get(GraphDefs.node(pool.getInput(0)));
    if (pooled != null && pooled.getOp().contains("Pad")) {
      // A global mean of the padded tensor would count the pads.
      throw new ModelException(
          "head pool '"
              + name
              + "' pools a padded tensor; only a pool without"
              + " pads can be made global");
    }
    GraphDef.Builder out = def.toBuilder().clearNode();
    for (NodeDef n : def.getNodeList()) {
      if (!n.getName().equals(name)) {
        out.addNode(n);
        continue;
      }
      String axes = name + "/global_axes";
      out.addNode(
          NodeDef.newBuilder()
              .setName(axes)
              .setOp("Const")
              .setDevice(n.getDevice())
              .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
              .putAttr(
                  "value",
                  AttrValue.newBuilder()
                      .setTensor(
                          TensorProto.newBuilder()
                              .setDtype(DataType.DT_INT32)
                              .addIntVal(1)
                              .addIntVal(2)
                              .setTensorShape(
                                  TensorShapeProto.newBuilder()
                                      .addDim(TensorShapeProto.Dim.newBuilder().setSize(2))))
                      .build()));
      out.addNode(
          NodeDef.newBuilder()
              .setName(name)
              .setOp("Mean")
              .setDevice(n.getDevice())
              .addInput(pool.getInput(0))
              .addInput(axes)
              .putAttr("T", pool.getAttrOrThrow("T"))
              .putAttr("Tidx", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
              .putAttr("keep_dims", AttrValue.newBuilder().setB(true).build()));
    }
    return out.build();
  }
}
