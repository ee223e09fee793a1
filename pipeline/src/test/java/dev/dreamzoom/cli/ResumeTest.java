package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render killed with SIGKILL at any point and resumed gives the same bytes, frame for frame, as a
 * render that was never interrupted.
 */
@Tag("slow")
class ResumeTest {
  static final int FRAMES = 16;

  @TempDir Path dir;

  private Path preset() throws Exception {
    Path preset = dir.resolve("resume.properties");
    Files.writeString(
        preset,
        """
        name = resume
        seed = noise
        random.seed = 9
        width = 160
        height = 96
        frames = %d
        dream.octaves = 2
        dream.iterations = 3
        motion.zoom = 1.04
        motion.angle = 2
        encode.preset = veryfast
        encode.format = mp4, webm
        """
            .formatted(FRAMES));
    return preset;
  }

  private static List<Path> list(Path frames) throws Exception {
    try (Stream<Path> s = Files.list(frames)) {
      return s.sorted().toList();
    }
  }

  @Test
  void killedAnywhereAndResumedGivesIdenticalFrames() throws Exception {
    Path preset = preset();
    Path reference = dir.resolve("reference");
    CliTest.Run full = CliTest.render(preset, reference);
    assertEquals(0, full.code(), full.err());

    Path out = dir.resolve("killed");
    Path frames = out.resolve("resume/frames");
    Path state = out.resolve("resume/state");
    // SIGKILL at exact points (a test-only hold in the frame store, see TestHold): after a frame's
    // PNG but before its checkpoint, and after both.
    int kills = 0;
    for (String at : new String[] {"png:3", "frame:6", "png:10", "frame:13"}) {
      Path log = dir.resolve("run-" + at.replace(':', '-') + ".log");
      Subprocess.renderKilledAt(at, preset, out, "resume", log);
      int frame = Integer.parseInt(at.substring(at.indexOf(':') + 1));
      assertEquals(
          at.startsWith("png") ? frame - 1 : frame,
          Checkpoint.read(state.resolve("checkpoint.bin")).framesDone(),
          "killed exactly at " + at);
      assertTrue(Files.exists(frames.resolve(String.format("%06d.png", frame))), at);
      kills++;
    }
    assertEquals(4, kills);
    // A crash in the middle of writing leaves temporary files; the resume clears them.
    Files.write(frames.resolve(".000014.png.4242-1-99.tmp"), new byte[] {(byte) 0x89, 'P', 'N'});
    Files.write(state.resolve(".checkpoint.bin.4242-1-99.tmp"), new byte[] {1, 2, 3});

    Checkpoint before = Checkpoint.read(out.resolve("resume/state/checkpoint.bin"));
    assertTrue(
        before.framesDone() < FRAMES, "the render was really cut short: " + before.framesDone());
    CliTest.Run resumed = CliTest.render(preset, out);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(
        resumed.out().contains("resuming at frame " + (before.framesDone() + 1)), resumed.out());

    List<Path> expected = list(reference.resolve("resume/frames"));
    List<Path> actual = list(frames);
    assertEquals(FRAMES, expected.size());
    assertEquals(
        expected.stream().map(f -> f.getFileName().toString()).toList(),
        actual.stream().map(f -> f.getFileName().toString()).toList(),
        "no stray files");
    for (int i = 0; i < FRAMES; i++) {
      assertArrayEquals(
          Files.readAllBytes(expected.get(i)),
          Files.readAllBytes(actual.get(i)),
          "frame " + (i + 1));
    }
    assertArrayEquals(
        Checkpoint.read(reference.resolve("resume/state/checkpoint.bin")).image().pixels(),
        Checkpoint.read(out.resolve("resume/state/checkpoint.bin")).image().pixels(),
        "full-precision state");
    assertEquals(FRAMES, VideoInfo.probe(out.resolve("resume/resume.mp4")).frames());
    for (String clip : List.of("resume.mp4", "resume.webm", "resume-preview.mp4")) {
      assertArrayEquals(
          Files.readAllBytes(reference.resolve("resume").resolve(clip)),
          Files.readAllBytes(out.resolve("resume").resolve(clip)),
          clip + " byte-identical after the resume");
    }
    assertFalse(Files.exists(out.resolve("resume.lock")), "lock released");
  }

  @Test
  void finishedRenderDoesNothingAndChangedPresetIsRefused() throws Exception {
    Path preset = preset();
    Path out = dir.resolve("out");
    String[] args = {
      "render",
      preset.toString(),
      "--output",
      out.toString(),
      "--model-mirror",
      Shared.models().toString()
    };
    assertEquals(0, CliTest.run(args).code());
    long modified = Files.getLastModifiedTime(out.resolve("resume/resume.mp4")).toMillis();

    CliTest.Run again = CliTest.run(args);
    assertEquals(0, again.code());
    assertTrue(again.out().contains("already finished; nothing to do"), again.out());
    assertEquals(modified, Files.getLastModifiedTime(out.resolve("resume/resume.mp4")).toMillis());

    Files.writeString(
        preset, Files.readString(preset).replace("motion.angle = 2", "motion.angle = 3"));
    CliTest.Run changed = CliTest.run(args);
    assertEquals(1, changed.code());
    assertTrue(changed.err().contains("was rendered from a different version of"), changed.err());
    assertTrue(changed.err().contains("--restart"), changed.err());

    String[] restart = {
      "render",
      preset.toString(),
      "--output",
      out.toString(),
      "--restart",
      "--model-mirror",
      Shared.models().toString()
    };
    CliTest.Run restarted = CliTest.run(restart);
    assertEquals(0, restarted.code(), restarted.err());
    try (Stream<Path> s = Files.list(out)) {
      List<String> names =
          s.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList();
      assertEquals(2, names.size(), names.toString());
      assertTrue(names.get(1).startsWith("resume.old-"), "moved aside, not deleted: " + names);
    }
    assertEquals(
        FRAMES, list(out.resolve(list(out).get(1).getFileName()).resolve("frames")).size());
  }

  @Test
  void aResumeOnAnotherKernelFamilyWarnsRecordsItAndVerifySaysSo() throws Exception {
    Path preset = preset();
    Path out = dir.resolve("moved");
    String mirror = Shared.models().toString();
    CliTest.Run first =
        CliTest.run(
            "render",
            preset.toString(),
            "--output",
            out.toString(),
            "--frames",
            "2",
            "--model-mirror",
            mirror);
    assertEquals(0, first.code(), first.err());
    Path manifest = out.resolve("resume/manifest.properties");
    String here = Kernels.here().family();
    assertEquals(List.of(here), Manifest.read(manifest).kernels());
    CliTest.Run same =
        CliTest.run(
            "render",
            preset.toString(),
            "--output",
            out.toString(),
            "--frames",
            "3",
            "--model-mirror",
            mirror);
    assertEquals(0, same.code(), same.err());
    assertFalse((same.out() + same.err()).contains("warning: this render's frames"), same.err());

    // As if the first frames had been computed on a machine of another family.
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("kernels=" + here, "kernels=onednn-elsewhere"));
    CliTest.Run moved =
        CliTest.run(
            "render",
            preset.toString(),
            "--output",
            out.toString(),
            "--frames",
            "4",
            "--model-mirror",
            mirror);
    assertEquals(0, moved.code(), moved.err());
    assertTrue(
        (moved.out() + moved.err())
            .contains(
                "warning: this render's frames so far were computed with the"
                    + " onednn-elsewhere kernels and this machine computes with "
                    + here),
        moved.out() + moved.err());
    assertEquals(List.of("onednn-elsewhere", here), Manifest.read(manifest).kernels());
    CliTest.Run verify = CliTest.run("verify", out.resolve("resume").toString());
    assertTrue(
        verify
            .out()
            .contains("kernels: onednn-elsewhere, then " + here + "; this machine: " + here),
        verify.out());
    assertTrue(verify.out().contains("resumed on another CPU kernel family"), verify.out());
  }
}
