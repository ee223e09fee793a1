package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.testing.Held;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames can always be regenerated: kept checkpoints, {@code verify}, {@code repair}, a resume that
 * fills holes, extending a finished render; and clips are encoded only from what is complete and
 * never shrunk.
 */
@Tag("slow")
class RegenerateTest {
  private static final int FRAMES = 8;

  @TempDir Path dir;

  private Path preset(String extra) throws Exception {
    Path preset = dir.resolve("regen.properties");
    Files.writeString(
        preset,
        """
        name = regen
        seed = noise
        random.seed = 5
        width = 112
        height = 64
        frames = %d
        render.checkpoint_every = 3
        dream.octaves = 1
        dream.iterations = 2
        motion.zoom = 1.05
        motion.angle = 1
        encode.preset = ultrafast
        %s
        """
            .formatted(FRAMES, extra));
    return preset;
  }

  private static CliTest.Run cli(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--model-mirror";
    all[args.length + 1] = Shared.models().toString();
    return CliTest.run(all);
  }

  private static List<Path> frames(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
  }

  private static void assertSameFrames(Path expected, Path actual, int n) throws Exception {
    List<Path> e = frames(expected);
    List<Path> a = frames(actual);
    assertEquals(n, a.size(), a.toString());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(
          Files.readAllBytes(e.get(i)), Files.readAllBytes(a.get(i)), "frame " + (i + 1));
    }
  }

  private Path reference(Path preset) throws Exception {
    Path ref = dir.resolve("reference");
    CliTest.Run r = cli("render", preset.toString(), "--output", ref.toString());
    assertEquals(0, r.code(), r.err());
    return ref.resolve("regen");
  }

  @Test
  void verifyFindsADeletedAndACorruptedFrameAndRepairRegeneratesThemExactly() throws Exception {
    Path preset = preset("");
    Path ref = reference(preset);
    Path out = dir.resolve("out");
    assertEquals(0, cli("render", preset.toString(), "--output", out.toString()).code());
    Path render = out.resolve("regen");
    assertTrue(Files.isRegularFile(render.resolve("state/keep/000003.bin")));
    assertTrue(Files.isRegularFile(render.resolve("state/keep/000006.bin")));

    CliTest.Run clean = CliTest.run("verify", render.toString());
    assertEquals(0, clean.code(), clean.out() + clean.err());
    assertTrue(clean.out().contains("all 8 frames present and decodable"), clean.out());

    Files.delete(render.resolve("frames/000005.png"));
    byte[] two = Files.readAllBytes(render.resolve("frames/000002.png"));
    Files.write(render.resolve("frames/000002.png"), java.util.Arrays.copyOf(two, two.length / 2));
    Files.writeString(render.resolve("frames/notes.txt"), "mine");
    CliTest.Run bad = CliTest.run("verify", render.toString());
    assertEquals(1, bad.code(), bad.out() + bad.err());
    assertTrue(bad.out().contains("missing: frames 5"), bad.out());
    assertTrue(bad.out().contains("damaged: frames 2 "), bad.out());
    assertTrue(bad.out().contains("unexpected: notes.txt"), bad.out());

    CliTest.Run repaired = cli("repair", render.toString());
    assertEquals(0, repaired.code(), repaired.out() + repaired.err());
    assertTrue(repaired.out().contains("regenerating frame 2 from the seed"), repaired.out());
    assertTrue(
        repaired.out().contains("regenerating frame 5 from the checkpoint after frame 3"),
        repaired.out());
    assertTrue(
        repaired.out().contains("regenerated frames 2, 5 (4 frames dreamed)"), repaired.out());
    assertTrue(repaired.out().contains("left alone: notes.txt"), repaired.out());
    Files.delete(render.resolve("frames/notes.txt"));
    assertSameFrames(ref.resolve("frames"), render.resolve("frames"), FRAMES);
    assertEquals(FRAMES, VideoInfo.probe(render.resolve("regen.mp4")).frames());
    assertEquals(0, CliTest.run("verify", render.toString()).code());
  }

  @Test
  void aResumeFillsAHoleAndAFinishedRenderCanBeExtended() throws Exception {
    Path preset = preset("");
    Path ref = reference(preset);
    Path out = dir.resolve("out");
    CliTest.Run first =
        cli("render", preset.toString(), "--output", out.toString(), "--frames", "5");
    assertEquals(0, first.code(), first.err());
    assertEquals(5, VideoInfo.probe(out.resolve("regen/regen.mp4")).frames());
    Files.delete(out.resolve("regen/frames/000004.png"));

    CliTest.Run longer = cli("render", preset.toString(), "--output", out.toString());
    assertEquals(0, longer.code(), longer.out() + longer.err());
    assertTrue(
        longer.out().contains("frame 4 went missing since they were rendered; regenerating them")
            || longer.out().contains("frame 4 went missing"),
        longer.out());
    assertTrue(longer.out().contains("resuming at frame 6 of regen"), longer.out());
    assertSameFrames(ref.resolve("frames"), out.resolve("regen/frames"), FRAMES);
    assertEquals(FRAMES, VideoInfo.probe(out.resolve("regen/regen.mp4")).frames());
  }

  @Test
  void fewerFramesNeverShrinkALongerClip() throws Exception {
    Path preset = preset("");
    Path out = dir.resolve("out");
    assertEquals(0, cli("render", preset.toString(), "--output", out.toString()).code());
    Path clip = out.resolve("regen/regen.mp4");
    String before = dev.dreamzoom.files.SourceFile.sha256(clip);
    Path queue = Files.createDirectories(dir.resolve("queue"));
    Files.copy(preset, queue.resolve("regen.properties"));
    // The same preset text, so the render folder is this one.
    CliTest.Run batch = cli("batch", queue.toString(), "--output", out.toString(), "--frames", "3");
    assertEquals(0, batch.code(), batch.out() + batch.err());
    assertTrue(
        batch.out().contains("already has 8 frames, more than the 3 asked for; left as it is"),
        batch.out());
    assertEquals(
        before, dev.dreamzoom.files.SourceFile.sha256(clip), "the 8-frame clip is untouched");
    CliTest.Run render =
        cli("render", preset.toString(), "--output", out.toString(), "--frames", "3");
    assertEquals(0, render.code());
    assertEquals(before, dev.dreamzoom.files.SourceFile.sha256(clip));
    assertEquals(FRAMES, VideoInfo.probe(clip).frames());
  }

  @Test
  void encodeRefusesARunningOrUnfinishedRenderUnlessPartial() throws Exception {
    Path preset = preset("");
    Path out = dir.resolve("out");
    Path render = out.resolve("regen");
    Path log = dir.resolve("held.log");
    Process p =
        Subprocess.start(
            log,
            List.of("-Ddreamzoom.test.hold=frame:4"),
            "render",
            preset.toString(),
            "--output",
            out.toString());
    try {
      Held.await(render.resolve("held"), p, log);
      CliTest.Run during = CliTest.run("encode", render.toString());
      assertEquals(1, during.code());
      assertTrue(
          during.err().contains("regen is being rendered by process " + p.pid()), during.err());
      assertTrue(during.err().contains("--partial"), during.err());

      CliTest.Run partial = CliTest.run("encode", render.toString(), "--partial");
      assertEquals(0, partial.code(), partial.err());
      Path clip = render.resolve("regen.partial.mp4");
      assertEquals(4, VideoInfo.probe(clip).frames(), "the frames stored so far");
      assertTrue(
          VideoInfo.probe(clip).metadata().get("dreamzoom_partial").equals("frames 1-4 of 8"),
          VideoInfo.probe(clip).metadata().toString());
      assertFalse(Files.exists(render.resolve("regen.mp4")));
    } finally {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Files.delete(render.resolve("held"));
    CliTest.Run unfinished = CliTest.run("encode", render.toString());
    assertEquals(1, unfinished.code());
    assertTrue(unfinished.err().contains("regen is unfinished: 4 of 8 frames"), unfinished.err());
    assertFalse(Files.exists(render.resolve("regen.mp4")));
    assertFalse(
        Files.exists(out.resolve("regen.lock")),
        "the dead render's lock was taken over and released");
  }

  @Test
  void aChangedModelFileIsRefusedOnResume() throws Exception {
    Path net = dir.resolve("net.pb");
    Files.copy(Shared.models().resolve("mobilenet_v1_0.75_224/quantized_graph.pb"), net);
    Path preset =
        preset("model = net.pb\ndream.layers = MobilenetV1/MobilenetV1/Conv2d_5_pointwise/Relu6\n");
    Path out = dir.resolve("out");
    CliTest.Run first =
        cli("render", preset.toString(), "--output", out.toString(), "--frames", "2");
    assertEquals(0, first.code(), first.out() + first.err());
    Files.copy(
        Shared.models().resolve("mobilenet_v1_0.50_224/quantized_graph.pb"),
        net,
        StandardCopyOption.REPLACE_EXISTING);
    CliTest.Run changed = cli("render", preset.toString(), "--output", out.toString());
    assertEquals(1, changed.code());
    assertTrue(
        changed.err().contains("was rendered with a different model file than"), changed.err());
    assertTrue(changed.err().contains("--restart"), changed.err());
    assertEquals(
        2, frames(out.resolve("regen/frames")).size(), "nothing rendered with the other model");
  }
}
