package dev.dreamzoom.model.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.testing.DebianPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The ONNX importer against the ONNX project's own per-operator test cases (Debian's {@code
 * libonnx-testdata}, ONNX 1.12: a model, its inputs and expected outputs per case): every case
 * whose operators the importer supports is imported, run, and its outputs compared with the
 * expected ones, |actual − expected| ≤ 1e-4 + 1e-3·|expected|. A case the importer refuses (an
 * attribute or input form it does not translate) is listed with the reason; a case it imports must
 * compute the expected numbers.
 */
@Tag("slow")
public class OnnxConformanceTest {
  static final Path DATA = Path.of("/usr/share/libonnx-testdata/data/node");
  static final double ATOL = 1e-4;
  static final double RTOL = 1e-3;

  record Counts(int[] n) {
    Counts() {
      this(new int[3]);
    }
  }

  @Test
  void supportedOperatorsComputeWhatOnnxExpects() throws Exception {
    DebianPackages.requireFile(DATA.resolve("test_relu/model.onnx"), "libonnx-testdata");
    Map<String, int[]> byOp = new TreeMap<>();
    List<String> refused = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    List<Path> cases;
    try (Stream<Path> s = Files.list(DATA)) {
      cases = s.filter(d -> Files.exists(d.resolve("model.onnx"))).sorted().toList();
    }
    for (Path dir : cases) {
      OnnxProto.ModelProto model =
          OnnxProto.ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
      List<String> ops =
          model.getGraph().getNodeList().stream()
              .map(OnnxProto.NodeProto::getOpType)
              .distinct()
              .toList();
      String op = String.join("+", ops);
      int[] c = byOp.computeIfAbsent(op, k -> new int[3]);
      if (!OnnxOps.SUPPORTED.containsAll(ops)) {
        c[2]++;
        continue;
      }
      String problem;
      try {
        problem = run(dir);
      } catch (ModelException e) {
        c[1]++;
        refused.add(
            dir.getFileName()
                + ": "
                + e.getMessage().replace(dir.toString(), "").replaceFirst("^/model.onnx: ", ""));
        continue;
      }
      if (problem == null) {
        c[0]++;
      } else {
        c[1]++;
        wrong.add(dir.getFileName() + ": " + problem);
      }
    }
    int[] total = new int[3];
    StringBuilder table =
        new StringBuilder("operator: passed / failed / skipped (unsupported operator)\n");
    byOp.forEach(
        (op, c) -> {
          if (c[0] + c[1] > 0) {
            table.append(String.format("%-24s %3d / %3d%n", op, c[0], c[1]));
          }
          for (int i = 0; i < 3; i++) {
            total[i] += c[i];
          }
        });
    table.append(
        String.format(
            "all %d cases: %d passed, %d failed, %d skipped%n",
            cases.size(), total[0], total[1], total[2]));
    System.out.println(table);
    System.out.println("refused (" + refused.size() + "):\n  " + String.join("\n  ", refused));
    System.out.println("wrong numbers (" + wrong.size() + "):\n  " + String.join("\n  ", wrong));
    assertTrue(
        total[0] >= 164,
        "at least the 164 ONNX cases that passed when this was written pass: " + total[0]);
    assertTrue(
        wrong.isEmpty(),
        "imported cases that compute something else:\n" + String.join("\n", wrong));
  }

  /** Runs every data set of one case; null when all outputs match, else what differed. */
  private static String run(Path dir) throws Exception {
    OnnxGraphs.Translated t = OnnxGraphs.translate(dir.resolve("model.onnx"), false);
    List<Path> sets;
    try (Stream<Path> s = Files.list(dir)) {
      sets =
          s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
    }
    try (Graph g = new Graph()) {
      g.importGraphDef(t.graphDef());
      try (Session session = new Session(g)) {
        for (Path set : sets) {
          Session.Runner r = session.runner();
          List<Tensor> fed = new ArrayList<>();
          try {
            for (int i = 0; i < t.inputs().size(); i++) {
              OnnxProto.TensorProto in =
                  OnnxProto.TensorProto.parseFrom(
                      Files.readAllBytes(set.resolve("input_" + i + ".pb")));
              Tensor tensor = tensor(in);
              fed.add(tensor);
              r.feed(t.inputs().get(i).tensor(), tensor);
            }
            t.outputs().forEach(r::fetch);
            try (Result res = r.run()) {
              for (int i = 0; i < t.outputs().size(); i++) {
                OnnxProto.TensorProto expected =
                    OnnxProto.TensorProto.parseFrom(
                        Files.readAllBytes(set.resolve("output_" + i + ".pb")));
                String diff = compare(expected, res.get(i));
                if (diff != null) {
                  return set.getFileName() + " output " + i + ": " + diff;
                }
              }
            }
          } finally {
            fed.forEach(Tensor::close);
          }
        }
      }
    } catch (RuntimeException e) {
      return "TensorFlow: " + e.getMessage().lines().findFirst().orElse("");
    }
    return null;
  }

  /** An ONNX tensor as fed: 4-D ones permuted to NHWC, as the importer holds them. */
  private static Tensor tensor(OnnxProto.TensorProto t) {
    long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    int[] order = dims.length == 4 ? order(dims, new int[] {0, 2, 3, 1}) : null;
    Shape shape =
        Shape.of(dims.length == 4 ? new long[] {dims[0], dims[2], dims[3], dims[1]} : dims);
    switch (t.getDataType()) {
      case 1, 11 -> {
        float[] v = OnnxGraphs.floats(t);
        float[] held = v.clone();
        for (int i = 0; order != null && i < v.length; i++) {
          held[i] = v[order[i]];
        }
        return TFloat32.tensorOf(shape, DataBuffers.of(held, true, false));
      }
      case 6, 7 -> {
        long[] v = OnnxGraphs.longs(t);
        long[] held = v.clone();
        for (int i = 0; order != null && i < v.length; i++) {
          held[i] = v[order[i]];
        }
        if (t.getDataType() == 7) {
          return TInt64.tensorOf(shape, DataBuffers.of(held, true, false));
        }
        return TInt32.tensorOf(
            shape,
            DataBuffers.of(
                java.util.Arrays.stream(held).mapToInt(x -> (int) x).toArray(), true, false));
      }
      default -> throw new IllegalArgumentException("input of ONNX type " + t.getDataType());
    }
  }

  /**
   * Values of a row-major tensor of {@code dims} with its axes permuted: new axis i is old perm[i].
   */
  public static float[] permute(float[] v, long[] dims, int[] perm) {
    int[] order = order(dims, perm);
    float[] out = new float[v.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = v[order[i]];
    }
    return out;
  }

  /** For each element of the permuted tensor, where it is in the original one. */
  static int[] order(long[] dims, int[] perm) {
    int r = dims.length;
    long[] nd = new long[r];
    for (int i = 0; i < r; i++) {
      nd[i] = dims[perm[i]];
    }
    long[] oldStride = strides(dims);
    int n = (int) java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    int[] out = new int[n];
    int[] idx = new int[r];
    for (int o = 0; o < n; o++) {
      long src = 0;
      for (int i = 0; i < r; i++) {
        src += idx[i] * oldStride[perm[i]];
      }
      out[o] = (int) src;
      for (int i = r - 1; i >= 0; i--) {
        if (++idx[i] < nd[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return out;
  }

  private static long[] strides(long[] dims) {
    long[] s = new long[dims.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  private static String compare(OnnxProto.TensorProto expected, Tensor actual) {
    long[] dims = expected.getDimsList().stream().mapToLong(Long::longValue).toArray();
    Shape shape = actual.shape();
    long[] got = shape.asArray();
    long[] want = dims.length == 4 ? new long[] {dims[0], dims[2], dims[3], dims[1]} : dims;
    if (!java.util.Arrays.equals(got, want)) {
      return "shape "
          + java.util.Arrays.toString(got)
          + " (as held), expected "
          + java.util.Arrays.toString(want);
    }
    double[] a;
    double[] e;
    if (actual instanceof TFloat32 f) {
      float[] v = new float[(int) shape.size()];
      f.copyTo(DataBuffers.of(v, false, false));
      if (dims.length == 4) {
        v = permute(v, want, new int[] {0, 3, 1, 2});
      }
      a = toDoubles(v);
      e = toDoubles(OnnxGraphs.floats(expected));
    } else if (actual instanceof TInt64 || actual instanceof TInt32) {
      long[] v = new long[(int) shape.size()];
      if (actual instanceof TInt64 l) {
        l.copyTo(DataBuffers.of(v, false, false));
      } else {
        int[] w = new int[v.length];
        ((TInt32) actual).copyTo(DataBuffers.of(w, false, false));
        v = java.util.Arrays.stream(w).asLongStream().toArray();
      }
      if (dims.length == 4) {
        int[] order = order(want, new int[] {0, 3, 1, 2});
        long[] back = v.clone();
        for (int i = 0; i < v.length; i++) {
          back[i] = v[order[i]];
        }
        v = back;
      }
      a = java.util.Arrays.stream(v).asDoubleStream().toArray();
      e = java.util.Arrays.stream(OnnxGraphs.longs(expected)).asDoubleStream().toArray();
    } else {
      return "output of type " + actual.dataType();
    }
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(a[i] - e[i]) <= ATOL + RTOL * Math.abs(e[i]))
          && !(Double.isNaN(e[i]) && Double.isNaN(a[i]))
          && !(Double.isInfinite(e[i]) && e[i] == a[i])) {
        return "value " + i + " is " + a[i] + ", expected " + e[i];
      }
    }
    return null;
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
