package dev.dreamzoom.dream;

import dev.dreamzoom.image.RgbImage;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Images as the {@code [1, h, w, 3]} float tensors the step graph takes, and back. */
final class Tensors {
  private Tensors() {}

  static TFloat32 tensor(RgbImage img) {
    return tensor(img.pixels(), img.width(), img.height());
  }

  static TFloat32 tensor(float[] px, int w, int h) {
    return TFloat32.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(px, true, false));
  }

  static RgbImage image(TFloat32 t, int w, int h) {
    float[] out = new float[w * h * 3];
    t.copyTo(DataBuffers.of(out, false, false));
    return new RgbImage(w, h, out);
  }
}
