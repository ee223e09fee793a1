package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new Cli()
            .run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code render PRESET --output OUT --model-mirror ../shared/models [MORE...]}. */
  static Run render(Path preset, Path out, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "render",
                preset.toString(),
                "--output",
                out.toString(),
                "--model-mirror",
                dev.dreamzoom.testing.Shared.models().toString()));
    args.addAll(java.util.List.of(more));
    return run(args.toArray(new String[0]));
  }

  private static void assertNoStackTrace(Run r) {
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(r.err().contains("Exception:"), r.err());
  }

  @Test
  void helpListsEveryCommandAndExitsZero() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String c : new String[] {"render", "dream", "layers"}) {
      assertTrue(r.out().contains("  " + c + " "), r.out());
    }
    Run sub = run("render", "--help");
    assertEquals(0, sub.code());
    assertTrue(sub.out().contains("--frames"), sub.out());
    assertTrue(sub.out().contains("--model-mirror"), sub.out());
  }

  @Test
  void versionComesFromTheBuild() {
    Run r = run("--version");
    assertEquals(0, r.code());
    java.util.List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).matches("dreamzoom \\d+\\.\\d+\\.\\d+.*"), r.out());
    // The native libraries it loads, each asked for its version.
    assertTrue(
        lines
            .get(1)
            .matches(
                "TensorFlow 2\\.\\d+\\.\\d+, FFmpeg \\d+\\.\\d+.*, OpenCV 4\\.\\d+\\.\\d+,"
                    + " ONNX Runtime 1\\.\\d+\\.\\d+"),
        r.out());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run().code());
    Run unknown = run("explode");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown command 'explode'"));
    Run noPreset = run("render");
    assertEquals(2, noPreset.code());
    assertTrue(noPreset.err().contains("expected PRESET"), noPreset.err());
    Run badOption = run("render", "x.properties", "--frobnicate");
    assertEquals(2, badOption.code());
    assertTrue(badOption.err().contains("frobnicate"), badOption.err());
    Run badFrames = run("render", "x.properties", "--frames", "many");
    assertEquals(2, badFrames.code());
    assertTrue(badFrames.err().contains("--frames needs an integer"), badFrames.err());
  }

  @Test
  void shardIsParsedStrictly() throws Exception {
    Path queue = Files.createDirectories(dir.resolve("queue"));
    Files.writeString(queue.resolve("only.properties"), "name = only\n");
    for (String bad : new String[] {"0/2", "3/2", "x/2", "2", "1/0", "-1/2", "1/2/3", "1/", "/2"}) {
      Run r =
          run("batch", queue.toString(), "--output", dir.resolve("out").toString(), "--shard", bad);
      assertEquals(2, r.code(), bad);
      assertTrue(
          r.err().startsWith("error: ")
              && r.err().contains("--shard must be I/N with 1 <= I <= N, got " + bad),
          bad + ": " + r.err());
      assertNoStackTrace(r);
    }
    Run empty =
        run("batch", queue.toString(), "--output", dir.resolve("out").toString(), "--shard", "2/2");
    assertEquals(2, empty.code());
    assertTrue(empty.err().contains("no presets in " + queue + " for this shard"), empty.err());
  }

  @Test
  void missingPresetIsOneClearError() {
    Run r = run("render", dir.resolve("nope.properties").toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("preset not found") && r.err().contains("nope.properties"), r.err());
    assertNoStackTrace(r);
  }

  @Test
  void aBadPhotoIsAPresetErrorNamingKeyLineAndFile() throws Exception {
    Files.write(dir.resolve("blank.jpg"), new byte[0]);
    Files.writeString(dir.resolve("notes.png"), "shopping list");
    for (String[] c :
        new String[][] {
          {"blank.jpg", "image file is empty (0 bytes)"},
          {"notes.png", "not an image this program can read"}
        }) {
      Path preset = dir.resolve("photo.properties");
      Files.writeString(preset, "seed = photo\nseed.image = " + c[0] + "\n");
      Run r = run("render", preset.toString(), "--output", dir.resolve("out").toString());
      assertEquals(1, r.code());
      assertTrue(
          r.err().contains("line 2: seed.image: " + c[1]) && r.err().contains(c[0]), r.err());
      assertNoStackTrace(r);
    }
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void aNameThatWouldLeaveTheOutputFolderIsRefused() throws Exception {
    for (String name : new String[] {"../escape", "/tmp/abs", "a/b"}) {
      Path preset = dir.resolve("escape.properties");
      Files.writeString(preset, "name = " + name + "\n");
      Run r = run("render", preset.toString(), "--output", dir.resolve("out").toString());
      assertEquals(1, r.code(), name);
      assertTrue(r.err().contains("line 1: name: must start with a letter or digit"), r.err());
      assertNoStackTrace(r);
    }
    assertFalse(Files.exists(dir.resolve("escape")));
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void anOutputFolderThatIsASymlinkIsRefusedAndNothingIsWritten() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createSymbolicLink(out.resolve("linked"), elsewhere);
    Path preset = dir.resolve("linked.properties");
    Files.writeString(preset, "frames = 2\n");
    Run r = run("render", preset.toString(), "--output", out.toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("linked is a symbolic link")
            && r.err().contains("writes only inside its" + " output folder"),
        r.err());
    assertNoStackTrace(r);
    try (var s = Files.list(elsewhere)) {
      assertEquals(0, s.count(), "nothing written through the link");
    }
  }

  @Test
  void invalidPresetListsEveryProblemAndExitsOne() throws Exception {
    Path preset = dir.resolve("bad.properties");
    Files.writeString(preset, "width = 101\nzoom = 1.1\n");
    Run r = run("render", preset.toString(), "--output", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("line 1: width: must be even"), r.err());
    assertTrue(r.err().contains("line 2: unknown key 'zoom'"), r.err());
    assertNoStackTrace(r);
    assertFalse(Files.exists(dir.resolve("bad")), "nothing is written for an invalid preset");
  }

  @Test
  void keysListsTheSchemasDefaultsRangesAndDocs() {
    Run r = run("keys", "dream.step");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("dream.step               default 1.5; a number in 0.001..100, per frame"),
        r.out());
    assertTrue(
        r.out().contains("(per frame) step size, in intensity levels of the 0..255 image"),
        r.out());
    Run choice = run("keys", "interpolate_mode");
    assertTrue(choice.out().contains("default mci; mci | blend"), choice.out());
    Run none = run("keys", "wobble");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no preset key contains 'wobble'"), none.err());
  }

  @Test
  void modelsListsTheCatalogAndTheSegmentationNetworkWithItsLicence() throws Exception {
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Run r = run("models", "--model-mirror", mirror.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("mobilenet_v1_0.75_224_quantized"), r.out());
    assertTrue(r.out().contains("isnet (isnet-medium.onnx)"), r.out());
    assertTrue(r.out().contains("licence: model MIT"), r.out());
    assertTrue(r.out().contains("mirror: " + mirror), r.out());
    Run extra = run("models", "vgg16");
    assertEquals(2, extra.code());
  }

  @Test
  void encodeRefusesAnUnknownX264PresetBeforeReadingAnything() {
    Run r = run("encode", "/nonexistent/render", "--preset", "fastest");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--preset must be one of ultrafast | superfast"), r.err());
  }

  /**
   * Every synopsis tells the truth: it names each option the command takes (unless it ends in "..."
   * and the help lists the rest), and shows every option as optional, in brackets.
   */
  @Test
  void synopsesNameEveryOptionAndShowThemOptional() {
    for (Command c : new Cli().commands()) {
      String synopsis = c.synopsis();
      if (!synopsis.endsWith("...")) {
        for (org.apache.commons.cli.Option o : c.options().getOptions()) {
          assertTrue(
              synopsis.contains("--" + o.getLongOpt()),
              c.name() + ": " + synopsis + " lacks --" + o.getLongOpt());
        }
      }
      int depth = 0;
      for (int i = 0; i < synopsis.length(); i++) {
        char ch = synopsis.charAt(i);
        depth += ch == '[' ? 1 : ch == ']' ? -1 : 0;
        assertTrue(
            depth > 0 || !synopsis.startsWith("--", i),
            c.name() + ": an option outside brackets in " + synopsis);
      }
    }
  }

  @Test
  void usageErrorsStartWithErrorAndSuggestTheCommand() {
    Run r = run("rendr", "x.properties");
    assertEquals(2, r.code());
    assertTrue(
        r.err().startsWith("error: unknown command 'rendr' (did you mean 'render'?)"), r.err());
    Run bad = run("preview");
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("error: dreamzoom preview: "), bad.err());
  }

  @Test
  void helpNamesTheCacheAndKernelEnvironment() {
    Run r = run("--help");
    assertTrue(r.out().contains("XDG_CACHE_HOME"), r.out());
    assertTrue(r.out().contains("DREAMZOOM_CACHE"), r.out());
    assertTrue(
        r.out().contains("TF_ENABLE_ONEDNN_OPTS (default 1 here")
            && r.out().contains("ONEDNN_MAX_CPU_ISA"),
        r.out());
  }

  @Test
  void anOutputThatIsAFileIsNamedAsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("renders.txt");
    java.nio.file.Files.writeString(file, "x");
    Run r = run("render", dir.resolve("any.properties").toString(), "--output", file.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err()
            .contains("--output " + file + ": " + file + " is a file, not a folder; name a folder"),
        r.err());
  }
}
