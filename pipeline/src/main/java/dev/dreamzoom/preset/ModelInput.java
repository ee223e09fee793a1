package dev.dreamzoom.preset;

/**
 * What a preset says about feeding its network and reading its classes ({@code model.input}, {@code
 * model.offset}, {@code model.scale}, {@code model.channels}, {@code model.logits}, {@code
 * model.labels}); each part null where the preset leaves it to the model catalog, or to the network
 * itself.
 *
 * @param offset 1 value or 3 (R, G, B)
 * @param scale 1 value or 3 (R, G, B), each above zero
 * @param bgr true for {@code model.channels = bgr}
 * @param logits the tensor of class logits, shape [1, classes]
 * @param labels a labels file: one label per line, logit 0 first
 */
public record ModelInput(
    String tensor,
    float[] offset,
    float[] scale,
    Boolean bgr,
    String logits,
    java.nio.file.Path labels) {
  public static final ModelInput DEFAULT = new ModelInput(null, null, null, null, null, null);

  public ModelInput {
    offset = offset == null ? null : offset.clone();
    scale = scale == null ? null : scale.clone();
  }

  /**
   * True for a {@code model} value that names a file or folder (a frozen {@code .pb}, a Keras
   * {@code .h5}, a SavedModel folder given with a {@code /}) rather than a catalog entry.
   */
  public static boolean isPath(String model) {
    String m = model.toLowerCase(java.util.Locale.ROOT);
    return m.contains("/") || m.endsWith(".pb") || m.endsWith(".h5") || m.endsWith(".hdf5");
  }
}
