package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's plumbing (no timing is asserted: speed lives in the benchmark itself). */
@Tag("slow")
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void quickRunWritesTheFiguresAndComparesWithTheLastRun() throws Exception {
    String[] args = {
      "bench", "--quick", "--output", dir.toString(), "--model-mirror", Shared.models().toString()
    };
    CliTest.Run first = CliTest.run(args);
    assertEquals(0, first.code(), first.err());
    assertTrue(
        first.out().contains("CPU ceiling through TensorFlow, the best of its kernels: float32 "),
        first.out());
    Kernels kernels = Kernels.here();
    assertTrue(
        first.out().contains("kernels: " + kernels.describe() + "; oneDNN reports "), first.out());
    assertTrue(
        first
            .out()
            .matches(
                "(?s).*octave\\s+320x180\\s+[0-9.]+ ms/iteration\\s+[0-9.]+ GFLOP/iteration.*"),
        first.out());
    JsonObject json =
        JsonParser.parseString(Files.readString(dir.resolve("bench/latest.json")))
            .getAsJsonObject();
    assertTrue(json.get("ceiling_gflops").getAsDouble() > 0);
    assertEquals(kernels.family(), json.get("kernel_family").getAsString());
    // What oneDNN itself reported running agrees with what the CPU's flags led to expect.
    assertEquals(
        kernels.family(), json.get("observed_kernel_family").getAsString(), json.toString());
    assertEquals(
        kernels.nativeBfloat16(),
        json.has("ceiling_bfloat16_gflops"),
        "bfloat16 ceiling only where native");
    JsonObject w = json.getAsJsonArray("workloads").get(0).getAsJsonObject();
    assertEquals(
        4, w.getAsJsonArray("octaves").size(), "4 octaves of 320x180 above the 64 px minimum");
    JsonObject top = w.getAsJsonArray("octaves").get(3).getAsJsonObject();
    // 2 x the forward FLOPs of MobileNet v1 0.75 up to Conv2d_9 at 320x180, counted from the graph.
    assertEquals(1.05, top.get("gflop_per_iteration").getAsDouble(), 0.01);
    assertTrue(w.get("seconds_per_frame").getAsDouble() > 0);
    // Physical bounds: this CPU's matrix-product ceiling is tens to hundreds of GFLOP/s, and no
    // octave of the dream step can beat the ceiling it is measured against.
    double ceiling = json.get("ceiling_gflops").getAsDouble();
    assertTrue(ceiling > 20 && ceiling < 5000, "ceiling " + ceiling);
    assertTrue(
        ceiling >= json.get("ceiling_matmul_gflops").getAsDouble(),
        "the best kernel, the product among them");
    for (var o : w.getAsJsonArray("octaves")) {
      double rate = o.getAsJsonObject().get("gflops").getAsDouble();
      assertTrue(
          rate > 0.5 && rate < ceiling,
          "octave at " + rate + " GFLOP/s against a ceiling of " + ceiling);
    }
    assertTrue(json.get("peak_rss_mib").getAsLong() > 0);

    // --profile: one traced iteration per octave, its op types from TensorFlow's step statistics.
    String[] profiled = java.util.Arrays.copyOf(args, args.length + 1);
    profiled[args.length] = "--profile";
    CliTest.Run second = CliTest.run(profiled);
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().contains("last run:"), second.out());
    assertTrue(
        second.out().matches("(?s).*traced: [0-9.]+ ms wall, [0-9.]+ ms summed over ops.*"),
        second.out());
    JsonObject again =
        JsonParser.parseString(Files.readString(dir.resolve("bench/latest.json")))
            .getAsJsonObject();
    JsonObject traced =
        again
            .getAsJsonArray("workloads")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("octaves")
            .get(3)
            .getAsJsonObject()
            .getAsJsonObject("profile");
    double opMs = traced.get("op_ms").getAsDouble();
    double convMs = 0;
    for (var e : traced.getAsJsonArray("ops")) {
      JsonObject op = e.getAsJsonObject();
      convMs += op.get("type").getAsString().contains("Conv2D") ? op.get("ms").getAsDouble() : 0;
    }
    // The convolutions and their input gradients are where a step's FLOPs are: a large share of its
    // time.
    assertTrue(
        opMs > 0 && convMs > 0.2 * opMs,
        "convolutions " + convMs + " of " + opMs + " ms: " + traced);
  }

  @Test
  void anUnknownWorkloadIsAUsageErrorThatListsTheWorkloads() {
    CliTest.Run r = CliTest.run("bench", "--workload", "vgg61", "--output", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "unknown --workload 'vgg61'; one of: noise-zoom, noise-zoom-720p,"
                    + " filters, vgg16, 4k, quick"),
        r.err());
  }
}
