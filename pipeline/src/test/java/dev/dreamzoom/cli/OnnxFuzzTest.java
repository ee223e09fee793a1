package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import dev.dreamzoom.model.onnx.OnnxProto;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.TinyOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated ONNX files (initializers' dims, data and types; nodes' ops, inputs and attributes; the
 * graph's input shape and type; raw bytes), each dreamed on with {@code dream}: every case ends in
 * a dream or in one {@code error:} line, never a stack trace or "this is a bug", and never writes
 * outside the output it was given. The seed and the number of cases are printed, and a failure
 * names the case, so it can be replayed.
 */
@Tag("slow")
class OnnxFuzzTest {
  /**
   * Fixed for CI; {@code -Ddreamzoom.fuzz.seed=N -Ddreamzoom.fuzz.cases=M} explores or replays
   * others.
   */
  private static final long SEED = Long.getLong("dreamzoom.fuzz.seed", 5L);

  private static final int CASES = Integer.getInteger("dreamzoom.fuzz.cases", 250);

  @TempDir Path dir;

  @Test
  void mutatedOnnxFilesGiveADreamOrOneCleanError() throws Exception {
    OnnxProto.ModelProto good =
        OnnxProto.ModelProto.parseFrom(
            Files.readAllBytes(TinyOnnx.write(dir.resolve("good.onnx"))));
    Path photo = Shared.image("chelsea.png");
    SplittableRandom random = new SplittableRandom(SEED);
    int dreamed = 0;
    int refused = 0;
    List<String> kinds = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    java.util.Map<String, String> samples = new java.util.TreeMap<>();
    for (int c = 0; c < CASES; c++) {
      Path file = dir.resolve("case" + c + ".onnx");
      String kind = mutate(good, random, file);
      kinds.add(kind);
      Path out = dir.resolve("out" + c + ".png");
      CliTest.Run run =
          CliTest.run(
              new String[] {
                "dream",
                photo.toString(),
                out.toString(),
                "--model",
                file.toString(),
                "--layer",
                "/relu2/Relu_output_0",
                "--octaves",
                "1",
                "--iterations",
                "1",
                "--tile",
                "0",
                "--model-mirror",
                Shared.models().toString()
              });
      int code = run.code();
      String err = run.err();
      String where = "case " + c + " (seed " + SEED + ", " + kind + "): ";
      if (code == 0) {
        dreamed++;
        assertTrue(Files.isRegularFile(out), where + "exit 0 but no image");
      } else {
        refused++;
        String kindOfError =
            err.replaceAll(".*?(initializer|node|input|output|the network|not an ONNX)", "$1")
                .replaceAll("'[^']*'", "'…'")
                .replaceAll("[\\d.]+", "N");
        samples.putIfAbsent(
            kindOfError.substring(0, Math.min(40, kindOfError.length())), err.strip());
        if (code != 1
            || !err.startsWith("error: ")
            || err.strip().lines().count() != 1
            || err.contains("this is a bug")
            || err.contains("\tat ")
            || err.contains("Exception")) {
          failures.add(where + "exit " + code + ", " + err.strip().replace("\n", "\\n"));
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + CASES + " cases:\n" + String.join("\n", failures));
    }
    try (var s = Files.list(dir)) {
      assertTrue(
          s.allMatch(
              p ->
                  p.getFileName()
                      .toString()
                      .matches("(good|case\\d+)\\.onnx|out\\d+\\.png|cache.*")),
          "nothing but the outputs asked for");
    }
    samples.values().forEach(m -> System.out.println("  e.g. " + m));
    System.out.printf(
        "ONNX fuzz: %d cases (seed %d): %d dreamed, %d refused with one clear error%n",
        CASES, SEED, dreamed, refused);
    assertTrue(refused > CASES / 3 && dreamed > 0, "the mutations reach both outcomes: " + kinds);
  }

  /** Writes one mutation of {@code good} to {@code file}; returns what it did. */
  private static String mutate(OnnxProto.ModelProto good, SplittableRandom r, Path file)
      throws Exception {
    OnnxProto.GraphProto.Builder g = good.getGraph().toBuilder();
    String kind;
    switch (r.nextInt(9)) {
      case 0 -> {
        int i = r.nextInt(g.getInitializerCount());
        OnnxProto.TensorProto.Builder t = g.getInitializer(i).toBuilder();
        int d = r.nextInt(t.getDimsCount());
        long v = new long[] {0, -1, 1, 2, 7, 1L << 20, Long.MAX_VALUE}[r.nextInt(7)];
        t.setDims(d, v);
        g.setInitializer(i, t);
        kind = "initializer " + t.getName() + " dim " + d + " = " + v;
      }
      case 1 -> {
        int i = r.nextInt(g.getInitializerCount());
        OnnxProto.TensorProto.Builder t = g.getInitializer(i).toBuilder();
        int type = r.nextInt(20);
        t.setDataType(type);
        g.setInitializer(i, t);
        kind = "initializer " + t.getName() + " data type " + type;
      }
      case 2 -> {
        int i = r.nextInt(g.getInitializerCount());
        OnnxProto.TensorProto.Builder t = g.getInitializer(i).toBuilder();
        byte[] junk = new byte[r.nextInt(64)];
        r.nextBytes(junk);
        t.clearFloatData().setRawData(ByteString.copyFrom(junk));
        g.setInitializer(i, t);
        kind = "initializer " + t.getName() + " raw data of " + junk.length + " junk bytes";
      }
      case 3 -> {
        int i = r.nextInt(g.getInitializerCount());
        kind = "initializer " + g.getInitializer(i).getName() + " removed";
        g.removeInitializer(i);
      }
      case 4 -> {
        int n = r.nextInt(g.getNodeCount());
        OnnxProto.NodeProto.Builder node = g.getNode(n).toBuilder();
        String op =
            new String[] {"Conv", "Relu", "Softmax", "Gemm", "NoSuchOp", "MaxPool", ""}
                [r.nextInt(7)];
        node.setOpType(op);
        g.setNode(n, node);
        kind = "node " + node.getName() + " op " + op;
      }
      case 5 -> {
        int n = r.nextInt(g.getNodeCount());
        OnnxProto.NodeProto.Builder node = g.getNode(n).toBuilder();
        if (node.getAttributeCount() > 0) {
          int a = r.nextInt(node.getAttributeCount());
          OnnxProto.AttributeProto.Builder attr = node.getAttribute(a).toBuilder();
          long v = new long[] {0, -3, 1, 99, 1L << 40}[r.nextInt(5)];
          if (attr.getIntsCount() > 0) {
            attr.setInts(r.nextInt(attr.getIntsCount()), v);
          } else {
            attr.setI(v).setF((float) v);
          }
          node.setAttribute(a, attr);
          kind = "node " + node.getName() + " attribute " + attr.getName() + " = " + v;
        } else {
          node.addInput("nowhere");
          kind = "node " + node.getName() + " reads a tensor nothing makes";
        }
        g.setNode(n, node);
      }
      case 6 -> {
        OnnxProto.ValueInfoProto.Builder in = g.getInput(0).toBuilder();
        var shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        int d = r.nextInt(shape.getDimCount());
        long v = new long[] {0, -5, 1, 2, 4, 100000}[r.nextInt(6)];
        shape.getDimBuilder(d).setDimValue(v);
        if (r.nextBoolean()) {
          in.getTypeBuilder().getTensorTypeBuilder().setElemType(r.nextInt(17));
        }
        g.setInput(0, in);
        kind =
            "input dim " + d + " = " + v + ", type " + in.getType().getTensorType().getElemType();
      }
      case 7 -> {
        int n = r.nextInt(g.getNodeCount());
        kind = "node " + g.getNode(n).getName() + " removed";
        g.removeNode(n);
      }
      default -> {
        byte[] bytes = good.toByteArray();
        if (r.nextBoolean()) {
          bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
          kind = "file cut to " + bytes.length + " bytes";
        } else {
          int flips = 1 + r.nextInt(8);
          for (int i = 0; i < flips; i++) {
            bytes[r.nextInt(bytes.length)] ^= (byte) (1 + r.nextInt(255));
          }
          kind = flips + " bytes flipped";
        }
        Files.write(file, bytes);
        return kind;
      }
    }
    Files.write(file, good.toBuilder().setGraph(g).build().toByteArray());
    return kind;
  }
}
