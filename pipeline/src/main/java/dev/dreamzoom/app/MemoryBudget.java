package dev.dreamzoom.app;

import dev.dreamzoom.model.Natives;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.model.graph.GraphCost;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a dream of a given size fits this process's memory, worked out before any of it is
 * allocated: the images in the Java heap (the dream keeps about {@link #IMAGES} full-size float
 * copies at once: image, octave base, detail, gradient, rolled and blurred copies) and the
 * network's activations in native memory, for one tile (or the whole image when it is not tiled),
 * forward and backward. Beyond either, the error says what size or tile fits.
 */
final class MemoryBudget {
  /** Full-size float RGB images alive at once, measured: 4 MP dreams in a 480 MB heap, not 320. */
  static final int IMAGES = 10;

  /**
   * Native bytes per byte of the forward pass's outputs (see {@link GraphCost#activationBytes}):
   * TensorFlow frees and reuses most of them, so a dream measures at about 0.3 (MobileNet at
   * 2000x2000 untiled: 1.5 GB over its 500x500 run); 0.5 leaves a margin.
   */
  static final double NATIVE_PER_FORWARD_BYTE = 0.5;

  private MemoryBudget() {}

  /**
   * @param what the work, for the message ("dream of photo.jpg", "frames of night")
   * @param tile {@code dream.tile}: 0 runs the network on the whole image
   * @param tileOption how a user sets the tile (an option or key), for the message
   */
  static void check(
      String what,
      int width,
      int height,
      int tile,
      Network network,
      Set<String> layers,
      String tileOption)
      throws IOException {
    long pixels = (long) width * height;
    Runtime rt = Runtime.getRuntime();
    long heapUsed = rt.totalMemory() - rt.freeMemory();
    long heapFree = rt.maxMemory() - heapUsed;
    long heapNeed = IMAGES * pixels * 12;
    if (heapNeed > heapFree) {
      // A tenth kept in hand: the heap a new process has free varies by tens of MB from run to
      // run, and the size suggested must fit the next run, not just this one.
      double s = Math.sqrt(0.9 * heapFree / heapNeed);
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s at %dx%d needs about %s of Java heap for its"
                  + " images and this process has %s free: about %dx%d fits; scale it down, or give Java more"
                  + " memory (DREAMZOOM_JAVA_OPTS=-Xmx%dg)",
              what,
              width,
              height,
              gib(heapNeed),
              gib(heapFree),
              even(width * s),
              even(height * s),
              (long) Math.ceil((heapNeed + heapUsed) / 1e9 * 1.2)));
    }
    int tw = tile == 0 ? width : Math.min(width, tile);
    int th = tile == 0 ? height : Math.min(height, tile);
    double perPixel = activationBytesPerPixel(network, layers);
    long nativeNeed = (long) (NATIVE_PER_FORWARD_BYTE * perPixel * tw * th);
    // The images still to be allocated grow the resident memory too, beyond the heap already
    // committed.
    long nativeFree =
        Natives.physicalLimit() - Natives.physicalInUse() - Math.max(0, heapNeed - rt.freeMemory());
    if (nativeNeed > nativeFree) {
      int fits =
          Math.max(
              64,
              (int) (Math.sqrt(Math.max(0, nativeFree) / (NATIVE_PER_FORWARD_BYTE * perPixel)) / 64)
                  * 64);
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s at %dx%d needs about %s of native memory for"
                  + " the network's activations on %s and this process may use %s more: compute it in tiles of"
                  + " at most %d pixels (%s %d)",
              what,
              width,
              height,
              gib(nativeNeed),
              tile == 0 ? "the whole image" : tw + "x" + th + " tiles",
              gib(Math.max(0, nativeFree)),
              fits,
              tileOption,
              fits));
    }
  }

  private static double activationBytesPerPixel(Network network, Set<String> layers) {
    if (layers.isEmpty()) {
      // Terms on the logits or the pixels alone: the recommended layers stand in for the network.
      layers = Set.copyOf(network.entry().layers());
      if (layers.isEmpty()) {
        return 0;
      }
    }
    int probe = 256;
    return (double) GraphCost.activationBytes(network, layers, probe, probe) / (probe * probe);
  }

  private static int even(double v) {
    return Math.max(16, (int) v / 2 * 2);
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }
}
