package dev.dreamzoom.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds the salient subject of a picture with ISNet ({@link SegmentationStore}) through DJL's ONNX
 * Runtime engine: the network only infers, so it runs where ONNX files run best rather than through
 * the TensorFlow import the dreaming networks need for their gradients. The picture is resized to
 * the network's fixed 1024x1024 and fed as {@code (p - 128) / 256} per channel (IMG.LY's
 * preprocessing); the mask comes back at the picture's size.
 */
public final class Segmenter implements AutoCloseable {
  private static final int SIDE = 1024;

  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final NDManager manager;

  private Segmenter(ZooModel<NDList, NDList> model) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.manager = NDManager.newBaseManager("OnnxRuntime");
  }

  /** The version of the ONNX Runtime library the segmentation network runs on. */
  public static String onnxRuntimeVersion() {
    return ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
  }

  /** Loads the network from its verified ONNX file. */
  public static Segmenter open(Path onnx) throws ModelException {
    // ONNX Runtime would otherwise load the default engine (TensorFlow) beside it for ops it lacks;
    // ISNet needs none, and loading TensorFlow here would bypass Natives.
    System.setProperty("ai.djl.onnx.disable_alternative", "true");
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(onnx)
            .optEngine("OnnxRuntime")
            .optTranslator(new NoopTranslator())
            .build();
    try {
      return new Segmenter(criteria.loadModel());
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new ModelException(
          "cannot load the segmentation network " + onnx + ": " + e.getMessage(), e);
    }
  }

  /** How much each pixel of {@code picture} belongs to its salient subject, 0..1. */
  public Mask subject(RgbImage picture) throws ModelException {
    RgbImage in = picture.resize(SIDE, SIDE);
    float[] p = in.pixels();
    float[] chw = new float[3 * SIDE * SIDE];
    for (int i = 0; i < SIDE * SIDE; i++) {
      for (int c = 0; c < 3; c++) {
        chw[c * SIDE * SIDE + i] = (p[3 * i + c] - 128) / 256f;
      }
    }
    try (NDManager frame = manager.newSubManager()) {
      NDList out = predictor.predict(new NDList(frame.create(chw, new Shape(1, 3, SIDE, SIDE))));
      float[] weights = out.get(0).toFloatArray();
      return new Mask(SIDE, SIDE, weights).resize(picture.width(), picture.height());
    } catch (TranslateException e) {
      throw new ModelException("the segmentation network failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    manager.close();
    predictor.close();
    model.close();
  }
}
