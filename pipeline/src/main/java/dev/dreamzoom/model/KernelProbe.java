package dev.dreamzoom.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What TensorFlow really dispatched to, as oneDNN itself reports it: a second JVM runs one
 * convolution and its input gradient with {@code ONEDNN_VERBOSE=1} (which oneDNN reads once, at
 * start) and this reads oneDNN's lines back. {@link Kernels#here} says what to expect from the
 * CPU's flags; this is the measurement that checks it ({@code bench} prints both).
 *
 * @param isa oneDNN's own words for the instruction set ({@code Intel AVX2}), or null when oneDNN
 *     printed nothing (it is off)
 * @param convolution the implementation that ran the float32 convolution ({@code brgconv:avx2}), or
 *     null
 */
public record KernelProbe(String isa, String convolution) {
  private static final long TIMEOUT_S = 120;

  /**
   * The kernel family the observed convolution belongs to, named as {@link Kernels#family} names
   * it.
   */
  public String family() {
    if (convolution == null) {
      return "eigen"; // oneDNN may still print its isa line at start while TensorFlow computes
      // without it
    }
    for (String f : List.of("avx512_core", "avx2", "avx", "sse41")) {
      if (convolution.contains(f)) {
        return "onednn-" + f;
      }
    }
    return "onednn-" + convolution;
  }

  /** Runs the probe in a second JVM with this one's classpath and environment. */
  public static KernelProbe run() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), KernelProbe.class.getName())
            .redirectErrorStream(true);
    pb.environment().put("ONEDNN_VERBOSE", "1");
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(
            "the kernel probe failed: "
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while probing the kernels", e);
    }
    return parse(lines);
  }

  /**
   * Reads oneDNN's verbose lines: {@code onednn_verbose,info,cpu,isa:...} and the convolution's
   * {@code exec} line.
   */
  static KernelProbe parse(List<String> lines) {
    String isa = null;
    String convolution = null;
    for (String line : lines) {
      if (!line.startsWith("onednn_verbose,")) {
        continue;
      }
      int at = line.indexOf(",isa:");
      if (at >= 0) {
        isa = line.substring(at + 5).strip();
      }
      String[] f = line.split(",");
      for (int i = 0; i + 1 < f.length; i++) {
        if (f[i].equals("exec") && convolution == null) {
          for (int j = i + 1; j + 1 < f.length; j++) {
            if (f[j].equals("convolution")) {
              convolution = f[j + 1];
              break;
            }
          }
        }
      }
    }
    return new KernelProbe(isa, convolution);
  }

  /** The probe's second JVM: a 3x3 convolution of a 1x32x32x16 input and its input gradient. */
  public static void main(String[] args) {
    Natives.tensorFlow();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x =
          tf.withName("x")
              .placeholderWithDefault(
                  tf.fill(tf.constant(new int[] {1, 32, 32, 16}), tf.constant(0.5f)),
                  Shape.of(1, 32, 32, 16));
      Operand<TFloat32> w = tf.fill(tf.constant(new int[] {3, 3, 16, 32}), tf.constant(0.01f));
      Operand<TFloat32> y = tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME");
      Operand<TFloat32> loss = tf.math.mean(tf.math.square(y), tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grad = g.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()});
      try (Session s = new Session(g);
          var r = s.runner().fetch(loss).fetch(grad[0]).run()) {
        System.out.flush();
      }
    }
  }
}
