package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.testing.Held;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real finished render, copied and then damaged or handled the way issue 26 found it going wrong:
 * truncated checkpoints (latest and kept), an edited preset copy, a moved seed photo, {@code
 * verify} during a live render, a gallery that lags the render, {@code encode --partial} on a
 * finished render or a read-only disk.
 */
@Tag("slow")
class DamagedRenderTest {
  private static final int FRAMES = 12;

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path preset;
  private static Path reference;

  private static String presetText(String name, int frames) {
    return """
        name = %s
        seed = noise
        random.seed = 11
        width = 96
        height = 64
        frames = %d
        render.checkpoint_every = 4
        dream.octaves = 1
        dream.iterations = 2
        motion.zoom = 1.04
        encode.preset = ultrafast
        """
        .formatted(name, frames);
  }

  private static CliTest.Run cli(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--model-mirror";
    all[args.length + 1] = Shared.models().toString();
    return CliTest.run(all);
  }

  @BeforeAll
  static void renderOnce() throws Exception {
    preset = shared.resolve("torn.properties");
    Files.writeString(preset, presetText("torn", FRAMES));
    CliTest.Run r = cli("render", preset.toString(), "--output", shared.resolve("out").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    reference = shared.resolve("out/torn");
  }

  /** A copy of the finished render under this test's own output root. */
  private Path copy() throws Exception {
    Path to = dir.resolve("out/torn");
    try (Stream<Path> walk = Files.walk(reference)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(reference.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  private static void truncate(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, b.length / 3));
  }

  @Test
  void item6TruncatedLatestCheckpointOfAFinishedRenderIsReportedEncodedAndRebuilt()
      throws Exception {
    Path render = copy();
    truncate(render.resolve("state/checkpoint.bin"));

    CliTest.Run verify = CliTest.run("verify", render.toString());
    assertEquals(1, verify.code(), verify.out());
    assertTrue(verify.out().startsWith("torn: 12 of 12 frames rendered, finished"), verify.out());
    assertTrue(verify.out().contains("checkpoint: damaged checkpoint (truncated"), verify.out());
    assertFalse(verify.out().contains("unexpected"), verify.out());

    CliTest.Run status = CliTest.run("status", dir.resolve("out").toString());
    assertTrue(
        status.out().matches("(?s).*torn\\s+damaged\\s+12/12 .*dreamzoom repair .*"), status.out());

    Files.delete(render.resolve("torn.mp4"));
    CliTest.Run encode = CliTest.run("encode", render.toString());
    assertEquals(0, encode.code(), encode.out() + encode.err());
    assertEquals(FRAMES, VideoInfo.probe(render.resolve("torn.mp4")).frames());

    repairsExactly(
        render, "state/checkpoint.bin", "torn: rebuilt the latest checkpoint (0 frames dreamed)");
  }

  /**
   * {@code repair} says {@code said} and makes {@code file} equal the undamaged render's; then
   * verify passes.
   */
  private static void repairsExactly(Path render, String file, String said) throws Exception {
    CliTest.Run repair = cli("repair", render.toString());
    assertEquals(0, repair.code(), repair.out() + repair.err());
    assertTrue(repair.out().contains(said), repair.out());
    assertArrayEquals(
        Files.readAllBytes(reference.resolve(file)), Files.readAllBytes(render.resolve(file)));
    assertEquals(0, CliTest.run("verify", render.toString()).code());
  }

  @Test
  void item6TruncatedKeptCheckpointIsReportedAndRebuiltExactly() throws Exception {
    Path render = copy();
    truncate(render.resolve("state/keep/000008.bin"));
    CliTest.Run verify = CliTest.run("verify", render.toString());
    assertEquals(1, verify.code(), verify.out());
    assertTrue(verify.out().contains("kept checkpoints damaged: after frames 8"), verify.out());

    repairsExactly(
        render,
        "state/keep/000008.bin",
        "rebuilt the kept checkpoints after frames 8 (4 frames dreamed)");
  }

  @Test
  void item6ARenderWithADamagedLatestCheckpointResumesFromTheKeptOne() throws Exception {
    Path render = copy();
    truncate(render.resolve("state/checkpoint.bin"));
    Files.delete(render.resolve("state/keep/000012.bin"));
    for (int f = 9; f <= FRAMES; f++) {
      Files.delete(render.resolve(String.format("frames/%06d.png", f)));
    }
    CliTest.Run r = cli("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("continuing from the kept checkpoint after frame 8"), r.out());
    assertTrue(r.out().contains("resuming at frame 9 of torn"), r.out());
    for (int f = 1; f <= FRAMES; f++) {
      String name = String.format("frames/%06d.png", f);
      assertArrayEquals(
          Files.readAllBytes(reference.resolve(name)),
          Files.readAllBytes(render.resolve(name)),
          name);
    }
    assertArrayEquals(
        Files.readAllBytes(reference.resolve("state/checkpoint.bin")),
        Files.readAllBytes(render.resolve("state/checkpoint.bin")));
  }

  @Test
  void item7TheGalleryShowsEachFrameAsItIsStoredAndAShortRenderAsPartial() throws Exception {
    Path p = dir.resolve("live.properties");
    // Frames slow enough (about 0.3 s) that the page, far cheaper, is rewritten after every one.
    Files.writeString(
        p, presetText("live", FRAMES).replace("dream.iterations = 2", "dream.iterations = 12"));
    Path out = dir.resolve("out");
    Path log = dir.resolve("live.log");
    Process live =
        Subprocess.start(
            log,
            List.of("-Ddreamzoom.test.hold=frame:7"),
            "render",
            p.toString(),
            "--output",
            out.toString());
    try {
      Held.await(out.resolve("live/held"), live, log);
      String page = Files.readString(out.resolve("index.html"));
      // Held inside frame 7's store: the page was last written after frame 6's.
      assertTrue(page.contains("data-frames=\"6/12\""), page);
      assertTrue(page.contains("src=\"./live/frames/000006.png\""), page);
      assertTrue(page.contains("6 / 12 frames"), page);
    } finally {
      live.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    Path shortPreset = dir.resolve("short.properties");
    Files.writeString(shortPreset, presetText("short", 300));
    assertEquals(
        0,
        cli("render", shortPreset.toString(), "--output", out.toString(), "--frames", "3").code());
    CliTest.Run status = CliTest.run("status", out.toString());
    assertTrue(
        status
            .out()
            .matches("(?s).*short\\s+partial\\s+3/300 .*partial render of 3 of 300 frames.*"),
        status.out());
    String page = Files.readString(out.resolve("index.html"));
    assertTrue(page.contains("partial render of 3 of 300 frames"), page);
  }

  @Test
  void item8AnEditedPresetCopyIsRestoredByTheNextRender() throws Exception {
    Path render = copy();
    Files.writeString(
        render.resolve("preset.properties"),
        "motion.zoom = 1.3\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertEquals(1, CliTest.run("verify", render.toString()).code());
    CliTest.Run r = cli("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(
        r.out().contains("preset.properties was edited; restored it from " + preset), r.out());
    assertArrayEquals(
        Files.readAllBytes(preset), Files.readAllBytes(render.resolve("preset.properties")));
    assertEquals(0, CliTest.run("verify", render.toString()).code());
  }

  @Test
  void item8VerifyChecksTheFramesWhenTheSeedPhotoHasMoved() throws Exception {
    Path photo = Files.copy(Shared.image("chelsea.png"), dir.resolve("cat.png"));
    Path p = dir.resolve("cat.properties");
    Files.writeString(
        p, presetText("cat", 2).replace("seed = noise", "seed = photo\nseed.image = cat.png"));
    CliTest.Run r = cli("render", p.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    Files.move(photo, dir.resolve("moved.png"));
    CliTest.Run v = CliTest.run("verify", dir.resolve("out/cat").toString());
    // Issue 34: the frames check out, and the missing source is named (exit 1: nothing can be
    // dreamed again from it).
    assertEquals(1, v.code(), v.out() + v.err());
    assertTrue(
        v.out().contains("preset: ") && v.out().contains("file not found: " + photo), v.out());
    assertTrue(v.out().contains("source changed: seed.image = " + photo + " is missing"), v.out());
    assertTrue(v.out().contains("all 2 frames present and decodable"), v.out());
    CliTest.Run repair = cli("repair", dir.resolve("out/cat").toString());
    assertEquals(1, repair.code());
    assertTrue(repair.err().contains("repair dreams frames again from the preset"), repair.err());
  }

  @Test
  void item8VerifyDuringALiveRenderSaysSoAndPasses() throws Exception {
    Path p = dir.resolve("busy.properties");
    Files.writeString(p, presetText("busy", FRAMES));
    Path out = dir.resolve("out");
    Path log = dir.resolve("busy.log");
    Process live =
        Subprocess.start(
            log,
            List.of("-Ddreamzoom.test.hold=png:5"),
            "render",
            p.toString(),
            "--output",
            out.toString());
    try {
      Held.await(out.resolve("busy/held"), live, log);
      CliTest.Run v = CliTest.run("verify", out.resolve("busy").toString());
      assertEquals(0, v.code(), v.out());
      assertTrue(
          v.out()
              .startsWith("busy: 4 of 12 frames rendered, being rendered by process " + live.pid()),
          v.out());
      assertTrue(
          v.out().contains("in progress: frames 5 (written since the last checkpoint)"), v.out());
      assertFalse(v.out().contains("unexpected"), v.out());
    } finally {
      live.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    // Killed there, the same frame is left over: now it is reported.
    CliTest.Run after = CliTest.run("verify", out.resolve("busy").toString());
    assertEquals(1, after.code(), after.out());
    assertTrue(
        after.out().contains("unexpected: 000005.png (after the last checkpoint"), after.out());
  }

  @Test
  void item8FillingAHoleInAFinishedRenderSaysCompletingNotResuming() throws Exception {
    Path render = copy();
    Files.delete(render.resolve("frames/000005.png"));
    CliTest.Run r = cli("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("completing torn: 12 frames"), r.out());
    assertFalse(r.out().contains("resuming at frame 13"), r.out());
    assertArrayEquals(
        Files.readAllBytes(reference.resolve("frames/000005.png")),
        Files.readAllBytes(render.resolve("frames/000005.png")));
  }

  @Test
  void item8EncodePartialOfAFinishedRenderWritesItsOrdinaryClips() throws Exception {
    Path render = copy();
    Files.delete(render.resolve("torn.mp4"));
    CliTest.Run r = CliTest.run("encode", render.toString(), "--partial");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(Files.isRegularFile(render.resolve("torn.mp4")), r.out());
    try (Stream<Path> s = Files.list(render)) {
      assertFalse(
          s.anyMatch(f -> f.getFileName().toString().contains(".partial")), "no partial clip");
    }
  }

  @Test
  void item8EncodeOnAReadOnlyDiskNamesTheFolder() throws Exception {
    try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "size=64m")) {
      Path render = disk.dir().resolve("torn");
      Files.createDirectories(render);
      try (Stream<Path> walk = Files.walk(reference)) {
        for (Path p : walk.toList()) {
          Path target = render.resolve(reference.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        }
      }
      disk.remount("ro");
      for (String partial : new String[] {"--partial", "--crf=30"}) {
        CliTest.Run r = CliTest.run("encode", render.toString(), partial);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(
            r.err()
                .startsWith(
                    "error: cannot write in "
                        + render
                        + ": Read-only file system (that disk is"
                        + " mounted read-only"),
            r.err());
        assertFalse(
            r.err().contains("avio_open2") || r.err().contains("FFmpegLogCallback"), r.err());
      }
    }
  }
}
