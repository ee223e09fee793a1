package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetParserTest {
  private static final Path PRESETS = Path.of("presets");

  @TempDir Path dir;

  private RenderSpec parse(String text) throws PresetException {
    return PresetParser.parse(text, dir.resolve("test.properties"));
  }

  private PresetException invalid(String text) {
    return assertThrows(PresetException.class, () -> parse(text));
  }

  @Test
  void referencePresetSpellsOutTheDefaults() throws Exception {
    RenderSpec ref = PresetParser.parse(PRESETS.resolve("reference.properties"));
    RenderSpec defaults = parse("name = reference\n");
    assertEquals(defaults.width(), ref.width());
    assertEquals(defaults.height(), ref.height());
    assertEquals(defaults.fps(), ref.fps());
    assertEquals(defaults.frames(), ref.frames());
    assertEquals(defaults.randomSeed(), ref.randomSeed());
    assertEquals(defaults.model(), ref.model());
    assertEquals(defaults.dream().mode(), ref.dream().mode());
    assertEquals(defaults.dream().growth(), ref.dream().growth());
    assertEquals(defaults.dream().growthScale(), ref.dream().growthScale());
    assertEquals(defaults.seed(), ref.seed());
    assertEquals(defaults.encode(), ref.encode());
    assertEquals(defaults.motion().border(), ref.motion().border());
    for (int t : new int[] {0, 10}) {
      assertEquals(defaults.motion().zoom().at(t), ref.motion().zoom().at(t));
      assertEquals(defaults.motion().angle().at(t), ref.motion().angle().at(t));
      assertEquals(defaults.dream().octaves().at(t), ref.dream().octaves().at(t));
      assertEquals(defaults.dream().octaveScale().at(t), ref.dream().octaveScale().at(t));
      assertEquals(defaults.dream().iterations().at(t), ref.dream().iterations().at(t));
      assertEquals(defaults.dream().step().at(t), ref.dream().step().at(t));
      assertEquals(defaults.dream().jitter().at(t), ref.dream().jitter().at(t));
      assertEquals(defaults.dream().blur().at(t), ref.dream().blur().at(t));
      assertEquals(defaults.dream().decay().at(t), ref.dream().decay().at(t));
    }
  }

  @Test
  void referencePresetListsEveryKey() throws IOException {
    String text = Files.readString(PRESETS.resolve("reference.properties"));
    for (String key : PresetParser.KEYS) {
      // The .interp keys are documented once, for all per-frame keys.
      String documented = key.endsWith(".interp") ? "(any per-frame key).interp" : key + " =";
      assertTrue(text.contains(documented), "reference.properties should document " + key);
    }
    for (String key : PresetParser.SCHEDULED) {
      assertTrue(
          text.matches("(?s).*\\n" + key.replace(".", "\\.") + " = [^\\n]*\\(per frame\\).*"),
          "reference.properties should mark " + key + " as (per frame)");
    }
  }

  @Test
  void everyBundledPresetParses() throws Exception {
    try (Stream<Path> s = Files.list(PRESETS)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".properties")).toList();
      assertTrue(files.size() >= 4, "reference plus at least three presets");
      for (Path f : files) {
        if (f.getFileName().toString().startsWith("photo")) {
          continue; // needs the photo from ../shared, checked in the end-to-end test
        }
        if (f.getFileName().toString().startsWith("music")
            || f.getFileName().toString().startsWith("video")) {
          continue; // needs the user's track or clip: cli.MusicRenderTest and cli.VideoRenderTest
          // give them one
        }
        RenderSpec spec = PresetParser.parse(f);
        String name = f.getFileName().toString();
        String expected =
            name.equals("filter-flight.properties") || name.equals("vgg16-deepdream.properties")
                ? "vgg16"
                : name.equals("bvlc-googlenet-dream.properties")
                    ? "bvlc_googlenet"
                    : PresetParser.DEFAULT_MODEL;
        assertEquals(expected, spec.model(), f.toString());
      }
    }
  }

  /**
   * The flight is meant for VGG16; its MobileNet twin is the documented way to run it without
   * VGG16: everything but name, model and filters is the same, the filters change at the same
   * frames, and the lines the VGG16 preset tells users to change are the twin's own.
   */
  @Test
  void filterFlightNamesVgg16AndItsMobileNetTwinIsTheSameFlight() throws Exception {
    RenderSpec vgg = PresetParser.parse(PRESETS.resolve("filter-flight.properties"));
    RenderSpec mobile = PresetParser.parse(PRESETS.resolve("filter-flight-mobilenet.properties"));
    assertEquals("vgg16", vgg.model());
    assertEquals(
        List.of(vgg.width(), vgg.height(), vgg.fps(), vgg.frames(), vgg.randomSeed(), vgg.seed()),
        List.of(
            mobile.width(),
            mobile.height(),
            mobile.fps(),
            mobile.frames(),
            mobile.randomSeed(),
            mobile.seed()));
    assertEquals(vgg.dream().objective().crossfade(), mobile.dream().objective().crossfade());
    assertEquals(vgg.dream().growth(), mobile.dream().growth());
    for (int t = 0; t < vgg.frames(); t++) {
      assertArrayEquals(
          vgg.dream().objective().weightsAt(t),
          mobile.dream().objective().weightsAt(t),
          "frame " + t);
      assertEquals(vgg.motion().angle().at(t), mobile.motion().angle().at(t), "frame " + t);
      assertEquals(vgg.motion().zoom().at(t), mobile.motion().zoom().at(t), "frame " + t);
      assertEquals(vgg.dream().iterations().at(t), mobile.dream().iterations().at(t), "frame " + t);
      assertEquals(vgg.dream().octaves().at(t), mobile.dream().octaves().at(t), "frame " + t);
      assertEquals(vgg.dream().step().at(t), mobile.dream().step().at(t), "frame " + t);
    }
    String documented = Files.readString(PRESETS.resolve("filter-flight.properties"));
    for (String line : Files.readAllLines(PRESETS.resolve("filter-flight-mobilenet.properties"))) {
      if (line.startsWith("model =") || line.startsWith("filters =")) {
        assertTrue(
            documented.contains("#   " + line), "filter-flight.properties documents: " + line);
      }
    }
  }

  @Test
  void readsValuesWithInlineCommentsAndLayerWeights() throws Exception {
    RenderSpec s =
        parse(
            """
        # a comment
        name = flight   # trailing comment
        width = 320
        height = 180
        frames = 5
        dream.layers = a/Relu6:0.5, b/Relu6
        motion.zoom = 1.05
        motion.border = wrap
        random.seed = 9
        """);
    assertEquals("flight", s.name());
    assertEquals(320, s.width());
    assertEquals(5, s.frames());
    assertEquals(
        List.of(Target.layer("a/Relu6"), Target.layer("b/Relu6")), s.dream().objective().targets());
    assertArrayEquals(new float[] {0.5f, 1f}, s.dream().objective().weightsAt(3));
    assertEquals(1.05, s.motion().zoom().at(3));
    assertEquals(BorderMode.WRAP, s.motion().border());
    assertEquals(9, s.randomSeed());
    assertEquals(320, s.encode().width(), "publish size defaults to the frame size");
  }

  @Test
  void reportsEveryProblemTogetherWithLineNumbers() {
    PresetException e =
        invalid(
            """
        width = 641
        heigth = 360
        fps = 0
        motion.border = mirror
        dream.octave_scale = 1
        seed = photo
        """);
    List<Problem> p = e.problems();
    assertEquals(6, p.size(), p.toString());
    assertTrue(p.get(0).toString().startsWith("line 1: width: must be even"), p.get(0).toString());
    // Each problem carries its key and line, not only its text, in the file's order.
    assertEquals(List.of(1, 2, 3, 4, 5, 6), p.stream().map(Problem::line).toList());
    assertEquals(Problem.Severity.ERROR, p.get(0).severity());
    assertEquals("width", p.get(0).key());
    assertEquals("must be even (H.264 with yuv420p needs even sizes), got 641", p.get(0).message());
    assertTrue(
        e.getMessage().contains("line 2: unknown key 'heigth' (did you mean 'height'?)"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("line 3: fps: expected an integer in 1..240, got 0"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("line 4: motion.border: must be one of reflect | replicate | wrap"),
        e.getMessage());
    assertTrue(e.getMessage().contains("line 5: dream.octave_scale"), e.getMessage());
    assertTrue(e.getMessage().contains("seed = photo needs seed.image"), e.getMessage());
  }

  @Test
  void rejectsNamesThatLeaveTheOutputFolder() {
    assertTrue(
        invalid("name = ../escape\n")
            .getMessage()
            .contains("name: must start with a letter or digit"));
    assertTrue(
        invalid("name = /tmp/x\n")
            .getMessage()
            .contains("name: must start with a letter or digit"));
  }

  @Test
  void rejectsDuplicateKeysAndLinesWithoutEquals() {
    PresetException e = invalid("fps = 30\nfps = 24\njust words\n");
    assertTrue(e.getMessage().contains("line 2: key 'fps' already set on line 1"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3: expected 'key = value'"), e.getMessage());
  }

  @Test
  void resolvesPhotoAndModelPathsAgainstThePresetFolder() throws Exception {
    dev.dreamzoom.image.ImageFiles.writePngAtomically(
        dev.dreamzoom.image.RgbImage.filled(8, 8, 100f), dir.resolve("p.jpg"));
    RenderSpec s = parse("seed = photo\nseed.image = p.jpg\nmodel = nets/my.pb\n");
    assertEquals(dir.resolve("p.jpg").toAbsolutePath(), s.seed().image());
    assertEquals(dir.resolve("nets/my.pb").toAbsolutePath().toString(), s.model());
    assertTrue(
        invalid("seed = photo\nseed.image = missing.jpg\n")
            .getMessage()
            .contains("line 2: seed.image: file not found"));
  }

  @Test
  void numericValuesMayBeSchedulesWithTheirOwnInterpolation() throws Exception {
    RenderSpec s =
        parse(
            """
        fps = 24
        frames = 240
        motion.zoom = 0:(1.0), 120:(1.1)
        motion.angle = 0:(0), 100:(10)
        motion.angle.interp = step
        dream.step = 1 + t / T
        motion.tx = 2 * sin(2 * pi * s)
        """);
    assertEquals(1.05, s.motion().zoom().at(60), 1e-12);
    assertEquals(0, s.motion().angle().at(99));
    assertEquals(10, s.motion().angle().at(100));
    assertEquals(1.5, s.dream().step().at(120), 1e-12);
    assertEquals(2, s.motion().tx().at(6), 1e-9);
  }

  @Test
  void scheduleErrorsNameKeyLinePositionAndText() {
    PresetException e = invalid("frames = 100\nmotion.zoom = 0:(1.0), 50:(1.0 + sn(t))\n");
    assertEquals(
        "line 2: motion.zoom: at position 20: unknown function 'sn' (known: abs ahead ceil clamp cos"
            + " exp floor log max min pow pulse sin smooth sqrt tan) in '0:(1.0), 50:(1.0 + sn(t))'",
        e.problems().get(0).toString());
  }

  @Test
  void everyFrameOfAScheduleMustStayInRange() {
    PresetException e = invalid("frames = 100\nmotion.zoom = 0:(1.0), 99:(3.0)\n");
    assertTrue(
        e.getMessage().contains("line 2: motion.zoom: value at frame 50 is 2.0101"),
        e.getMessage());
    assertTrue(e.getMessage().contains("expected a number in 0.5..2"), e.getMessage());
    PresetException nan = invalid("dream.step = log(0)\n");
    assertTrue(
        nan.getMessage().contains("dream.step: value at frame 0 is -Infinity"), nan.getMessage());
  }

  @Test
  void filtersModeReadsKeyedTargetsAndCrossfade() throws Exception {
    RenderSpec s =
        parse(
            """
        mode = filters
        filters = 0:L#3, 50:(L#4:0.5, M#1)
        filters.crossfade = 10
        """);
    assertEquals(DreamMode.FILTERS, s.dream().mode());
    assertEquals(
        List.of(new Target("L", 3), new Target("L", 4), new Target("M", 1)),
        s.dream().objective().targets());
    assertEquals(10, s.dream().objective().crossfade());
    assertArrayEquals(new float[] {0, 0.5f, 1}, s.dream().objective().weightsAt(80));
    assertEquals(0.5, s.dream().blur().at(0), "filters mode blurs the gradient by default");
  }

  @Test
  void deepDreamLayersMayChangeOverTime() throws Exception {
    RenderSpec s = parse("dream.layers = 0:(a:1.0), 100:(b:1.0, c:0.5)\n");
    assertEquals(
        List.of(Target.layer("a"), Target.layer("b"), Target.layer("c")),
        s.dream().objective().targets());
    assertArrayEquals(new float[] {0, 1, 0.5f}, s.dream().objective().weightsAt(200));
  }

  @Test
  void filtersModeWithoutFiltersLeavesThemToTheModel() throws Exception {
    RenderSpec s = parse("mode = filters\nfilters.crossfade = 12\n");
    assertTrue(s.dream().objective().isEmpty());
    assertEquals(
        12,
        s.dream().objective().crossfade(),
        "the crossfade is kept for the model's default filters");
  }

  @Test
  void modelInputKeysTakeOneOrThreeValues() throws Exception {
    RenderSpec s =
        parse(
            "model.input = images\nmodel.offset = 123.68, 116.779, 103.939\n"
                + "model.scale = 58\nmodel.channels = bgr\n");
    assertEquals("images", s.modelInput().tensor());
    assertArrayEquals(new float[] {123.68f, 116.779f, 103.939f}, s.modelInput().offset());
    assertArrayEquals(new float[] {58f}, s.modelInput().scale());
    assertEquals(Boolean.TRUE, s.modelInput().bgr());
    assertEquals(ModelInput.DEFAULT, parse("").modelInput(), "nothing set: the catalog decides");

    String bad =
        invalid("model.offset = 1, 2\nmodel.scale = 0\nmodel.channels = rbg\n").getMessage();
    assertTrue(
        bad.contains("line 1: model.offset: expected one value or three (R, G, B), got 2"), bad);
    assertTrue(bad.contains("line 2: model.scale: expected numbers above 0"), bad);
    assertTrue(bad.contains("line 3: model.channels: must be one of rgb | bgr, got 'rbg'"), bad);
  }

  @Test
  void modelPathsOfEveryFormatResolveAgainstThePresetFolder() throws Exception {
    for (String model : new String[] {"nets/frozen.pb", "vgg_like.h5", "./exported"}) {
      RenderSpec s =
          PresetParser.parse("model = " + model + "\n", Path.of("/presets/p.properties"));
      assertEquals(Path.of("/presets").resolve(model).normalize().toString(), s.model(), model);
    }
    assertEquals("vgg16", parse("model = vgg16\n").model(), "a catalog name stays a name");
  }

  @Test
  void modeAndTargetKeysMustAgree() {
    assertTrue(
        invalid("filters = 0:L#1\n")
            .getMessage()
            .contains("filters: is only used with mode = filters"));
    assertTrue(
        invalid("mode = filters\nfilters = L#1\ndream.layers = L\n")
            .getMessage()
            .contains("dream.layers: is only used with mode = deepdream"));
    assertTrue(
        invalid("filters.crossfade = -1\n")
            .getMessage()
            .contains("filters.crossfade: expected an integer"));
  }

  @Test
  void readsSeveralFormatsAndRefusesUnknownOnes() throws Exception {
    assertEquals(List.of("mp4", "gif"), parse("encode.format = mp4, GIF\n").encode().formats());
    assertTrue(
        invalid("encode.format = mp4, avi\n")
            .getMessage()
            .contains(
                "line 1: encode.format: must be mp4, webm or gif (comma list allowed), got 'avi'"));
    assertTrue(
        invalid("frames = 10\nencode.poster = 11\n")
            .getMessage()
            .contains("encode.poster: frame 11 is past the clip's 10 frames"));
    assertTrue(
        invalid("encode.audio = songs/none.mp3\n")
            .getMessage()
            .contains("line 1: encode.audio: file not found: "));
    assertTrue(
        invalid("encode.loop = bounce\n")
            .getMessage()
            .contains(
                "line 1: encode.loop: must be one of none | pingpong | crossfade, got 'bounce'"));
  }

  @Test
  void missingFileIsAnIoErrorNamingIt() {
    IOException e =
        assertThrows(IOException.class, () -> PresetParser.parse(dir.resolve("nope.properties")));
    assertTrue(e.getMessage().contains("nope.properties"));
  }

  /**
   * A cadence schedule is checked at every frame of the clip, not at frame 0 alone (it hung a
   * render).
   */
  @Test
  void cadenceSchedulesAreCheckedOverTheWholeClip() throws Exception {
    String bad = invalid("frames = 30\nrender.cadence = 0:(1), 1:(1000000)\n").getMessage();
    assertTrue(
        bad.contains("render.cadence: value at frame 1 is 1000000.0, expected an integer in 1..8"),
        bad);
    String late = invalid("frames = 30\nrender.cadence = 0:(1), 5:(9)\n").getMessage();
    assertTrue(late.contains("render.cadence: value at frame 5"), late);
    assertEquals(4, parse("frames = 30\nrender.cadence = 0:(1), 29:(4)\n").cadence().intAt(29));
  }

  /** Every schedulable key, whatever it is, refuses a keyframe out of range late in the clip. */
  @Test
  void everySchedulableKeyIsCheckedAtEveryFrame() throws Exception {
    for (String key : PresetSchema.perFrame()) {
      PresetSchema.Key k = PresetSchema.key(key);
      String ok = k.defaultValue() != null ? k.defaultValue() : Double.toString(k.min());
      double beyond = k.max() + Math.max(1, Math.abs(k.max()));
      String text = "frames = 30\n" + key + " = 0:(" + ok + "), 20:(" + beyond + ")\n";
      String problem = invalid(text).getMessage();
      assertTrue(problem.contains(key + ": value at frame "), key + ": " + problem);
    }
  }
}
