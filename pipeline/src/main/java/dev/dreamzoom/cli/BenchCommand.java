package dev.dreamzoom.cli;

import dev.dreamzoom.app.PreparedRender;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dreamzoom.dream.Ceiling;
import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.Dreamer;
import dev.dreamzoom.dream.PresetDreamer;
import dev.dreamzoom.frames.BackgroundSink;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.image.AtomicFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.GraphCost;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.render.Renderer;
import dev.dreamzoom.seed.Seeds;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code bench}: a fixed workload timed end to end and per dream iteration, with the achieved
 * GFLOP/s of the dream step against this CPU's ceiling, written as JSON beside the previous run.
 */
final class BenchCommand implements Command {
  /** One timed workload: a bundled preset's settings at a given size. */
  private record Workload(String name, String preset, int width, int height, int frames) {}

  private static final List<Workload> FULL = List.of(
      new Workload("deepdream 640x360", "noise-zoom.properties", 640, 360, 3),
      new Workload("deepdream 1280x720", "noise-zoom.properties", 1280, 720, 2),
      new Workload("filters 640x360", "filter-flight-mobilenet.properties", 640, 360, 3));
  private static final List<Workload> UHD = List.of(
      new Workload("deepdream 3840x2160", "noise-zoom.properties", 3840, 2160, 1));
  private static final List<Workload> QUICK = List.of(
      new Workload("deepdream 320x180 (quick)", "noise-zoom.properties", 320, 180, 1));

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String synopsis() {
    return "[--quick | --4k] [--tile PX] [--output DIR] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "time a fixed workload: s/frame, ms/iteration per octave, GFLOP/s vs the CPU's ceiling";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("quick")
        .desc("one small workload only (a smoke test, not a measurement)").build());
    o.addOption(Option.builder().longOpt("4k")
        .desc("one 3840x2160 DeepDream frame instead, for peak memory with tiled gradients").build());
    o.addOption(Option.builder().longOpt("tile").hasArg().argName("PX")
        .desc("override the presets' dream.tile (0 = never tile), e.g. to compare memory").build());
    o.addOption(Option.builder().longOpt("output").hasArg().argName("DIR")
        .desc("output root; results go to DIR/bench/ (default: output/)").build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, PresetException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    Args.positional(cl);
    int threads = Args.threads(cl);
    boolean quick = cl.hasOption("quick");
    Path root = (cl.hasOption("output") ? Path.of(cl.getOptionValue("output"))
        : RenderCommand.defaultOutputRoot()).resolve("bench");
    Path presets = Path.of(System.getProperty("dreamzoom.home", "."), "presets");
    Map<String, JsonObject> previous = previous(root.resolve("latest.json"));

    JsonObject result = new JsonObject();
    result.addProperty("version", Cli.version());
    result.addProperty("time", LocalDateTime.now().toString());
    result.addProperty("cores", Runtime.getRuntime().availableProcessors());
    result.addProperty("threads", threads);
    result.addProperty("onednn_fpmath", String.valueOf(System.getenv("TF_SET_ONEDNN_FPMATH_MODE")));
    int n = quick ? 1024 : 4096;
    // The best of several runs: one 1024-size product takes about 15 ms, and a single timing that
    // short can land on a scheduling hiccup and report a ceiling a tenth of the real one.
    double ceiling = Ceiling.matmulGflops(n, quick ? 20 : 3, threads);
    result.addProperty("ceiling_gflops", ceiling);
    out.printf("CPU ceiling: %dx%d float32 matrix product through TensorFlow: %.0f GFLOP/s%n", n, n, ceiling);
    out.println("step FLOPs = 2 x forward (the input gradient costs what the forward pass does;"
        + " no weight gradients are computed); convolutions and matrix products only");

    JsonArray workloads = new JsonArray();
    int tile = Args.intValue(cl, "tile", 0, 16384, -1);
    if (tile > 0 && tile < 64) {
      throw new UsageException("--tile must be 0 or at least 64");
    }
    result.addProperty("tile_override", tile);
    for (Workload w : quick ? QUICK : cl.hasOption("4k") ? UHD : FULL) {
      JsonObject r = measure(w, presets, cl, threads, quick, tile, ceiling, out);
      JsonObject before = previous.get(w.name());
      if (before != null) {
        out.printf("  last run: %.2f s/frame (%s)%n", before.get("seconds_per_frame").getAsDouble(),
            before.has("time") ? before.get("time").getAsString() : "?");
      }
      r.addProperty("time", result.get("time").getAsString());
      workloads.add(r);
    }
    result.add("workloads", workloads);
    long peak = peakResidentKib();
    result.addProperty("peak_rss_mib", peak / 1024);
    out.printf("peak resident memory: %d MiB%n", peak / 1024);

    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    byte[] json = gson.toJson(result).getBytes(StandardCharsets.UTF_8);
    Path file = root.resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
    AtomicFiles.write(file, o -> o.write(json));
    AtomicFiles.write(root.resolve("latest.json"), o -> o.write(json));
    out.println("written to " + file);
    return 0;
  }

  private static JsonObject measure(Workload w, Path presets, CommandLine cl, int threads,
      boolean quick, int tile, double ceiling, PrintStream out)
      throws IOException, PresetException, ModelException, UsageException {
    RenderSpec spec = PresetParser.parse(presets.resolve(w.preset())).withSize(w.width(), w.height());
    if (tile >= 0) {
      spec = spec.withDream(spec.dream().withTile(tile));
    }
    PreparedRender prepared = PreparedRender.load(spec, Args.modelStore(cl));
    spec = prepared.spec();
    JsonObject r = new JsonObject();
    r.addProperty("name", w.name());
    r.addProperty("preset", w.preset());
    out.printf("%s (%s, %s)%n", w.name(), w.preset(), prepared.describeObjective());
    try (DreamStep step = prepared.newStep(threads)) {
      PresetDreamer dreamer = prepared.dreamer(step);
      Dreamer.Settings s = dreamer.settingsAt(1);
      var layers = spec.dream().objective().targets().stream().map(Target::layer).collect(Collectors.toSet());
      JsonArray octaves = new JsonArray();
      int iterations = quick ? 2 : 5;
      for (int[] size : Dreamer.octaveSizes(w.width(), w.height(), s)) {
        RgbImage image = Seeds.fractal(size[0], size[1], 1);
        Dreamer.Settings one = new Dreamer.Settings(1, 1.4, 1, s.step(), s.jitter(), s.blur(), s.decay(), s.weights());
        Dreamer dreamer1 = new Dreamer(step, spec.dream().tile());
        dreamer1.dream(image, one, 1, x -> { });
        Dreamer.Settings timed = new Dreamer.Settings(1, 1.4, iterations, s.step(), s.jitter(), s.blur(),
            s.decay(), s.weights());
        long t0 = System.nanoTime();
        dreamer1.dream(image, timed, 2, x -> { });
        double ms = (System.nanoTime() - t0) / 1e6 / iterations;
        double gflop = 2.0 * GraphCost.forwardFlops(prepared.network(), layers, size[0], size[1]) / 1e9;
        double rate = gflop / (ms / 1000);
        boolean tiled = spec.dream().tile() > 0 && (size[0] > spec.dream().tile() || size[1] > spec.dream().tile());
        out.printf("  octave %4dx%-4d%s %7.1f ms/iteration  %6.2f GFLOP/iteration  %6.1f GFLOP/s"
            + "  (%.0f%% of ceiling)%n", size[0], size[1], tiled ? " tiled" : "", ms, gflop, rate,
            100 * rate / ceiling);
        JsonObject o = new JsonObject();
        o.addProperty("width", size[0]);
        o.addProperty("height", size[1]);
        o.addProperty("ms_per_iteration", ms);
        o.addProperty("gflop_per_iteration", gflop);
        o.addProperty("gflops", rate);
        octaves.add(o);
      }
      r.add("octaves", octaves);

      Path tmp = Files.createTempDirectory("dreamzoom-bench");
      try {
        RenderFolder folder = new RenderFolder(tmp, spec.name(), spec.motion().overscan(),
            spec.checkpointEvery());
        folder.prepare();
        Renderer.Outcome outcome;
        long t0 = System.nanoTime();
        try (BackgroundSink sink = new BackgroundSink(folder, 2)) {
          outcome = prepared.renderer(step, sink).render(prepared.seed(), w.frames(), (d, total, spf) -> { });
        }
        // Until the last frame is on disk, as a render would count it.
        double secondsPerFrame = (System.nanoTime() - t0) / 1e9 / outcome.framesDone();
        out.printf("  %.2f s/frame over %d frames (dream, warp, PNG and checkpoint)%n",
            secondsPerFrame, w.frames());
        r.addProperty("seconds_per_frame", secondsPerFrame);
        r.addProperty("frames", w.frames());
      } finally {
        AtomicFiles.deleteTree(tmp);
      }
    }
    return r;
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
