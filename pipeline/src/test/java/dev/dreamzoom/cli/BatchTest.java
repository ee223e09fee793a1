package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.app.RenderJob;
import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.ScheduledDreamer;
import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.motion.Warp;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.render.Renderer;
import dev.dreamzoom.seed.Seeds;
import dev.dreamzoom.testing.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class BatchTest {
  @TempDir Path dir;

  private Path preset(Path folder, String name, int frames, String extra) throws IOException {
    Files.createDirectories(folder);
    Path p = folder.resolve(name + ".properties");
    Files.writeString(
        p,
        """
        name = %s
        width = 128
        height = 80
        frames = %d
        dream.octaves = 1
        dream.iterations = 2
        encode.preset = ultrafast
        %s
        """
            .formatted(name, frames, extra));
    return p;
  }

  @Test
  void goodPresetsFinishPastABrokenOneAndTheSummaryNamesIt() throws Exception {
    Path queue = dir.resolve("queue");
    preset(queue, "a-first", 3, "");
    preset(queue, "b-broken", 3, "dream.layers = MobilenetV1/MobilenetV1/NoSuchLayer/Relu6");
    preset(queue, "c-last", 4, "");
    Path out = dir.resolve("out");
    CliTest.Run r =
        CliTest.run(
            "batch",
            queue.toString(),
            "--output",
            out.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("1 of 3 presets failed"), r.err());
    assertTrue(r.out().matches("(?s).*a-first\\.properties\\s+3\\s+done.*"), r.out());
    assertTrue(
        r.out()
            .matches(
                "(?s).*b-broken\\.properties\\s+0\\s+failed.*unknown layer"
                    + " 'MobilenetV1/MobilenetV1/NoSuchLayer/Relu6'.*"),
        r.out());
    assertTrue(r.out().matches("(?s).*c-last\\.properties\\s+4\\s+done.*"), r.out());
    assertEquals(3, VideoInfo.probe(out.resolve("a-first/a-first.mp4")).frames());
    assertEquals(4, VideoInfo.probe(out.resolve("c-last/c-last.mp4")).frames());
    try (Stream<Path> s = Files.list(out)) {
      Path report =
          s.filter(f -> f.getFileName().toString().startsWith("batch-")).findFirst().orElseThrow();
      assertTrue(Files.readString(report).contains("failed"), "summary written to a file too");
    }
    assertFalse(r.out().contains("\r"), "plain lines when not on a terminal");

    CliTest.Run again =
        CliTest.run(
            "batch",
            queue.toString(),
            "--output",
            out.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertTrue(
        again.out().matches("(?s).*a-first\\.properties\\s+3\\s+finished earlier.*"), again.out());
    assertEquals(1, again.code());
  }

  @Test
  void twoWorkersOnOneQueueNeverRenderTheSamePreset() throws Exception {
    Path queue = dir.resolve("queue");
    for (String n : List.of("p1", "p2", "p3", "p4")) {
      preset(queue, n, 6, "");
    }
    Path out = dir.resolve("out");
    Process a =
        Subprocess.start(
            dir.resolve("a.log"), "batch", queue.toString(), "--output", out.toString());
    Process b =
        Subprocess.start(
            dir.resolve("b.log"), "batch", queue.toString(), "--output", out.toString());
    assertTrue(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS));
    String logs = Files.readString(dir.resolve("a.log")) + Files.readString(dir.resolve("b.log"));
    assertEquals(0, a.exitValue(), logs);
    assertEquals(0, b.exitValue(), logs);
    for (String n : List.of("p1", "p2", "p3", "p4")) {
      // Rendered to the end by exactly one worker; the other found it locked or finished.
      Matcher m =
          Pattern.compile("(?m)^" + n + "\\.properties\\s+6\\s+(done|resumed)").matcher(logs);
      int rendered = 0;
      while (m.find()) {
        rendered++;
      }
      assertEquals(1, rendered, n + " rendered by exactly one worker:\n" + logs);
      assertEquals(6, VideoInfo.probe(out.resolve(n + "/" + n + ".mp4")).frames());
    }
  }

  @Test
  void aFailedWriteKeepsTheLastGoodFrameAndStateAndALaterRunResumes() throws Exception {
    Path presetFile = preset(dir, "diskfull", 8, "motion.zoom = 1.05");
    Path out = dir.resolve("out");
    RenderSpec spec = PresetParser.parse(presetFile);
    var network =
        dev.dreamzoom.model.Network.load(
            new ModelStore(ModelCatalog.load(), dir.resolve("cache"), Shared.models())
                .resolve(spec.model()));
    RenderFolder folder = new RenderFolder(out, spec.name());
    folder.prepare();
    var target =
        new dev.dreamzoom.preset.Term.Layer(
            dev.dreamzoom.preset.Target.layer(network.entry().layers().get(0)));
    var dream =
        spec.dream()
            .withObjective(
                dev.dreamzoom.preset.ObjectiveSchedule.constant(
                    List.of(new dev.dreamzoom.preset.WeightedTerm(target, 1))));
    // The disk fills up while frame 5 is being stored.
    FrameSink fullAtFrame5 =
        (i, frame) -> {
          if (i == 4) {
            throw new IOException("No space left on device");
          }
          folder.accept(i, frame);
        };
    // Built as the render command builds it (no blur or decay ops for this preset), so the
    // frames can be compared bit for bit with the command's.
    try (DreamStep step =
        new DreamStep(network, List.of(target), new DreamStep.Options(0, false, false))) {
      ScheduledDreamer d = new ScheduledDreamer(step, dream, spec.randomSeed());
      Renderer r =
          new Renderer((img, t) -> d.dream(img, t, x -> {}), new Warp(spec.motion()), fullAtFrame5);
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  r.render(
                      Seeds.create(spec.seed(), spec.width(), spec.height(), spec.randomSeed()),
                      8,
                      (x, y, z) -> {}));
      assertTrue(e.getMessage().contains("No space left"));
    }
    assertEquals(
        4, Checkpoint.read(folder.checkpointFile()).framesDone(), "state of the last good frame");
    assertEquals(4, folder.frames().list().size());

    // Through the CLI: an output folder that cannot be created is one clear error.
    Path blocked = dir.resolve("file-not-folder");
    Files.writeString(blocked, "x");
    CliTest.Run bad = CliTest.render(presetFile, blocked.resolve("out"));
    assertEquals(2, bad.code(), "a wrong --output is a usage error");
    assertTrue(bad.err().startsWith("error: "), bad.err());
    assertTrue(bad.err().contains(blocked + " is a file, not a folder"), bad.err());
    assertFalse(bad.err().contains("\tat "), bad.err());

    // The disk has space again: the render resumes at frame 5 and ends as if never interrupted.
    // (The failing run above drove the render loop directly, so the manifest a render writes
    // first is written here, as the render command would have.)
    new dev.dreamzoom.frames.Manifest(
            spec.name(),
            dev.dreamzoom.files.SourceFile.sha256(presetFile),
            network.model().sha256(),
            Cli.version(),
            spec.fps(),
            spec.encode(),
            RenderJob.metadata(spec, network.model().sha256()),
            0,
            null,
            0,
            0,
            null,
            java.util.List.of(),
            java.util.List.of())
        .write(folder.manifestFile());
    CliTest.Run resumed = CliTest.render(presetFile, out);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming at frame 5"), resumed.out());
    CliTest.Run clean = CliTest.render(presetFile, dir.resolve("clean"));
    assertEquals(0, clean.code(), clean.err());
    List<Path> a = folder.frames().list();
    List<Path> b = new RenderFolder(dir.resolve("clean"), spec.name()).frames().list();
    assertEquals(8, a.size());
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(
          Files.readAllBytes(b.get(i)), Files.readAllBytes(a.get(i)), "frame " + (i + 1));
    }

    // Re-encoding from the frames with other settings.
    CliTest.Run enc =
        CliTest.run(
            "encode",
            out.resolve("diskfull").toString(),
            "--width",
            "256",
            "--height",
            "160",
            "--crf",
            "30");
    assertEquals(0, enc.code(), enc.err());
    VideoInfo info = VideoInfo.probe(out.resolve("diskfull/diskfull.mp4"));
    assertEquals(
        String.valueOf(spec.randomSeed()), info.metadata().get("dreamzoom_seed"), "metadata kept");
    assertEquals(256, info.width());
    assertEquals(8, info.frames());
  }
}
