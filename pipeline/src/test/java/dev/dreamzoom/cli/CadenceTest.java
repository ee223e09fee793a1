package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.VideoInfo;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render.cadence = 3} with the real network: killed anywhere (on a dreamed frame or one
 * between), resumed, repaired and previewed, every frame is byte for byte the uninterrupted
 * render's.
 */
@Tag("slow")
class CadenceTest {
  static final int FRAMES = 11;

  @TempDir Path dir;

  private Path preset() throws Exception {
    Path preset = dir.resolve("cadence.properties");
    Files.writeString(
        preset,
        """
        name = cadence
        seed = noise
        random.seed = 3
        width = 160
        height = 96
        frames = %d
        render.cadence = 3
        render.checkpoint_every = 4
        dream.octaves = 2
        dream.iterations = 3
        motion.zoom = 1.04
        motion.angle = 1.5
        encode.preset = veryfast
        """
            .formatted(FRAMES));
    return preset;
  }

  private static byte[] frame(Path render, int n) throws Exception {
    return Files.readAllBytes(render.resolve(String.format("frames/%06d.png", n)));
  }

  @Test
  void killedOnAnyFrameAndResumedGivesIdenticalFrames() throws Exception {
    Path preset = preset();
    Path reference = dir.resolve("reference");
    CliTest.Run full = CliTest.render(preset, reference);
    assertEquals(0, full.code(), full.err());
    Path ref = reference.resolve("cadence");
    // Dreamed frames are 1, 4, 7, 10 (0-based 0, 3, 6, 9); the others lie between them and differ
    // from both.
    assertTrue(
        !java.util.Arrays.equals(frame(ref, 5), frame(ref, 4))
            && !java.util.Arrays.equals(frame(ref, 5), frame(ref, 7)));

    Path out = dir.resolve("killed");
    Path render = out.resolve("cadence");
    // SIGKILL after a frame between (5: its checkpoint holds dreamed frame 4), after a dreamed
    // frame's PNG but before its checkpoint (7), and after another frame between (8); the resume
    // then makes frame 11, which lies between dreamed frame 10 and a 13th past the clip's end.
    for (String at : new String[] {"frame:5", "png:7", "frame:8"}) {
      Path log = dir.resolve("run-" + at.replace(':', '-') + ".log");
      Subprocess.renderKilledAt(at, preset, out, render.getFileName().toString(), log);
    }
    Checkpoint before = Checkpoint.read(render.resolve("state/checkpoint.bin"));
    assertEquals(8, before.framesDone());
    CliTest.Run resumed = CliTest.render(preset, out);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming at frame 9"), resumed.out());
    for (int n = 1; n <= FRAMES; n++) {
      assertArrayEquals(frame(ref, n), frame(render, n), "frame " + n);
    }
    assertEquals(FRAMES, VideoInfo.probe(render.resolve("cadence.mp4")).frames());

    // A lost frame between dreamed ones is regenerated exactly from the kept checkpoint before it.
    Files.delete(render.resolve("frames/000006.png"));
    CliTest.Run repaired =
        CliTest.run("repair", render.toString(), "--model-mirror", Shared.models().toString());
    assertEquals(0, repaired.code(), repaired.err());
    assertArrayEquals(frame(ref, 6), frame(render, 6), "frame 6 repaired");

    // preview --exact sees the frames the render stores.
    Path preview = dir.resolve("preview.png");
    CliTest.Run pv =
        CliTest.run(
            "preview",
            preset.toString(),
            "--frame",
            "6",
            "--scale",
            "1",
            "--exact",
            "--out",
            preview.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, pv.code(), pv.err());
    RgbImage shown = ImageFiles.read(preview);
    RgbImage stored = ImageFiles.read(render.resolve("frames/000006.png"));
    assertArrayEquals(stored.pixels(), shown.pixels(), "preview --exact frame 6");
  }
}
