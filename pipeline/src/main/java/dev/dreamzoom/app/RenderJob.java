package dev.dreamzoom.app;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.files.SourceFile;
import dev.dreamzoom.frames.BackgroundSink;
import dev.dreamzoom.frames.Checkpoint;
import dev.dreamzoom.frames.ContactSheet;
import dev.dreamzoom.frames.FrameCheck;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.Clips;
import dev.dreamzoom.media.EncodeException;
import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.MaskSpec;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.Problem;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.render.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * One preset rendered into its output folder: started, resumed from its checkpoint, or found
 * finished; then encoded. Shared by {@code render} and {@code batch}. Holds the preset's lock
 * throughout, so no two processes render the same preset at once. Somewhat over 300 lines: its
 * steps (lock, the folder checked against the preset, where to continue, render, encode) stay in
 * one class so the order in which a render touches the disk reads top to bottom.
 */
public final class RenderJob {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RenderJob.class);

  /** How a job ended. */
  public enum Status {
    DONE("done"),
    RESUMED("resumed"),
    FINISHED_EARLIER("finished earlier"),
    STOPPED("stopped"),
    LOCKED("locked");

    public final String label;

    Status(String label) {
      this.label = label;
    }
  }

  public record Result(
      String name,
      int frames,
      Status status,
      int rendered,
      double secondsPerFrame,
      Path video,
      String note) {}

  /** What the job reports while it runs. */
  public interface Listener {
    /** A line of progress: what is being done. */
    void info(String line);

    /** A warning or a note, with the preset key and line where it has them. */
    void problem(Problem problem);

    void frame(int done, int total, double secondsPerFrame);
  }

  public record Options(
      Path outputRoot,
      ModelStore store,
      int threads,
      int frameLimit,
      boolean restart,
      Duration lockStaleAfter) {}

  private RenderJob() {}

  public static Result run(Path presetFile, Options o, BooleanSupplier stop, Listener listener)
      throws IOException, PresetException, ModelException, EncodeException {
    return run(presetFile, o, stop, listener, MediaFiles.keeping(o.outputRoot()));
  }

  /**
   * As {@link #run(Path, Options, BooleanSupplier, Listener)}, with the media files a batch shares.
   */
  static Result run(
      Path presetFile, Options o, BooleanSupplier stop, Listener listener, MediaFiles sounds)
      throws IOException, PresetException, ModelException, EncodeException {
    sounds.restarting(o.restart());
    RenderSpec spec = PresetParser.parse(presetFile, sounds);
    sounds.takeNotes().forEach(listener::problem);
    if (spec.lines().isEmpty()) {
      listener.problem(
          Problem.warning(
              presetFile
                  + " sets no keys: rendering "
                  + spec.frames()
                  + " frames of"
                  + " the defaults (dreamzoom keys lists them)"));
    }
    spec.warnings().forEach(listener::problem);
    int presetFrames = spec.frames();
    if (o.frameLimit() > 0) {
      if (o.frameLimit() > spec.mediaFrames() && spec.seed().video() != null) {
        throw new PresetException(
            presetFile.toString(),
            Problem.error(
                "--frames "
                    + o.frameLimit()
                    + ": the source"
                    + " video "
                    + spec.seed().video().file().getFileName()
                    + " gives "
                    + spec.mediaFrames()
                    + " frames from"
                    + " video.start; ask for at most "
                    + spec.mediaFrames()));
      }
      if (o.frameLimit() > spec.mediaFrames() && spec.inputs().containsKey("audio")) {
        listener.problem(
            Problem.warning(
                "--frames "
                    + o.frameLimit()
                    + " runs past the end of the music from "
                    + spec.inputs().get("audio").getFileName()
                    + " (frame "
                    + spec.mediaFrames()
                    + " at "
                    + spec.fps()
                    + " fps, at audio.end or the track's end): past the track's end the music's variables are 0"));
      }
      spec = spec.withFrames(o.frameLimit());
    }
    RenderFolder folder =
        new RenderFolder(
            o.outputRoot(), spec.name(), spec.motion().overscan(), spec.checkpointEvery());
    folder.checkInsideRoot();
    Path lockFile = o.outputRoot().resolve(spec.name() + ".lock");
    Optional<RenderLock> lock = RenderLock.tryAcquire(lockFile, o.lockStaleAfter());
    if (lock.isEmpty()) {
      return new Result(
          spec.name(), spec.frames(), Status.LOCKED, 0, 0, null, lockedNote(lockFile, o));
    }
    try (RenderLock held = lock.get()) {
      return renderHeld(
          presetFile, spec, presetFrames, folder, o, stop, listener, held, lockFile, sounds);
    } finally {
      Gallery.update(o.outputRoot(), log);
    }
  }

  private static Result renderHeld(
      Path presetFile,
      RenderSpec spec,
      int presetFrames,
      RenderFolder folder,
      Options o,
      BooleanSupplier stop,
      Listener listener,
      RenderLock held,
      Path lockFile,
      MediaFiles sounds)
      throws IOException, PresetException, ModelException, EncodeException {
    held.takeover().ifPresent(why -> listener.info("took over the lock " + lockFile + ": " + why));
    Result r;
    try {
      r =
          render(
              presetFile,
              spec,
              presetFrames,
              folder,
              o,
              () -> stop.getAsBoolean() || held.lost().isPresent(),
              listener,
              sounds);
      Files.deleteIfExists(RenderStatus.failureFile(folder));
    } catch (IOException
        | PresetException
        | ModelException
        | EncodeException
        | RuntimeException e) {
      noteFailure(folder, e);
      throw e;
    }
    if (held.lost().isPresent() && r.status() == Status.STOPPED) {
      throw new IOException(
          spec.name()
              + ": this process lost its lock: "
              + held.lost().get()
              + ". It "
              + r.note()
              + " once the storage is healthy; every stored frame is complete");
    }
    return r;
  }

  /** Keeps why a render failed in its folder, for {@code dreamzoom status}. */
  private static void noteFailure(RenderFolder folder, Exception e) {
    if (Files.isDirectory(folder.checkpointFile().getParent())) {
      try {
        AtomicFiles.write(
            RenderStatus.failureFile(folder),
            out ->
                out.write(
                    String.valueOf(e.getMessage())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (IOException ignored) {
        // The failure itself is reported to the user; this note is only for status.
      }
    }
  }

  private static String lockedNote(Path lockFile, Options o) throws IOException {
    String holder;
    long age;
    try {
      holder = RenderLock.holder(lockFile).map(Object::toString).orElse("another process");
      age = RenderLock.heartbeatAge(lockFile).toSeconds();
    } catch (IOException e) {
      return "being rendered by another process (lock " + lockFile + ", which has just changed)";
    }
    return "being rendered by "
        + holder
        + " (lock "
        + lockFile
        + ", heartbeat "
        + age
        + " s ago). If that"
        + " process is gone, its lock is taken over once its heartbeat is --lock-stale-after old ("
        + o.lockStaleAfter().toSeconds()
        + " s); a smaller --lock-stale-after takes it over sooner";
  }

  private static Result render(
      Path presetFile,
      RenderSpec spec,
      int presetFrames,
      RenderFolder folder,
      Options o,
      BooleanSupplier stop,
      Listener listener,
      MediaFiles sounds)
      throws IOException, PresetException, ModelException, EncodeException {
    PreparedRender prepared = PreparedRender.load(spec, o.store());
    if (spec.encode().audio() != null) {
      Clips.checkSoundtrack(spec.encode().audio());
    }
    spec = prepared.spec();
    String presetSha = SourceFile.sha256(presetFile);
    String modelSha = prepared.network().model().sha256();

    Checkpoint checkpoint = null;
    SortedSet<Integer> holes = new TreeSet<>();
    int longer = 0;
    PrecisionChoice precision = null;
    List<String> earlierKernels = List.of();
    List<dev.dreamzoom.files.SourceFile> sources = null;
    if (folder.exists() && !o.restart()) {
      Manifest m =
          folder
              .manifest()
              .orElseThrow(
                  () ->
                      new IOException(
                          folder.dir()
                              + " exists but is not a resumable render (no manifest.properties);"
                              + " use --restart to move it aside and start over"));
      if (!m.presetSha256().equals(presetSha)) {
        throw new IOException(
            folder.dir()
                + " was rendered from a different version of "
                + presetFile
                + "; use --restart to move it aside and start over");
      }
      if (!m.modelSha256().equals(modelSha)) {
        throw new IOException(
            folder.dir()
                + " was rendered with a different model file than "
                + spec.model()
                + " is now; use --restart to move it aside and start over");
      }
      // A resume computes as the render began, so its frames continue the same sequence exactly.
      precision = PrecisionChoice.recorded(m.precision());
      earlierKernels = m.kernels();
      m.kernelChange(Kernels.here().family(precision.bfloat16()))
          .ifPresent(w -> listener.problem(Problem.warning(w)));
      RenderFolder.Continuation c = folder.continuation();
      checkpoint = c.checkpoint().orElse(null);
      int done = c.framesDone();
      if (c.damaged().isPresent()) {
        listener.problem(
            Problem.warning(
                c.damaged().get()
                    + "; continuing from "
                    + (done == 0 ? "the seed" : "the kept checkpoint after frame " + done)
                    + " (the frames after it are dreamed again,"
                    + " identically on this kind of machine)"));
        if (checkpoint != null) {
          checkpoint.write(folder.checkpointFile());
        }
      }
      restorePresetCopy(presetFile, folder, presetSha, listener);
      boolean clips =
          m.encodedFrames() >= spec.frames()
              && spec.encode().formats().stream()
                  .allMatch(f -> Files.isRegularFile(folder.clip(f)));
      holes =
          FrameCheck.of(folder, Math.min(done, spec.frames()), spec.width(), spec.height(), false)
              .toRegenerate();
      // --frames N never shrinks a longer finished render or its clips.
      longer = clips && m.encodedFrames() > spec.frames() ? m.encodedFrames() : 0;
      if (done >= spec.frames() && clips && holes.isEmpty()) {
        return finishedEarlier(spec, folder, longer);
      }
      Sources.requireUnchanged(m, spec, null, folder.dir(), "resume");
      // The track may be the same file and the analysis another (a newer dreamzoom's): refused too.
      Optional<String> music = sounds.changedSince(folder.dir());
      if (music.isPresent()) {
        throw new IOException(
            folder.dir()
                + ": "
                + music.get()
                + "; put the track back, or use --restart to"
                + " move the render aside and start over");
      }
      sources = m.sources();
      if (sources == null) {
        listener.problem(
            Problem.note(
                "note: this render began before dreamzoom recorded its sources;"
                    + " recording them now, so changes from here on are caught (changes made before cannot be)"));
      }
    }
    if (sources == null) {
      sources = Sources.record(spec, listener::info);
    }

    // Memory is checked once there is work to do, and before the render folder is moved or written.
    int margin = spec.motion().overscan();
    MemoryBudget.check(
        "rendering " + spec.name(),
        spec.width() + 2 * margin,
        spec.height() + 2 * margin,
        spec.dream().tile(),
        prepared.network(),
        spec.dream().objective().layers(),
        "the preset key dream.tile =");
    if (folder.exists() && o.restart()) {
      listener.info("moved the earlier render aside to " + folder.moveAside());
    }

    RgbImage start;
    int from;
    if (checkpoint != null) {
      start = checkpoint.image();
      from = Math.min(checkpoint.framesDone(), spec.frames());
      if (start.width() != spec.width() + 2 * margin
          || start.height() != spec.height() + 2 * margin) {
        throw new IOException(
            "checkpoint in "
                + folder.dir()
                + " is "
                + start.width()
                + "x"
                + start.height()
                + ", the preset says "
                + spec.width()
                + "x"
                + spec.height()
                + (margin == 0 ? "" : " with " + margin + " px of overscan"));
      }
    } else {
      start = prepared.seed();
      from = 0;
    }

    prepared =
        precision != null
            ? prepared.withPrecision(precision)
            : prepared.choosingPrecision(o.threads());
    Renderer.Outcome outcome;
    // The step validates layers and channels, so it is built before anything on disk changes.
    try (VideoFrames video = prepared.openVideo();
        FrameMasks masks = prepared.openMasks(video);
        DreamStep step = prepared.newStep(o.threads());
        BackgroundSink sink =
            new BackgroundSink(Gallery.updatingAfter(folder, o.outputRoot(), log), 2)) {
      // Shapes are checked at every frame when the preset is read; a picture or a subject here.
      if (masks != null
          && from < spec.frames()
          && spec.dream().mask().kind() != MaskSpec.Kind.SHAPE
          && masks.at(from).mean() == 0) {
        listener.problem(
            spec.warning(
                "dream.mask",
                "is 0 everywhere at frame "
                    + (from + 1)
                    + " (a black picture, or no subject found): nothing dreams there"));
      }
      folder.prepare();
      sounds.keepNew(folder.dir());
      Manifest manifest =
          new Manifest(
                  spec.name(),
                  presetSha,
                  modelSha,
                  Version.get(),
                  spec.fps(),
                  spec.encode(),
                  metadata(spec, modelSha),
                  0,
                  presetFile.toAbsolutePath(),
                  spec.frames(),
                  presetFrames,
                  prepared.precision().label(),
                  earlierKernels,
                  sources)
              .withKernels(Kernels.here().family(prepared.precision().bfloat16()));
      if (from == 0) {
        Files.copy(presetFile, folder.presetCopy(), StandardCopyOption.REPLACE_EXISTING);
      }
      if (longer == 0) {
        manifest.write(folder.manifestFile());
        Gallery.update(o.outputRoot(), log);
      }
      listener.info(
          String.format(
              "%s %s: %d frames of %dx%d at %d fps, %s with %s %s, into %s",
              from == 0
                  ? "rendering"
                  : from >= spec.frames()
                      ? "completing"
                      : "resuming at frame " + (from + 1) + " of",
              spec.name(),
              spec.frames(),
              spec.width(),
              spec.height(),
              spec.fps(),
              spec.dream().mode().name().toLowerCase(java.util.Locale.ROOT),
              spec.model(),
              prepared.describeObjective(),
              folder.dir()));
      listener.info(
          "precision: "
              + prepared.precision().reason()
              + "; kernels: "
              + Kernels.here().describe()
              + (prepared.precision().bfloat16()
                  ? ", for bfloat16 " + Kernels.here().family(true)
                  : ""));
      if (!holes.isEmpty()) {
        listener.info(
            "frame"
                + (holes.size() == 1 ? " " : "s ")
                + FrameCheck.numbers(holes)
                + " went missing since they were rendered; regenerating them");
        FrameRepair.regenerate(prepared, step, folder, holes, listener);
      }
      try {
        outcome =
            prepared
                .renderer(
                    step,
                    Sources.watching(sink, sources, folder.dir()),
                    prepared.storedFirstFrame(folder, from),
                    video,
                    masks)
                .render(start, from, spec.frames(), stop, listener::frame);
      } catch (java.io.UncheckedIOException e) {
        // The source video failed to decode part-way: its own message names the file and time.
        throw e.getCause();
      }
    }
    if (outcome.stopped()) {
      return new Result(
          spec.name(),
          spec.frames(),
          Status.STOPPED,
          outcome.framesDone() - from,
          outcome.secondsPerFrame(),
          null,
          "stopped after frame " + outcome.framesDone() + "; run again to resume");
    }

    if (longer > 0) {
      return finishedEarlier(spec, folder, longer);
    }
    List<Path> frames = folder.frames().list();
    if (frames.size() < spec.frames()) {
      throw new IOException(
          folder.frames().dir()
              + " has "
              + frames.size()
              + " frames, "
              + spec.frames()
              + " expected; use --restart to render them again");
    }
    listener.info(
        String.format(
            "encoding %s (crf %d, %dx%d) into %s",
            String.join(", ", spec.encode().formats()),
            spec.encode().crf(),
            spec.encode().width(),
            spec.encode().height(),
            folder.dir()));
    Manifest m = Manifest.read(folder.manifestFile());
    Sources.requireUnchanged(m, spec, Sources.soundtrackKeys(m), folder.dir(), "encode");
    Clips.publish(
        frames.subList(0, spec.frames()),
        folder.dir(),
        spec.name(),
        spec.fps(),
        spec.encode(),
        m.metadata(),
        n -> {});
    m.withEncodedFrames(spec.frames()).write(folder.manifestFile());
    List<Path> sheetFrames = frames.subList(0, spec.frames());
    ImageFiles.writePngAtomically(
        ContactSheet.ofFrames(sheetFrames, Math.max(1, (sheetFrames.size() + 23) / 24), 6, 240),
        folder.dir().resolve("sheet.png"));
    return new Result(
        spec.name(),
        spec.frames(),
        from == 0 ? Status.DONE : Status.RESUMED,
        spec.frames() - from,
        outcome.secondsPerFrame(),
        folder.clip(spec.encode().formats().get(0)),
        null);
  }

  /**
   * Puts the preset back into the render folder when its copy there was edited or removed: the copy
   * is what {@code verify} and {@code repair} read, and the preset file matches the manifest.
   */
  private static void restorePresetCopy(
      Path presetFile, RenderFolder folder, String presetSha, Listener listener)
      throws IOException {
    Path copy = folder.presetCopy();
    if (Files.isRegularFile(copy) && SourceFile.sha256(copy).equals(presetSha)) {
      return;
    }
    listener.problem(
        Problem.warning(
            copy
                + (Files.exists(copy) ? " was edited" : " was missing")
                + "; restored it from "
                + presetFile));
    AtomicFiles.write(copy, out -> Files.copy(presetFile, out));
  }

  private static Result finishedEarlier(RenderSpec spec, RenderFolder folder, int longer) {
    return new Result(
        spec.name(),
        spec.frames(),
        Status.FINISHED_EARLIER,
        0,
        0,
        folder.clip(spec.encode().formats().get(0)),
        longer > 0
            ? "already has "
                + longer
                + " frames, more than the "
                + spec.frames()
                + " asked for; left as"
                + " it is"
            : "already finished; nothing to do (--restart renders it again)");
  }

  /** What every clip carries so that it can be reproduced. */
  public static java.util.Map<String, String> metadata(RenderSpec spec, String modelSha) {
    java.util.Map<String, String> m = new java.util.TreeMap<>();
    m.put("title", spec.name());
    m.put(
        "comment",
        "dreamzoom "
            + Version.get()
            + "; preset "
            + spec.name()
            + "; model "
            + spec.model()
            + "; random.seed "
            + spec.randomSeed());
    m.put("dreamzoom_preset", spec.name());
    m.put("dreamzoom_model", spec.model());
    m.put("dreamzoom_model_sha256", modelSha);
    m.put("dreamzoom_seed", Long.toString(spec.randomSeed()));
    m.put("dreamzoom_version", Version.get());
    return m;
  }
}
