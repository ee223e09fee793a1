package dev.dreamzoom.frames;

import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * One render's output folder, {@code <output>/<name>/}: {@code frames/000001.png...}, the
 * checkpoint {@code state/checkpoint.bin}, kept checkpoints {@code state/keep/000090.bin...},
 * {@code manifest.properties}, a copy of the preset and the video. As a {@link FrameSink} it
 * stores each frame's PNG, then the checkpoint: a frame counts as done only once both are on
 * disk. Every N-th frame's checkpoint is also kept, so that any frame can be regenerated exactly
 * from the nearest kept one before it.
 */
public final class RenderFolder implements FrameSink {
  private final Path dir;
  private final String name;
  private final FrameFolder frames;
  private final int overscan;
  private final int keepEvery;

  /** A folder to read, not to render into. */
  public RenderFolder(Path root, String name) {
    this(root, name, 0, Integer.MAX_VALUE);
  }

  /**
   * @param overscan the margin, in pixels on every side, by which the dreamed canvas exceeds the
   *     frames: the checkpoint holds the whole canvas, each frame PNG its inner part
   * @param keepEvery keep the checkpoint of every this many frames
   */
  public RenderFolder(Path root, String name, int overscan, int keepEvery) {
    this.dir = root.resolve(name);
    this.name = name;
    this.frames = new FrameFolder(dir.resolve("frames"));
    this.overscan = overscan;
    this.keepEvery = keepEvery;
  }

  public int overscan() {
    return overscan;
  }

  public Path dir() {
    return dir;
  }

  public FrameFolder frames() {
    return frames;
  }

  public Path manifestFile() {
    return dir.resolve("manifest.properties");
  }

  public Path checkpointFile() {
    return dir.resolve("state").resolve("checkpoint.bin");
  }

  /** The kept checkpoint after {@code framesDone} frames. */
  public Path keptCheckpoint(int framesDone) {
    return checkpointFile().resolveSibling("keep").resolve(String.format("%06d.bin", framesDone));
  }

  /**
   * The kept checkpoint with the most frames done, at most {@code framesDone}; damaged ones are
   * passed over (a frame can be regenerated from an earlier one, or from the seed).
   */
  public Optional<Checkpoint> keptAtMost(int framesDone) {
    for (int n = framesDone - framesDone % keepEvery; n > 0; n -= keepEvery) {
      Path f = keptCheckpoint(n);
      if (Files.isRegularFile(f)) {
        try {
          return Optional.of(Checkpoint.read(f));
        } catch (IOException e) {
          // Damaged: try the one before.
        }
      }
    }
    return Optional.empty();
  }

  public Path presetCopy() {
    return dir.resolve("preset.properties");
  }

  /** The clip of one format, e.g. {@code <name>.mp4}. */
  public Path clip(String format) {
    return dir.resolve(name + "." + format);
  }

  public boolean exists() {
    return Files.exists(dir);
  }

  public Optional<Manifest> manifest() throws IOException {
    return Files.isRegularFile(manifestFile()) ? Optional.of(Manifest.read(manifestFile())) : Optional.empty();
  }

  public Optional<Checkpoint> checkpoint() throws IOException {
    return Files.isRegularFile(checkpointFile())
        ? Optional.of(Checkpoint.read(checkpointFile())) : Optional.empty();
  }

  /**
   * Refuses a render folder (or its frames or state folder) that is a symbolic link: writing
   * through it would put files outside the output root. The root itself may be a link (an
   * output folder on another disk is a normal set-up).
   */
  public void checkInsideRoot() throws IOException {
    for (Path p : List.of(dir, frames.dir(), checkpointFile().getParent())) {
      if (Files.isSymbolicLink(p)) {
        throw new IOException(p + " is a symbolic link (to " + Files.readSymbolicLink(p)
            + "); dreamzoom writes only inside its output folder. Move the link away.");
      }
    }
  }

  /** Creates the folders and removes temporary files an interrupted run left behind. */
  public void prepare() throws IOException {
    checkInsideRoot();
    Files.createDirectories(frames.dir());
    Files.createDirectories(keptCheckpoint(1).getParent());
    AtomicFiles.removeLeftovers(dir);
    AtomicFiles.removeLeftovers(frames.dir());
    AtomicFiles.removeLeftovers(checkpointFile().getParent());
    AtomicFiles.removeLeftovers(keptCheckpoint(1).getParent());
  }

  @Override
  public void accept(int index, RgbImage canvas) throws IOException {
    accept(index, canvas, canvas);
  }

  /** The frame cut from {@code canvas}, and {@code state} as the checkpoint after it. */
  @Override
  public void accept(int index, RgbImage canvas, RgbImage state) throws IOException {
    frames.accept(index, canvas.inset(overscan));
    TestHold.at("png", index + 1, dir);
    Checkpoint checkpoint = new Checkpoint(index + 1, state);
    keep(checkpoint);
    checkpoint.write(checkpointFile());
    TestHold.at("frame", index + 1, dir);
  }

  /** Writes the kept copy of {@code checkpoint} if its frame is one to keep and it is missing. */
  public void keep(Checkpoint checkpoint) throws IOException {
    if (checkpoint.framesDone() % keepEvery == 0 && !Files.isRegularFile(keptCheckpoint(checkpoint.framesDone()))) {
      checkpoint.write(keptCheckpoint(checkpoint.framesDone()));
    }
  }

  /**
   * Renames the folder to {@code <name>.old-<timestamp>} beside it; nothing is deleted.
   *
   * @return where it went
   */
  public Path moveAside() throws IOException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path aside = dir.resolveSibling(name + ".old-" + stamp);
    for (int i = 1; Files.exists(aside); i++) {
      aside = dir.resolveSibling(name + ".old-" + stamp + "-" + i);
    }
    Files.move(dir, aside);
    return aside;
  }
}
