package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The precision a render computes in is printed, kept in its manifest and used again when it
 * resumes; a render begun before precision was recorded resumes in float32.
 */
@Tag("slow")
class PrecisionRenderTest {
  @TempDir Path dir;

  private Path preset(String name, String precision) throws Exception {
    Path preset = dir.resolve(name + ".properties");
    Files.writeString(
        preset,
        """
        name = %s
        seed = noise
        random.seed = 4
        width = 128
        height = 96
        frames = 4
        dream.octaves = 2
        dream.iterations = 3
        motion.zoom = 1.03
        encode.preset = veryfast
        """
                .formatted(name)
            + (precision == null ? "" : "dream.precision = " + precision + "\n"));
    return preset;
  }

  private CliTest.Run render(Path preset, Path out, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "render",
                preset.toString(),
                "--output",
                out.toString(),
                "--model-mirror",
                Shared.models().toString()));
    args.addAll(List.of(more));
    return CliTest.run(args.toArray(String[]::new));
  }

  private static byte[] frame(Path out, String name, int n) throws Exception {
    return Files.readAllBytes(out.resolve(name).resolve(String.format("frames/%06d.png", n)));
  }

  @Test
  void theChosenPrecisionIsPrintedRecordedAndKeptOnResume() throws Exception {
    Path out = dir.resolve("out");
    CliTest.Run f32 = render(preset("f32", "float32"), out);
    assertEquals(0, f32.code(), f32.err());
    assertTrue(f32.out().contains("precision: float32 (dream.precision = float32)"), f32.out());
    CliTest.Run bf16 = render(preset("bf16", "bfloat16"), out);
    assertEquals(0, bf16.code(), bf16.err());
    assertEquals("float32", Manifest.read(out.resolve("f32/manifest.properties")).precision());
    boolean computable = Kernels.here().bfloat16Computable();
    if (!computable) {
      // oneDNN on an AVX2 CPU has no bfloat16 convolutions: float32, saying why and what to do.
      assertTrue(
          bf16.out()
              .contains(
                  "precision: float32 (dream.precision = bfloat16, but oneDNN has no"
                      + " bfloat16 convolutions for"),
          bf16.out());
      assertEquals("float32", Manifest.read(out.resolve("bf16/manifest.properties")).precision());
    } else {
      assertTrue(bf16.out().contains("precision: bfloat16"), bf16.out());
      assertEquals("bfloat16", Manifest.read(out.resolve("bf16/manifest.properties")).precision());
      assertFalse(
          Arrays.equals(frame(out, "f32", 4), frame(out, "bf16", 4)), "bfloat16 really computed");
    }

    // An auto render resumes in what its manifest says, whatever auto would choose now.
    Path auto = preset("auto", null);
    Path cut = dir.resolve("cut");
    assertEquals(0, render(auto, cut, "--frames", "2").code());
    Path manifest = cut.resolve("auto/manifest.properties");
    Files.writeString(
        manifest,
        Files.readString(manifest).replaceAll("(?m)^precision=.*$", "precision=bfloat16"));
    CliTest.Run resumed = render(auto, cut);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(
        resumed
            .out()
            .contains(
                computable
                    ? "precision: bfloat16, as this render began"
                    : "precision: float32: this render began in bfloat16, but oneDNN has no bfloat16 convolutions"),
        resumed.out());

    // A render begun before precision was recorded (no precision in its manifest) resumes in
    // float32, and its frames continue exactly as an uninterrupted float32 render's.
    Path old = dir.resolve("old");
    assertEquals(0, render(auto, old, "--frames", "2").code());
    Path oldManifest = old.resolve("auto/manifest.properties");
    Files.writeString(
        oldManifest, Files.readString(oldManifest).replaceAll("(?m)^precision=.*\\R", ""));
    assertNull(Manifest.read(oldManifest).precision());
    CliTest.Run oldResumed = render(auto, old);
    assertEquals(0, oldResumed.code(), oldResumed.err());
    assertTrue(
        oldResumed.out().contains("precision: float32, as this render began"), oldResumed.out());
    Path straight = dir.resolve("straight");
    Files.writeString(
        dir.resolve("auto32.properties"), Files.readString(auto) + "dream.precision = float32\n");
    assertEquals(0, render(dir.resolve("auto32.properties"), straight).code());
    for (int n = 1; n <= 4; n++) {
      assertArrayEquals(frame(straight, "auto", n), frame(old, "auto", n), "frame " + n);
    }
    // The resume told to continue in bfloat16 did (from frame 3 on it differs from float32's), or,
    // where bfloat16 cannot be computed, went on in float32 exactly.
    assertArrayEquals(frame(straight, "auto", 2), frame(cut, "auto", 2));
    assertEquals(!computable, Arrays.equals(frame(straight, "auto", 3), frame(cut, "auto", 3)));
  }
}
