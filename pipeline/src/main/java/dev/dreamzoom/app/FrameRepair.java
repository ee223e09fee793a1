package dev.dreamzoom.app;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.encode.Clips;
import dev.dreamzoom.encode.EncodeException;
import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.frames.FrameCheck;
import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
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
   * @param target frames the render was asked for
   * @param checkpointProblem why the latest checkpoint cannot be read, or null
   */
  public record Verified(RenderFolder folder, RenderSpec spec, Manifest manifest, FrameCheck check,
      int target, String checkpointProblem) {
    public boolean finished() {
      return check.done() >= target;
    }

    public boolean ok() {
      return check.ok() && checkpointProblem == null;
    }
  }

  /** Reads a render folder and checks every frame (decoding each PNG). */
  public static Verified verify(Path renderDir) throws IOException, PresetException {
    Path dir = renderDir.toAbsolutePath().normalize();
    RenderFolder plain = new RenderFolder(dir.getParent(), dir.getFileName().toString());
    Manifest m = plain.manifest().orElseThrow(() -> new IOException(
        dir + " has no manifest.properties: not a render folder of this program"));
    RenderSpec spec = spec(plain, m);
    RenderFolder folder = new RenderFolder(dir.getParent(), dir.getFileName().toString(),
        spec.motion().overscan(), spec.checkpointEvery());
    int done = 0;
    String problem = null;
    try {
      done = folder.checkpoint().map(Checkpoint::framesDone).orElse(0);
    } catch (IOException e) {
      problem = e.getMessage();
    }
    return new Verified(folder, spec, m, FrameCheck.of(folder, done, spec.width(), spec.height(), true),
        spec.frames(), problem);
  }

  /** The spec the render was made from: its preset copy, read where the preset was. */
  private static RenderSpec spec(RenderFolder folder, Manifest m) throws IOException, PresetException {
    Path copy = folder.presetCopy();
    if (!Files.isRegularFile(copy)) {
      throw new IOException(folder.dir() + " has no preset.properties (the copy of its preset)");
    }
    if (!ModelStore.sha256(copy).equals(m.presetSha256())) {
      throw new IOException(copy + " differs from the preset this render was made from"
          + " (manifest.properties); put the original back to repair it");
    }
    String text = new String(Files.readAllBytes(copy), StandardCharsets.UTF_8);
    RenderSpec spec = PresetParser.parse(text, m.presetPath() == null ? copy : m.presetPath());
    return m.frames() > 0 ? spec.withFrames(m.frames()) : spec;
  }

  /** What {@code repair} did. */
  public record Repaired(Verified before, SortedSet<Integer> regenerated, int dreamed, List<Path> clips) {}

  /**
   * Regenerates the missing and damaged frames of a render, under its lock, and re-encodes its
   * clips if it was finished.
   */
  public static Repaired repair(Path renderDir, ModelStore store, int threads, Duration lockStaleAfter,
      RenderJob.Listener listener)
      throws IOException, PresetException, ModelException, EncodeException {
    Verified v = verify(renderDir);
    if (v.checkpointProblem() != null) {
      throw new IOException(v.checkpointProblem() + "; frames cannot be counted without it: run render"
          + " with --restart to render this preset again (the old folder is moved aside)");
    }
    Path lockFile = v.folder().dir().resolveSibling(v.spec().name() + ".lock");
    RenderLock lock = RenderLock.tryAcquire(lockFile, lockStaleAfter).orElseThrow(() -> new IOException(
        v.spec().name() + " is being rendered (lock " + lockFile + "); repair it when that render ends"));
    try (lock) {
      PreparedRender prepared = PreparedRender.load(v.spec(), store)
          .withPrecision(PrecisionChoice.recorded(v.manifest().precision()));
      if (!prepared.network().model().sha256().equals(v.manifest().modelSha256())) {
        throw new IOException(v.folder().dir() + " was rendered with a different model file than "
            + v.spec().model() + " is now; its frames cannot be regenerated exactly");
      }
      SortedSet<Integer> targets = v.check().toRegenerate();
      int dreamed = 0;
      Manifest m = v.manifest();
      if (!targets.isEmpty()) {
        String here = Kernels.here().family();
        m.kernelChange(here).ifPresent(w -> listener.info("warning: " + w));
        m = m.withKernels(here);
        m.write(v.folder().manifestFile());
        try (DreamStep step = prepared.newStep(threads)) {
          dreamed = regenerate(prepared, step, v.folder(), targets, listener);
        }
      }
      List<Path> clips = List.of();
      boolean hadClips = v.manifest().encodedFrames() > 0;
      if (v.finished() && (!targets.isEmpty() || !hadClips)) {
        listener.info("encoding " + String.join(", ", m.encode().formats()) + " into " + v.folder().dir());
        clips = Clips.publish(v.folder().frames().list().subList(0, v.target()), v.folder().dir(),
            m.name(), m.fps(), m.encode(), m.metadata(), n -> { });
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
  static int regenerate(PreparedRender prepared, DreamStep step, RenderFolder folder,
      SortedSet<Integer> targets, RenderJob.Listener listener) throws IOException {
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
      listener.info("regenerating frame" + (run.size() == 1 ? " " : "s ") + FrameCheck.numbers(run) + " from "
          + (from == 0 ? "the seed" : "the checkpoint after frame " + from));
      RgbImage start = kept.isPresent() ? kept.get().image() : prepared.seed();
      int overscan = folder.overscan();
      FrameSink onlyTargets = new FrameSink() {
        @Override
        public void accept(int index, RgbImage canvas) throws IOException {
          accept(index, canvas, canvas);
        }

        @Override
        public void accept(int index, RgbImage canvas, RgbImage state) throws IOException {
          if (run.contains(index)) {
            folder.frames().accept(index, canvas.inset(overscan));
          }
          folder.keep(new Checkpoint(index + 1, state));
        }
      };
      prepared.renderer(step, onlyTargets, prepared.storedFirstFrame(folder, from)).render(start, from, run.last() + 1, () -> false,
          (done, total, spf) -> { });
      dreamed += run.last() + 1 - from;
    }
    return dreamed;
  }
}
