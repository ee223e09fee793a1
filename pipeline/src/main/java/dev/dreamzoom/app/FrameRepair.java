package dev.dreamzoom.app;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.files.SourceFile;
import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.frames.FrameCheck;
import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.Clips;
import dev.dreamzoom.media.EncodeException;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.Problem;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Frames that went missing or were damaged after they were rendered, found ({@code verify}) and
 * regenerated exactly ({@code repair}, and a resume that meets a hole): each from the nearest kept
 * checkpoint before it, or from the seed, by the same deterministic loop that made it.
 */
public final class FrameRepair {
  private FrameRepair() {}

  /**
   * A render folder as its files say it is.
   *
   * @param spec the preset the render was made from, or empty when it no longer reads where it was
   *     (a seed photo moved): the frames are still checked, against frame 1's size
   * @param specProblem why {@code spec} is empty, or null
   * @param presetCopyDamaged whether the render folder's preset copy is missing or edited (a fault
   *     of the folder; a preset that no longer reads for other reasons is not)
   * @param target frames the render was asked for
   * @param checkpointProblem why the latest checkpoint cannot be read, or null; the frames on disk
   *     are counted instead
   * @param damagedKept frames after which a kept checkpoint is damaged
   * @param renderingBy who renders it now (a live lock), or null: frames after its checkpoint are
   *     then being written, not left over
   * @param sourceChanges each recorded source that changed or went missing since the render began,
   *     by key, with what changed
   */
  public record Verified(
      RenderFolder folder,
      Optional<RenderSpec> spec,
      String specProblem,
      boolean presetCopyDamaged,
      Manifest manifest,
      FrameCheck check,
      int target,
      int width,
      int height,
      String checkpointProblem,
      SortedSet<Integer> damagedKept,
      String renderingBy,
      java.util.Map<String, String> sourceChanges) {
    public boolean finished() {
      return check.done() >= target;
    }

    /** Whether the latest or a kept checkpoint does not read. */
    public boolean checkpointsDamaged() {
      return checkpointProblem != null || !damagedKept.isEmpty();
    }

    /** Whether every frame and checkpoint is there and reads, whatever became of the sources. */
    public boolean framesOk() {
      return check.missing().isEmpty()
          && check.damaged().isEmpty()
          && check.unexpected().isEmpty()
          && (check.after().isEmpty() || renderingBy != null)
          && !checkpointsDamaged()
          && !presetCopyDamaged;
    }

    public boolean ok() {
      return framesOk() && sourceChanges.isEmpty();
    }
  }

  /**
   * Reads a render folder and checks every frame (decoding each PNG) and every checkpoint.
   *
   * @throws IOException when {@code renderDir} is not a render folder (no manifest, or a damaged
   *     one)
   */
  public static Verified verify(Path renderDir) throws IOException {
    Path dir = RenderFolder.existing(renderDir);
    RenderFolder plain = new RenderFolder(dir.getParent(), dir.getFileName().toString());
    Manifest m =
        plain
            .manifest()
            .orElseThrow(
                () ->
                    new IOException(
                        dir + " has no manifest.properties: not a render folder of this program"));
    Optional<RenderSpec> spec;
    String specProblem = null;
    boolean copyDamaged = false;
    try {
      spec = Optional.of(spec(plain, m));
    } catch (IOException | PresetException e) {
      spec = Optional.empty();
      specProblem = e.getMessage();
      copyDamaged = e instanceof IOException;
    }
    RenderFolder folder =
        spec.isEmpty()
            ? plain
            : new RenderFolder(
                dir.getParent(),
                dir.getFileName().toString(),
                spec.get().motion().overscan(),
                spec.get().checkpointEvery());
    int done;
    String problem = null;
    try {
      done = folder.checkpoint().map(Checkpoint::framesDone).orElse(0);
    } catch (IOException e) {
      problem = e.getMessage();
      done = folder.framesOnDisk();
    }
    SortedSet<Integer> damagedKept = new TreeSet<>();
    for (int n : folder.kept()) {
      try {
        Checkpoint.read(folder.keptCheckpoint(n));
      } catch (IOException e) {
        damagedKept.add(n);
      }
    }
    java.awt.Dimension size =
        spec.isPresent()
            ? new java.awt.Dimension(spec.get().width(), spec.get().height())
            : firstFrameSize(folder);
    int target = spec.map(RenderSpec::frames).orElse(m.frames() > 0 ? m.frames() : done);
    String renderingBy =
        RenderLock.liveHolder(dir.resolveSibling(m.name() + ".lock"), RenderLock.STALE_AFTER)
            .map(Object::toString)
            .orElse(null);
    return new Verified(
        folder,
        spec,
        specProblem,
        copyDamaged,
        m,
        FrameCheck.of(folder, done, size.width, size.height, true),
        target,
        size.width,
        size.height,
        problem,
        damagedKept,
        renderingBy,
        Sources.changes(m, spec.orElse(null), null));
  }

  private static java.awt.Dimension firstFrameSize(RenderFolder folder) {
    try {
      return ImageFiles.dimensions(folder.frames().file(0));
    } catch (IOException e) {
      return new java.awt.Dimension(0, 0);
    }
  }

  /** The spec the render was made from: its preset copy, read where the preset was. */
  private static RenderSpec spec(RenderFolder folder, Manifest m)
      throws IOException, PresetException {
    Path copy = folder.presetCopy();
    if (!Files.isRegularFile(copy)) {
      throw new IOException(folder.dir() + " has no preset.properties (the copy of its preset)");
    }
    if (!SourceFile.sha256(copy).equals(m.presetSha256())) {
      throw new IOException(
          copy
              + " differs from the preset this render was made from"
              + " (manifest.properties); put the original back (dreamzoom render with the preset file does) to repair it");
    }
    String text = new String(Files.readAllBytes(copy), StandardCharsets.UTF_8);
    RenderSpec spec =
        PresetParser.parse(
            text,
            m.presetPath() == null ? copy : m.presetPath(),
            MediaFiles.reading(folder.dir().getParent()));
    return m.frames() > 0 ? spec.withFrames(m.frames()) : spec;
  }

  /** What {@code repair} did. */
  public record Repaired(
      Verified before, SortedSet<Integer> regenerated, int dreamed, List<Path> clips) {
    /** Whether anything was rewritten: frames or checkpoints. */
    public boolean changed() {
      return !regenerated.isEmpty() || before.checkpointsDamaged();
    }
  }

  /**
   * Regenerates the missing and damaged frames of a render, under its lock, and re-encodes its
   * clips if it was finished.
   */
  public static Repaired repair(
      Path renderDir,
      ModelStore store,
      int threads,
      Duration lockStaleAfter,
      RenderJob.Listener listener)
      throws IOException, PresetException, ModelException, EncodeException {
    Verified v = verify(renderDir);
    RenderSpec spec =
        v.spec()
            .orElseThrow(
                () ->
                    new IOException(
                        v.specProblem()
                            + "; repair dreams frames again from the preset, so it must read as it did"));
    Path lockFile = v.folder().dir().resolveSibling(spec.name() + ".lock");
    RenderLock lock =
        RenderLock.tryAcquire(lockFile, lockStaleAfter)
            .orElseThrow(
                () ->
                    new IOException(
                        spec.name()
                            + " is being rendered (lock "
                            + lockFile
                            + "); repair it when that render ends"));
    try (lock) {
      PreparedRender prepared =
          PreparedRender.load(spec, store)
              .withPrecision(PrecisionChoice.recorded(v.manifest().precision()));
      if (!prepared.network().model().sha256().equals(v.manifest().modelSha256())) {
        throw new IOException(
            v.folder().dir()
                + " was rendered with a different model file than "
                + spec.model()
                + " is now; its frames cannot be regenerated exactly");
      }
      SortedSet<Integer> targets = v.check().toRegenerate();
      int dreamed = 0;
      Manifest m = v.manifest();
      if (!targets.isEmpty() || v.checkpointsDamaged()) {
        Sources.requireUnchanged(v.sourceChanges(), null, v.folder().dir(), "repair");
        String here = Kernels.here().family(prepared.precision().bfloat16());
        m.kernelChange(here).ifPresent(w -> listener.problem(Problem.warning(w)));
        m = m.withKernels(here);
        m.write(v.folder().manifestFile());
        try (DreamStep step = prepared.newStep(threads)) {
          dreamed = regenerate(prepared, step, v.folder(), targets, listener);
          dreamed +=
              rebuildCheckpoints(
                  prepared,
                  step,
                  v.folder(),
                  v.damagedKept(),
                  v.checkpointProblem() == null ? 0 : v.check().done(),
                  listener);
        }
      }
      List<Path> clips = List.of();
      boolean hadClips = v.manifest().encodedFrames() > 0;
      if (v.finished() && (!targets.isEmpty() || !hadClips || m.encodedFrames() < v.target())) {
        Sources.requireUnchanged(
            v.sourceChanges(), Sources.soundtrackKeys(m), v.folder().dir(), "encode");
        listener.info(
            "encoding " + String.join(", ", m.encode().formats()) + " into " + v.folder().dir());
        clips =
            Clips.publish(
                v.folder().frames().list().subList(0, v.target()),
                v.folder().dir(),
                m.name(),
                m.fps(),
                m.encode(),
                m.metadata(),
                n -> {});
        m.withEncodedFrames(v.target()).write(v.folder().manifestFile());
      }
      return new Repaired(v, targets, dreamed, clips);
    }
  }

  /**
   * Writes {@code targets} (0-based) again, exactly: each run of targets starts from the nearest
   * kept checkpoint before its first frame, so at most a keep interval of frames is dreamed for it.
   *
   * @return how many frames were dreamed
   */
  static int regenerate(
      PreparedRender prepared,
      DreamStep step,
      RenderFolder folder,
      SortedSet<Integer> targets,
      RenderJob.Listener listener)
      throws IOException, ModelException {
    int keepEvery = prepared.spec().checkpointEvery();
    List<Integer> left = new ArrayList<>(targets);
    int dreamed = 0;
    while (!left.isEmpty()) {
      int first = left.get(0);
      Optional<Checkpoint> kept = folder.keptAtMost(first);
      int from = kept.map(Checkpoint::framesDone).orElse(0);
      int boundary = (first / keepEvery + 1) * keepEvery;
      SortedSet<Integer> run = new TreeSet<>();
      for (int t : left) {
        if (t == first || t < boundary) {
          run.add(t);
        }
      }
      left.removeAll(run);
      listener.info(
          "regenerating frame"
              + (run.size() == 1 ? " " : "s ")
              + FrameCheck.numbers(run)
              + " from "
              + (from == 0 ? "the seed" : "the checkpoint after frame " + from));
      RgbImage start = kept.isPresent() ? kept.get().image() : prepared.seed();
      int overscan = folder.overscan();
      FrameSink onlyTargets =
          FrameSink.withState(
              (index, canvas, state) -> {
                if (run.contains(index)) {
                  folder.frames().accept(index, canvas.inset(overscan));
                }
                folder.keep(new Checkpoint(index + 1, state));
              });
      try (VideoFrames video = prepared.openVideo();
          FrameMasks masks = prepared.openMasks(video)) {
        prepared
            .renderer(step, onlyTargets, prepared.storedFirstFrame(folder, from), video, masks)
            .render(start, from, run.last() + 1, () -> false, (done, total, spf) -> {});
      }
      dreamed += run.last() + 1 - from;
    }
    return dreamed;
  }

  /**
   * Writes damaged checkpoints again: each kept one in {@code kept}, and the latest after frame
   * {@code latestAt} (0: none), by dreaming from the nearest good kept checkpoint before it (or the
   * seed). Frames are left as they are.
   *
   * @return how many frames were dreamed
   */
  static int rebuildCheckpoints(
      PreparedRender prepared,
      DreamStep step,
      RenderFolder folder,
      SortedSet<Integer> kept,
      int latestAt,
      RenderJob.Listener listener)
      throws IOException, ModelException {
    SortedSet<Integer> all = new TreeSet<>(kept);
    if (latestAt > 0) {
      all.add(latestAt);
    }
    int dreamed = 0;
    for (int n : all) {
      Optional<Checkpoint> before = folder.keptAtMost(n == latestAt ? n : n - 1);
      int from = before.map(Checkpoint::framesDone).orElse(0);
      String which =
          n == latestAt
              ? "the latest checkpoint (after frame " + n + ")"
              : "the kept checkpoint after frame " + n;
      listener.info(
          "rebuilding "
              + which
              + " from "
              + (from == 0 ? "the seed" : "the checkpoint after frame " + from)
              + " ("
              + (n - from)
              + " frames to dream)");
      RgbImage[] last = {before.map(Checkpoint::image).orElse(null)};
      FrameSink checkpointsOnly =
          FrameSink.withState(
              (index, canvas, state) -> {
                folder.keep(new Checkpoint(index + 1, state));
                last[0] = state;
              });
      if (from < n) {
        try (VideoFrames video = prepared.openVideo();
            FrameMasks masks = prepared.openMasks(video)) {
          prepared
              .renderer(
                  step, checkpointsOnly, prepared.storedFirstFrame(folder, from), video, masks)
              .render(
                  before.isPresent() ? before.get().image() : prepared.seed(),
                  from,
                  n,
                  () -> false,
                  (done, total, spf) -> {});
        }
        dreamed += n - from;
      }
      if (n == latestAt) {
        new Checkpoint(n, last[0]).write(folder.checkpointFile());
      }
    }
    return dreamed;
  }
}
