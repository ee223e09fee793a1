package dev.dreamzoom.model;

/**
 * A network that loaded but failed to compute on an image (an ONNX attribute out of range, shapes
 * that do not fit): the model's fault, not the program's, so it is reported as one line naming the
 * node TensorFlow names, not as a bug. Unchecked, because it surfaces from deep in the dream loop.
 */
public final class NetworkFailure extends RuntimeException {
  private NetworkFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code e} as a network failure when TensorFlow raised it (its exceptions are of several
   * families: {@code TFInvalidArgumentException} is an {@code IllegalArgumentException}); any other
   * exception is returned as it is.
   */
  public static RuntimeException of(RuntimeException e, String model) {
    if (!e.getClass().getName().startsWith("org.tensorflow.")) {
      return e;
    }
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
    String node = String.valueOf(e.getMessage()).replaceAll("(?s).*\\{\\{node ([^}]+)}}.*", "$1");
    return new NetworkFailure(
        "model "
            + model
            + " failed to compute: "
            + first
            + (node.equals(e.getMessage()) ? "" : " (at " + node + ")")
            + "; its file is damaged, or the network needs another input size or uses what dreamzoom does not"
            + " support",
        e);
  }
}
