package dev.dreamzoom.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dreamzoom.app.Benchmark;
import dev.dreamzoom.app.MediaFiles;
import dev.dreamzoom.app.PreparedRender;
import dev.dreamzoom.app.Vgg16Shaped;
import dev.dreamzoom.dream.Ceiling;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.model.KernelProbe;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.Precision;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.PresetSchema;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code bench}: fixed workloads timed end to end and per dream iteration, with the achieved
 * GFLOP/s of the dream step against this CPU's ceiling in the precision it computes in, written as
 * JSON beside the previous run.
 */
final class BenchCommand implements Command {
  /**
   * One timed workload: a bundled preset's settings at a given size, in each of its precisions
   * ({@code AUTO}: as a render would choose).
   *
   * @param vgg16 whether the preset's network is replaced by a VGG16-shaped one with random
   *     weights, built here ({@link Vgg16Shaped}), so that nothing is downloaded
   */
  private record Workload(
      String id,
      String title,
      String preset,
      int width,
      int height,
      int frames,
      boolean vgg16,
      List<Precision> precisions) {}

  private static final List<Precision> AS_RENDERED = List.of(Precision.AUTO);
  private static final Workload NOISE_ZOOM =
      new Workload(
          "noise-zoom",
          "deepdream 640x360",
          "noise-zoom.properties",
          640,
          360,
          8,
          false,
          AS_RENDERED);
  private static final Workload VGG16 =
      new Workload(
          "vgg16",
          "vgg16 deepdream 640x360",
          "vgg16-deepdream.properties",
          640,
          360,
          3,
          true,
          List.of(Precision.FLOAT32, Precision.BFLOAT16));
  private static final List<Workload> FULL =
      List.of(
          NOISE_ZOOM,
          new Workload(
              "noise-zoom-720p",
              "deepdream 1280x720",
              "noise-zoom.properties",
              1280,
              720,
              2,
              false,
              AS_RENDERED),
          new Workload(
              "filters",
              "filters 640x360",
              "filter-flight-mobilenet.properties",
              640,
              360,
              6,
              false,
              AS_RENDERED),
          VGG16);
  private static final Workload UHD =
      new Workload(
          "4k", "deepdream 3840x2160", "noise-zoom.properties", 3840, 2160, 1, false, AS_RENDERED);
  private static final Workload QUICK =
      new Workload(
          "quick",
          "deepdream 320x180 (quick)",
          "noise-zoom.properties",
          320,
          180,
          1,
          false,
          AS_RENDERED);

  /** Prints a traced iteration's op types, the costliest first, and returns them as JSON. */
  private static JsonObject profile(Benchmark.Profile p, PrintStream out) {
    double ops = p.opMillis();
    out.printf(
        Locale.ROOT,
        "    traced: %.1f ms wall, %.1f ms summed over ops (%d op types); the costliest:%n",
        p.wallMillis(),
        ops,
        p.ops().size());
    JsonObject j = new JsonObject();
    j.addProperty("wall_ms", p.wallMillis());
    j.addProperty("op_ms", ops);
    JsonArray types = new JsonArray();
    double onednn = 0;
    for (Benchmark.OpTime t : p.ops()) {
      onednn += t.onednn() ? t.millis() : 0;
      JsonObject o = new JsonObject();
      o.addProperty("type", t.type());
      o.addProperty("nodes", t.nodes());
      o.addProperty("ms", t.millis());
      o.addProperty("onednn", t.onednn());
      types.add(o);
    }
    for (Benchmark.OpTime t : p.ops().subList(0, Math.min(12, p.ops().size()))) {
      out.printf(
          Locale.ROOT,
          "      %-46s %7.2f ms %5.1f%%  %3d node%s%s%n",
          t.type(),
          t.millis(),
          100 * t.millis() / ops,
          t.nodes(),
          t.nodes() == 1 ? " " : "s",
          t.onednn() ? "  oneDNN" : "");
    }
    out.printf(Locale.ROOT, "      in oneDNN kernels: %.1f%% of the op time%n", 100 * onednn / ops);
    j.add("ops", types);
    return j;
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String synopsis() {
    return "[--quick | --4k | --workload NAME] [--profile] [--tile PX] [--output DIR] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "time fixed workloads: s/frame, ms/iteration per octave, GFLOP/s vs the CPU's ceiling";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("quick")
            .desc("one small workload only (a smoke test, not a measurement)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("profile")
            .desc(
                "also trace one iteration per octave: where its time goes, per op type (TensorFlow's step"
                    + " statistics), and which ops ran in oneDNN")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("4k")
            .desc("one 3840x2160 DeepDream frame instead, for peak memory with tiled gradients")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("workload")
            .hasArg()
            .argName("NAME")
            .desc(
                "run one workload: "
                    + String.join(", ", ids())
                    + " (vgg16: VGG16 at the classic"
                    + " settings, in float32 and bfloat16, on a VGG16-shaped network with random weights)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("tile")
            .hasArg()
            .argName("PX")
            .desc(
                "override the presets' dream.tile ("
                    + PresetSchema.key("dream.tile").expectedText()
                    + "), e.g. to compare memory")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("output")
            .hasArg()
            .argName("DIR")
            .desc("output root; results go to DIR/bench/ (default: output/)")
            .build());
    return Args.withCommon(o);
  }

  private static List<String> ids() {
    List<String> ids = new ArrayList<>(FULL.stream().map(Workload::id).toList());
    ids.addAll(List.of(UHD.id(), QUICK.id()));
    return ids;
  }

  private static List<Workload> chosen(CommandLine cl) throws UsageException {
    if (cl.hasOption("workload")) {
      String id = cl.getOptionValue("workload");
      return java.util.stream.Stream.concat(FULL.stream(), java.util.stream.Stream.of(UHD, QUICK))
          .filter(w -> w.id().equals(id))
          .findFirst()
          .map(List::of)
          .orElseThrow(
              () ->
                  new UsageException(
                      "unknown --workload '" + id + "'; one of: " + String.join(", ", ids())));
    }
    return cl.hasOption("quick") ? List.of(QUICK) : cl.hasOption("4k") ? List.of(UHD) : FULL;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    Args.positional(cl);
    int threads = Args.threads(cl);
    List<Workload> workloads = chosen(cl);
    boolean quick = workloads.equals(List.of(QUICK));
    int tile = cl.hasOption("tile") ? (int) Args.preset(cl, "tile", "dream.tile") : -1;
    Path root =
        (cl.hasOption("output")
                ? Path.of(cl.getOptionValue("output"))
                : RenderCommand.defaultOutputRoot())
            .resolve("bench");
    Path presets = Path.of(System.getProperty("dreamzoom.home", "."), "presets");
    Map<String, JsonObject> previous = previous(root.resolve("latest.json"));

    JsonObject result = new JsonObject();
    result.addProperty("version", Cli.version());
    result.addProperty("time", LocalDateTime.now().toString());
    result.addProperty("cores", Runtime.getRuntime().availableProcessors());
    result.addProperty("threads", threads);
    result.addProperty("onednn_fpmath", String.valueOf(System.getenv("TF_SET_ONEDNN_FPMATH_MODE")));
    Kernels kernels = Kernels.here();
    KernelProbe seen = KernelProbe.run();
    out.printf(
        "kernels: %s; oneDNN reports %s, float32 convolutions by %s%n",
        kernels.describe(),
        seen.isa() == null ? "nothing (off)" : seen.isa(),
        seen.convolution() == null ? "TensorFlow's Eigen kernels" : seen.convolution());
    result.addProperty("kernels", kernels.describe());
    result.addProperty("kernel_family", kernels.family());
    result.addProperty("onednn_isa_reported", seen.isa());
    result.addProperty("convolution_kernel", seen.convolution());
    result.addProperty("observed_kernel_family", seen.family());
    if (!kernels.bfloat16Computable()) {
      out.println("bfloat16 rows left out: " + kernels.noBfloat16());
      workloads = workloads.stream().map(BenchCommand::float32Only).toList();
    } else if (!cl.hasOption("workload") && !kernels.nativeBfloat16()) {
      out.println(
          "bfloat16 rows left out: no native bfloat16 here (it would run emulated, 20-30x slower than"
              + " float32); --workload vgg16 measures both anyway");
      workloads = workloads.stream().map(BenchCommand::float32Only).toList();
    }
    // Emulated bfloat16 would take a minute to say what is known: it is slow. Measured only where
    // used.
    boolean bfloat16 =
        kernels.nativeBfloat16()
            || workloads.stream().anyMatch(w -> w.precisions().contains(Precision.BFLOAT16));
    // The best of several runs: one quick product takes about 15 ms, and a single timing that
    // short can land on a scheduling hiccup and report a ceiling a tenth of the real one.
    int repeats = quick ? 20 : 3;
    Ceiling.Figures float32 = Ceiling.measure(false, quick, repeats, threads);
    Ceiling.Figures half = bfloat16 ? Ceiling.measure(true, quick, repeats, threads) : null;
    double[] ceilings = {float32.best(), bfloat16 ? half.best() : Double.NaN};
    result.addProperty("ceiling_gflops", ceilings[0]);
    result.addProperty("ceiling_matmul_gflops", float32.matmul());
    if (bfloat16) {
      result.addProperty("ceiling_bfloat16_gflops", ceilings[1]);
      result.addProperty("ceiling_bfloat16_matmul_gflops", half.matmul());
    }
    out.printf(
        "CPU ceiling through TensorFlow, the best of its kernels: float32 %s; bfloat16 %s%n",
        float32.describe(), bfloat16 ? half.describe() : "not measured");

    out.println(
        "step FLOPs = 2 x forward (the input gradient costs what the forward pass does;"
            + " no weight gradients are computed); convolutions and matrix products only");

    JsonArray results = new JsonArray();
    result.addProperty("tile_override", tile);
    Path scratch = Files.createTempDirectory("dreamzoom-bench");
    try {
      for (Workload w : workloads) {
        RenderSpec spec =
            PresetParser.parse(presets.resolve(w.preset()), MediaFiles.reading(scratch))
                .withSize(w.width(), w.height());
        if (w.vgg16()) {
          Path weights = scratch.resolve("vgg16-shaped.h5");
          out.println("writing a VGG16-shaped network with random weights to " + weights);
          Vgg16Shaped.write(weights, 16);
          spec = spec.withModel(weights.toString());
        }
        if (tile >= 0) {
          spec = spec.withDream(spec.dream().withTile(tile));
        }
        List<Double> perFrame = new ArrayList<>();
        for (Precision p : w.precisions()) {
          String name =
              w.precisions().size() == 1
                  ? w.title()
                  : w.title() + " " + p.name().toLowerCase(Locale.ROOT);
          JsonObject r =
              measure(
                  name,
                  w,
                  spec.withDream(spec.dream().withPrecision(p)),
                  cl,
                  threads,
                  quick,
                  ceilings,
                  scratch,
                  out);
          JsonObject before = previous.get(name);
          if (before != null) {
            out.printf(
                "  last run: %.2f s/frame (%s)%n",
                before.get("seconds_per_frame").getAsDouble(),
                before.has("time") ? before.get("time").getAsString() : "?");
          }
          r.addProperty("time", result.get("time").getAsString());
          results.add(r);
          perFrame.add(r.get("seconds_per_frame").getAsDouble());
        }
        if (perFrame.size() == 2) {
          double speedup = perFrame.get(0) / perFrame.get(1);
          out.printf("  bfloat16: %.2fx the float32 frames per hour%n", speedup);
          results
              .get(results.size() - 1)
              .getAsJsonObject()
              .addProperty("speedup_over_float32", speedup);
        }
      }
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
    result.add("workloads", results);
    long peak = peakResidentKib();
    result.addProperty("peak_rss_mib", peak / 1024);
    out.printf("peak resident memory: %d MiB%n", peak / 1024);

    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    byte[] json = gson.toJson(result).getBytes(StandardCharsets.UTF_8);
    Path file =
        root.resolve(
            "bench-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".json");
    AtomicFiles.write(file, o -> o.write(json));
    AtomicFiles.write(root.resolve("latest.json"), o -> o.write(json));
    out.println("written to " + file);
    return 0;
  }

  private static JsonObject measure(
      String name,
      Workload w,
      RenderSpec spec,
      CommandLine cl,
      int threads,
      boolean quick,
      double[] ceilings,
      Path scratch,
      PrintStream out)
      throws IOException, PresetException, ModelException {
    PreparedRender prepared =
        PreparedRender.load(spec, Args.modelStore(cl)).choosingPrecision(threads);
    String precision = prepared.precision().label();
    double ceiling = ceilings[prepared.precision().bfloat16() ? 1 : 0];
    JsonObject r = new JsonObject();
    r.addProperty("name", name);
    r.addProperty("preset", w.preset());
    r.addProperty("precision", precision);
    out.printf(
        "%s (%s, %s)%n  precision: %s%n",
        name, w.preset(), prepared.describeObjective(), prepared.precision().reason());
    JsonArray octaves = new JsonArray();
    boolean profile = cl.hasOption("profile");
    Benchmark.Frames f =
        Benchmark.measure(
            prepared,
            threads,
            quick ? 2 : 5,
            w.frames(),
            scratch,
            profile,
            o -> {
              out.printf(
                  "  octave %4dx%-4d%s %7.1f ms/iteration  %6.2f GFLOP/iteration  %6.1f GFLOP/s"
                      + "  (%.0f%% of the %s ceiling)%n",
                  o.width(),
                  o.height(),
                  o.tiled() ? " tiled" : "",
                  o.msPerIteration(),
                  o.gflopPerIteration(),
                  o.gflops(),
                  100 * o.gflops() / ceiling,
                  precision);
              JsonObject j = new JsonObject();
              j.addProperty("width", o.width());
              j.addProperty("height", o.height());
              j.addProperty("ms_per_iteration", o.msPerIteration());
              j.addProperty("gflop_per_iteration", o.gflopPerIteration());
              j.addProperty("gflops", o.gflops());
              j.addProperty("fraction_of_ceiling", o.gflops() / ceiling);
              if (profile) {
                j.add("profile", profile(o.profile(), out));
              }
              octaves.add(j);
            });
    r.add("octaves", octaves);
    out.printf(
        "  %.2f s/frame over %d frames after the first (dream, warp, PNG and checkpoint): %.0f GFLOP/s,"
            + " %.0f%% of the %s ceiling%n",
        f.secondsPerFrame(), f.frames(), f.gflops(), 100 * f.gflops() / ceiling, precision);
    r.addProperty("seconds_per_frame", f.secondsPerFrame());
    r.addProperty("frames", f.frames());
    r.addProperty("gflops", f.gflops());
    r.addProperty("fraction_of_ceiling", f.gflops() / ceiling);
    return r;
  }

  private static Workload float32Only(Workload w) {
    return w.precisions().contains(Precision.BFLOAT16)
        ? new Workload(
            w.id(),
            w.title() + " float32",
            w.preset(),
            w.width(),
            w.height(),
            w.frames(),
            w.vgg16(),
            List.of(Precision.FLOAT32))
        : w;
  }

  private static Map<String, JsonObject> previous(Path latest) {
    Map<String, JsonObject> byName = new HashMap<>();
    try {
      if (Files.isRegularFile(latest)) {
        JsonObject o = JsonParser.parseString(Files.readString(latest)).getAsJsonObject();
        for (JsonElement e : o.getAsJsonArray("workloads")) {
          JsonObject w = e.getAsJsonObject();
          byName.put(w.get("name").getAsString(), w);
        }
      }
    } catch (IOException | RuntimeException e) {
      // A damaged earlier result only means there is nothing to compare with.
    }
    return byName;
  }

  private static long peakResidentKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
