package dev.dreamzoom.testing;

import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.EncodeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Render folders laid out as {@code render} leaves them (manifest, preset copy, frames, latest and
 * kept checkpoints), made without dreaming: for what reads folders ({@code status}, the gallery,
 * {@code verify}, fuzzers), never as proof that rendering works.
 */
public final class RenderFolders {
  /** Frame size of every folder made here. */
  public static final int SIZE = 32;

  private RenderFolders() {}

  /**
   * A render of {@code frames} frames that got {@code done} of them, keeping every third
   * checkpoint; encoded when {@code done == frames} (the manifest says so; no clip is written).
   */
  public static Path make(Path root, String name, int frames, int done) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    Path preset = dir.resolve("preset.properties");
    Files.writeString(
        preset,
        """
        name = %s
        width = %d
        height = %d
        frames = %d
        render.checkpoint_every = 3
        """
            .formatted(name, SIZE, SIZE, frames));
    new Manifest(
            name,
            dev.dreamzoom.files.SourceFile.sha256(preset),
            "feed",
            "test",
            30,
            EncodeSpec.simple(List.of("mp4"), 20, "ultrafast", SIZE, SIZE),
            Map.of("dreamzoom_model", "test"),
            done == frames ? frames : 0,
            preset,
            frames,
            frames,
            "float32",
            List.of("test"),
            List.of())
        .write(dir.resolve("manifest.properties"));
    for (int i = 0; i < done; i++) {
      RgbImage frame = RgbImage.filled(SIZE, SIZE, (i * 37 + name.hashCode()) & 0xff);
      ImageFiles.writePngAtomically(
          frame, dir.resolve("frames").resolve(String.format("%06d.png", i + 1)));
      if ((i + 1) % 3 == 0) {
        new Checkpoint(i + 1, frame)
            .write(dir.resolve("state/keep").resolve(String.format("%06d.bin", i + 1)));
      }
      if (i == done - 1) {
        new Checkpoint(done, frame).write(dir.resolve("state/checkpoint.bin"));
      }
    }
    return dir;
  }
}
