package dev.dreamzoom.model;

import java.util.Arrays;

/**
 * How pixels reach a network: which tensor takes them, and how 0..255 RGB values are turned into
 * what the network was trained on, {@code (p - offset) / scale} per channel, in BGR order for
 * networks converted from Caffe (VGG, the Keras ImageNet weights).
 *
 * @param tensor the input tensor's operation name; null where the network itself says (a
 *     SavedModel's signature, a graph's only placeholder)
 * @param offset per channel, in R, G, B order
 * @param scale per channel, in R, G, B order; each above zero
 * @param bgr whether the network takes its channels as B, G, R
 */
public record InputSpec(String tensor, float[] offset, float[] scale, boolean bgr) {
  public InputSpec {
    offset = rgb(offset, "offset");
    scale = rgb(scale, "scale");
    for (int c = 0; c < 3; c++) {
      if (!Float.isFinite(offset[c])) {
        throw new IllegalArgumentException("offset must be finite, got " + Arrays.toString(offset));
      }
      if (!(scale[c] > 0) || !Float.isFinite(scale[c])) {
        throw new IllegalArgumentException("scale must be above 0, got " + Arrays.toString(scale));
      }
    }
  }

  /** The same offset and scale for all three channels, RGB order. */
  public static InputSpec uniform(String tensor, float offset, float scale) {
    return new InputSpec(tensor, new float[] {offset}, new float[] {scale}, false);
  }

  /** This spec with the given parts replaced; null keeps a part as it is. */
  public InputSpec with(String tensor, float[] offset, float[] scale, Boolean bgr) {
    return new InputSpec(
        tensor != null ? tensor : this.tensor,
        offset != null ? offset : this.offset,
        scale != null ? scale : this.scale,
        bgr != null ? bgr : this.bgr);
  }

  /** One value or three: one stands for all channels. */
  private static float[] rgb(float[] v, String what) {
    if (v == null || (v.length != 1 && v.length != 3)) {
      throw new IllegalArgumentException(what + " needs 1 or 3 values (R, G, B)");
    }
    return v.length == 1 ? new float[] {v[0], v[0], v[0]} : v.clone();
  }

  @Override
  public float[] offset() {
    return offset.clone();
  }

  @Override
  public float[] scale() {
    return scale.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputSpec s
        && java.util.Objects.equals(tensor, s.tensor)
        && Arrays.equals(offset, s.offset)
        && Arrays.equals(scale, s.scale)
        && bgr == s.bgr;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(tensor, Arrays.hashCode(offset), Arrays.hashCode(scale), bgr);
  }

  @Override
  public String toString() {
    return (tensor == null ? "(signature input)" : tensor)
        + ": (p - "
        + Arrays.toString(offset)
        + ") / "
        + Arrays.toString(scale)
        + (bgr ? ", BGR" : ", RGB");
  }
}
