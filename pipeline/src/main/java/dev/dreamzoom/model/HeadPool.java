package dev.dreamzoom.model;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Makes a classifier's head work at any input size. ImageNet networks end in an average pool
 * sized for their training resolution (MobileNet's 7 x 7 {@code AvgPool_1a}, GoogLeNet's
 * {@code avgpool0}): at 640 x 360 it leaves a grid where the logits expect one position, and on a
 * small octave it does not fit at all. A global mean over height and width is what the pool
 * computes at the training size, and is defined at every size.
 */
final class HeadPool {
  private HeadPool() {}

  /** {@code def} with the {@code AvgPool} node {@code name} replaced by a keep-dims spatial mean. */
  static GraphDef global(GraphDef def, String name) throws ModelException {
    GraphDef.Builder out = def.toBuilder().clearNode();
    boolean found = false;
    for (NodeDef n : def.getNodeList()) {
      if (!n.getName().equals(name)) {
        out.addNode(n);
        continue;
      }
      if (!n.getOp().equals("AvgPool")) {
        throw new ModelException("head pool '" + name + "' is a " + n.getOp() + ", not an AvgPool");
      }
      found = true;
      String axes = name + "/global_axes";
      out.addNode(NodeDef.newBuilder().setName(axes).setOp("Const").setDevice(n.getDevice())
          .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
          .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
              .setDtype(DataType.DT_INT32).addIntVal(1).addIntVal(2)
              .setTensorShape(TensorShapeProto.newBuilder()
                  .addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))).build()));
      out.addNode(NodeDef.newBuilder().setName(name).setOp("Mean").setDevice(n.getDevice())
          .addInput(n.getInput(0)).addInput(axes)
          .putAttr("T", n.getAttrOrThrow("T"))
          .putAttr("Tidx", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
          .putAttr("keep_dims", AttrValue.newBuilder().setB(true).build()));
    }
    if (!found) {
      throw new ModelException("the graph has no head pool '" + name + "'");
    }
    return out.build();
  }
}
