package dev.dreamzoom.dream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where the session runs of a dream step spend their time, from TensorFlow's own step statistics (a
 * full trace of each run): per op type, the summed execution time of its nodes and how often they
 * ran, and the runs' wall time. Ops run two at a time on two threads, so op times can add up to
 * more than the wall time; the wall time left over beyond the op times is the per-run overhead.
 */
public final class StepProfile {
  /**
   * One op type's share of a run: its nodes and their summed time. {@code onednn} when TensorFlow
   * ran it through a oneDNN kernel.
   */
  public record Op(String type, long nodes, double millis, boolean onednn) {}

  private final Map<String, long[]> byType = new HashMap<>();
  private long runs;
  private double wallMillis;

  /** Adds one run's trace; {@code typeOf} gives a node's op type from its name. */
  void add(RunMetadata metadata, double wallMillis, Function<String, String> typeOf) {
    runs++;
    this.wallMillis += wallMillis;
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        // The label names the kernel that ran ("name = _MklNativeConv2D(...)"), after TensorFlow's
        // rewrites; the graph we built knows only the op as written (Conv2D).
        String label = node.getTimelineLabel();
        int eq = label.indexOf(" = ");
        int paren = label.indexOf('(', eq + 3);
        String type =
            eq > 0 && paren > eq
                ? label.substring(eq + 3, paren)
                : typeOf.apply(node.getNodeName());
        long[] t = byType.computeIfAbsent(type, k -> new long[2]);
        t[0]++;
        t[1] +=
            node.getAllEndRelNanos() > 0
                ? node.getAllEndRelNanos()
                : 1000 * node.getAllEndRelMicros();
      }
    }
  }

  /** Wall time per run, milliseconds. */
  public double wallMillisPerRun() {
    return runs == 0 ? 0 : wallMillis / runs;
  }

  /** Op types by time spent per run, most first. */
  public List<Op> ops() {
    List<Op> ops = new ArrayList<>();
    byType.forEach(
        (type, t) ->
            ops.add(
                new Op(
                    type,
                    t[0] / Math.max(1, runs),
                    t[1] / 1e6 / Math.max(1, runs),
                    type.contains("Mkl") || type.startsWith("_OneDnn"))));
    ops.sort(Comparator.comparingDouble(Op::millis).reversed());
    return ops;
  }
}
