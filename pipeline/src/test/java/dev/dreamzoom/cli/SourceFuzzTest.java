package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Held;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.TestVideos;
import dev.dreamzoom.testing.Wavs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 34's source fuzzer: a render's source (the seed photo, the audio track, the source video)
 * replaced, truncated, touched, deleted, turned into a folder or a pipe between two runs, or
 * replaced while a run renders; then render (resume), repair, encode, verify and status. Every case
 * ends in frames identical to an uninterrupted render (a touched file: the same bytes) or in one
 * message naming the key and the file, with a non-zero exit; never a frame from another source.
 */
@Tag("slow")
class SourceFuzzTest {
  @TempDir static Path dir;
  static Path reference;

  /** A photo, a track and a video, each with a preset of 4 tiny frames. */
  @BeforeAll
  static void sources() throws Exception {
    Files.copy(Shared.image("chelsea.png"), dir.resolve("cat.png"));
    Files.copy(Shared.image("coffee.png"), dir.resolve("coffee.png"));
    float[] x = new float[3 * 8000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((i / 2000 % 2 == 0 ? 0.6 : 0.1) * Math.sin(2 * Math.PI * 110 * i / 8000.0));
    }
    Wavs.write(dir.resolve("song.wav"), x, 8000, 1);
    Wavs.write(dir.resolve("other.wav"), java.util.Arrays.copyOf(x, x.length / 2), 8000, 1);
    new TestVideos(64, 40).clip(dir, "walk", 12, 8, dir.resolve("song.wav"));
    Files.move(dir.resolve("walk.mp4"), dir.resolve("walk.mp4.orig"));
    new TestVideos(64, 40).clip(dir.resolve("v2"), "walk", 12, 8, null);
    Files.copy(dir.resolve("song.wav"), dir.resolve("song.wav.orig"));
    preset("photo", "seed = photo\nseed.image = cat.png\n");
    preset("music", "audio = song.wav\nmotion.zoom = 1 + 0.05*rms\n");
    preset("video", "seed = video\nseed.video = walk.mp4\nfps = 8\n");
    reference = dir.resolve("reference");
  }

  private static void preset(String name, String lines) throws Exception {
    Files.writeString(
        dir.resolve(name + ".properties"),
        "name = "
            + name
            + "\nwidth = 64\nheight = 40\nframes = 4\n"
            + "dream.octaves = 1\ndream.iterations = 1\nencode.preset = ultrafast\nrender.checkpoint_every = 1\n"
            + lines);
  }

  /** The source each preset reads, and the key that names it. */
  private static Path source(String kind) {
    return dir.resolve(
        switch (kind) {
          case "photo" -> "cat.png";
          case "music" -> "song.wav";
          default -> "walk.mp4";
        });
  }

  private static String key(String kind) {
    return switch (kind) {
      case "photo" -> "seed.image";
      case "music" -> "audio";
      default -> "seed.video";
    };
  }

  private static void restore(String kind) throws Exception {
    Path s = source(kind);
    if (Files.isDirectory(s)) {
      Files.delete(s);
    }
    Files.deleteIfExists(s);
    switch (kind) {
      case "photo" -> Files.copy(Shared.image("chelsea.png"), s);
      case "music" -> Files.copy(dir.resolve("song.wav.orig"), s);
      default -> Files.copy(dir.resolve("walk.mp4.orig"), s);
    }
  }

  private static CliTest.Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--model-mirror", Shared.models().toString()));
    return CliTest.run(all.toArray(String[]::new));
  }

  private static CliTest.Run render(String kind, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "render",
                dir.resolve(kind + ".properties").toString(),
                "--output",
                out.toString()));
    args.addAll(List.of(extra));
    return cli(args.toArray(String[]::new));
  }

  /** The change made to the source, by name. */
  private static void mutate(String kind, String how) throws Exception {
    Path s = source(kind);
    switch (how) {
      case "replaced" ->
          Files.copy(
              switch (kind) {
                case "photo" -> dir.resolve("coffee.png");
                case "music" -> dir.resolve("other.wav");
                default -> dir.resolve("v2/walk.mp4");
              },
              s,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      case "truncated" -> {
        byte[] b = Files.readAllBytes(s);
        Files.write(s, java.util.Arrays.copyOf(b, b.length / 2));
      }
      case "touched" ->
          Files.setLastModifiedTime(s, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
      case "deleted" -> Files.delete(s);
      case "folder" -> {
        Files.delete(s);
        Files.createDirectories(s);
      }
      case "fifo" -> {
        Files.delete(s);
        assertEquals(0, new ProcessBuilder("mkfifo", s.toString()).start().waitFor());
      }
      default -> throw new IllegalArgumentException(how);
    }
  }

  /** Exit 1 with one message naming the key or the file, no stack trace. */
  private static void refused(CliTest.Run r, String kind, String what) {
    String all = r.out() + r.err();
    assertEquals(1, r.code(), what + ": " + all);
    assertTrue(
        all.contains(source(kind).getFileName().toString()), what + " names the file: " + all);
    assertFalse(
        all.contains("\tat ") || all.contains("this is a bug"), what + ": no stack trace: " + all);
  }

  private static void sameFrames(Path a, Path b, String what) throws Exception {
    for (int i = 1; i <= 4; i++) {
      String f = String.format("frames/%06d.png", i);
      assertArrayEquals(
          Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), what + ": " + f);
    }
  }

  /** The uninterrupted render of {@code kind} from its source as it is, rendered once. */
  private static synchronized Path reference(String kind) throws Exception {
    if (!Files.isDirectory(reference.resolve(kind))) {
      restore(kind);
      CliTest.Run r = render(kind, reference);
      assertEquals(0, r.code(), kind + ": " + r.err());
    }
    return reference.resolve(kind);
  }

  @Test
  void everyChangeBetweenRunsEndsInTheSameFramesOrOneMessage() throws Exception {
    for (String kind : List.of("photo", "music", "video")) {
      Path uninterrupted = reference(kind);
      for (String how : List.of("replaced", "truncated", "touched", "deleted", "folder", "fifo")) {
        String what = kind + " source " + how;
        restore(kind);
        Path out = dir.resolve("out-" + kind + "-" + how);
        assertEquals(0, render(kind, out, "--frames", "2").code(), what);
        mutate(kind, how);
        CliTest.Run resumed = render(kind, out);
        CliTest.Run verified = CliTest.run("verify", out.resolve(kind).toString());
        if (how.equals("touched")) {
          assertEquals(0, resumed.code(), what + ": " + resumed.err());
          sameFrames(uninterrupted, out.resolve(kind), what);
          assertEquals(0, verified.code(), what + ": " + verified.out());
          continue;
        }
        refused(resumed, kind, what + ", resume");
        assertEquals(1, verified.code(), what + ": " + verified.out());
        assertTrue(
            verified.out().contains(key(kind)), what + ": verify names the key: " + verified.out());
        assertEquals(
            2, Files.list(out.resolve(kind + "/frames")).count(), what + ": no frame added");
        CliTest.Run status = CliTest.run("status", out.toString());
        assertFalse(status.err().contains("\tat "), what + ": " + status.err());
      }
      // A finished render whose source changed: repair (of a lost frame) and encode refuse it.
      Path done = dir.resolve("done-" + kind);
      restore(kind);
      assertEquals(0, render(kind, done).code(), kind);
      mutate(kind, "replaced");
      if (!kind.equals("photo")) {
        // The clip carries the track (the video's own sound): encode refuses the changed one.
        refused(CliTest.run("encode", done.resolve(kind).toString()), kind, kind + " encode");
      }
      Files.delete(done.resolve(kind + "/frames/000003.png"));
      refused(cli("repair", done.resolve(kind).toString()), kind, kind + " repair");
      assertFalse(
          Files.exists(done.resolve(kind + "/frames/000003.png")), "no frame from the new source");
      restore(kind);
      assertEquals(
          0,
          cli("repair", done.resolve(kind).toString()).code(),
          kind + ": repaired once restored");
      sameFrames(uninterrupted, done.resolve(kind), kind + " repaired");
    }
  }

  /**
   * Replaced or truncated while a render of all 12 frames runs, held after frame 2 is stored: the
   * dream runs at most a few frames ahead of the held writer (from the file as it was), then the
   * watch stops it before storing a frame dreamed after the change. Restored, it resumes to the
   * uninterrupted render's frames.
   */
  @Test
  void aSourceChangedDuringARenderStopsItBeforeAFrameOfTheNewFile() throws Exception {
    Files.writeString(
        dir.resolve("long.properties"),
        "name = long\nwidth = 64\nheight = 40\nfps = 8\n"
            + "frames = auto\nseed = video\nseed.video = walk.mp4\ndream.octaves = 1\ndream.iterations = 1\n"
            + "encode.preset = ultrafast\nrender.checkpoint_every = 1\n");
    restore("video");
    Path reference = dir.resolve("reference-long");
    assertEquals(
        0,
        cli("render", dir.resolve("long.properties").toString(), "--output", reference.toString())
            .code());
    for (String how : List.of("replaced", "truncated")) {
      restore("video");
      Path out = dir.resolve("during-" + how);
      Path log = dir.resolve("during-" + how + ".log");
      Process p =
          Subprocess.start(
              log,
              List.of("-Ddreamzoom.test.hold=frame:2"),
              "render",
              dir.resolve("long.properties").toString(),
              "--output",
              out.toString(),
              "--model-mirror",
              Shared.models().toString());
      Held.await(out.resolve("long/held"), p, log);
      mutate("video", how);
      Files.delete(out.resolve("long/held"));
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      String said = Files.readString(log);
      assertEquals(1, p.exitValue(), said);
      assertTrue(said.contains("seed.video = ") && said.contains("walk.mp4"), said);
      if (how.equals("replaced")) {
        // The decoder still reads the file it opened; the watch is what notices the new one.
        assertTrue(said.contains("while it was rendering"), said);
      }
      long stored;
      try (var frames = Files.list(out.resolve("long/frames"))) {
        stored = frames.count();
      }
      assertTrue(stored < 12, how + ": stopped, not finished: " + stored + " frames");
      restore("video");
      CliTest.Run resumed =
          cli("render", dir.resolve("long.properties").toString(), "--output", out.toString());
      assertEquals(0, resumed.code(), resumed.err());
      for (int i = 1; i <= 12; i++) {
        String f = String.format("long/frames/%06d.png", i);
        assertArrayEquals(
            Files.readAllBytes(reference.resolve(f)),
            Files.readAllBytes(out.resolve(f)),
            how + " then restored: " + f);
      }
    }
  }
}
