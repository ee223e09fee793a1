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
 * {@code manifest.properties}, a copy of the preset and the video. As a {@link FrameSink} it stores
 * each frame's PNG, then the checkpoint: a frame counts as done only once both are on disk. Every
 * N-th frame's checkpoint is also kept, so that any frame can be regenerated exactly from the
 * nearest kept one before it.
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

  /**
   * {@code dir} made absolute, once it is known to be a folder: a file or a missing path is an
   * error that says which.
   */
  public static Path existing(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new IOException(
          Files.exists(abs)
              ? abs
                  + " is a file, not a render folder; give the folder a"
                  + " render wrote (output/<name>)"
              : "render folder not found: " + abs);
    }
    return abs;
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
    List<Integer> kept = kept();
    for (int i = kept.size() - 1; i >= 0; i--) {
      if (kept.get(i) <= framesDone) {
        try {
          return Optional.of(Checkpoint.read(keptCheckpoint(kept.get(i))));
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
    return Files.isRegularFile(manifestFile())
        ? Optional.of(Manifest.read(manifestFile()))
        : Optional.empty();
  }

  /** The latest checkpoint, or empty when there is none yet; anything else there is damaged. */
  public Optional<Checkpoint> checkpoint() throws IOException {
    return Files.exists(checkpointFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
        ? Optional.of(Checkpoint.read(checkpointFile()))
        : Optional.empty();
  }

  /**
   * What a render continues from: the latest checkpoint or, when that is damaged, the newest kept
   * checkpoint that reads (frames after it are dreamed again, identically), or the seed.
   *
   * @param checkpoint empty when the render continues from its seed
   * @param damaged why the latest checkpoint could not be used, or empty
   */
  public record Continuation(Optional<Checkpoint> checkpoint, Optional<String> damaged) {
    public int framesDone() {
      return checkpoint.map(Checkpoint::framesDone).orElse(0);
    }
  }

  public Continuation continuation() {
    try {
      return new Continuation(checkpoint(), Optional.empty());
    } catch (IOException e) {
      return new Continuation(keptAtMost(Integer.MAX_VALUE), Optional.of(e.getMessage()));
    }
  }

  /**
   * How far a render got, read cheaply (the checkpoint's header and length, the frame files'
   * names): with a damaged latest checkpoint, the frames on disk say it.
   *
   * @param damaged why the latest checkpoint is unusable, or empty
   */
  public record Progress(int framesDone, Optional<String> damaged) {}

  public Progress progress() {
    if (!Files.exists(checkpointFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return new Progress(0, Optional.empty());
    }
    try {
      return new Progress(Checkpoint.peek(checkpointFile()), Optional.empty());
    } catch (IOException e) {
      return new Progress(framesOnDisk(), Optional.of(e.getMessage()));
    }
  }

  /** One past the highest frame number with a file, or 0. */
  public int framesOnDisk() {
    try {
      List<Path> all = frames.list();
      return all.isEmpty() ? 0 : frames.index(all.get(all.size() - 1)) + 1;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The frames after which a checkpoint was kept, ascending, read from the file names. */
  public List<Integer> kept() {
    Path keep = keptCheckpoint(1).getParent();
    if (!Files.isDirectory(keep)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> s = Files.list(keep)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{6}\\.bin"))
          .map(n -> Integer.parseInt(n.substring(0, 6)))
          .filter(n -> n > 0)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Refuses a render folder (or its frames or state folder) that is a symbolic link: writing
   * through it would put files outside the output root. The root itself may be a link (an output
   * folder on another disk is a normal set-up).
   */
  public void checkInsideRoot() throws IOException {
    for (Path p : List.of(dir, frames.dir(), checkpointFile().getParent())) {
      if (Files.isSymbolicLink(p)) {
        throw new IOException(
            p
                + " is a symbolic link (to "
                + Files.readSymbolicLink(p)
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

  /**
   * Writes the kept copy of {@code checkpoint} if its frame is one to keep and the copy is missing
   * or damaged (a good one is left as it is).
   */
  public void keep(Checkpoint checkpoint) throws IOException {
    Path f = keptCheckpoint(checkpoint.framesDone());
    if (checkpoint.framesDone() % keepEvery == 0 && !readable(f)) {
      checkpoint.write(f);
    }
  }

  private static boolean readable(Path checkpoint) {
    try {
      Checkpoint.read(checkpoint);
      return true;
    } catch (IOException e) {
      return false;
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
