package dev.dreamzoom.app;

import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import dev.dreamzoom.media.Clips;
import dev.dreamzoom.media.EncodeException;
import dev.dreamzoom.preset.EncodeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A render's clips rebuilt from its frames, with the render's encode settings or others: what
 * {@code dreamzoom encode} does. A finished render is encoded under its lock; {@code partial}
 * encodes the frames so far of an unfinished or running one, marked as partial.
 */
public final class Reencode {
  private Reencode() {}

  /**
   * Settings that replace the render's own; each null keeps the render's.
   *
   * @param formats mp4, webm, gif
   * @param x264Preset ultrafast ... veryslow
   */
  public record Overrides(
      List<String> formats,
      Integer crf,
      String x264Preset,
      Integer width,
      Integer height,
      Integer fps,
      Integer interpolate,
      String interpolateMode,
      String loop) {
    /** The render's settings with these replacing them. */
    EncodeSpec over(EncodeSpec e) {
      return new EncodeSpec(
          formats != null ? formats : e.formats(),
          crf != null ? crf : e.crf(),
          x264Preset != null ? x264Preset : e.x264Preset(),
          width != null ? width : e.width(),
          height != null ? height : e.height(),
          e.keyframeInterval(),
          e.posterFrame(),
          loop != null ? loop : e.loop(),
          e.loopFrames(),
          interpolate != null ? interpolate : e.interpolate(),
          interpolateMode != null ? interpolateMode : e.interpolateMode(),
          e.audio(),
          e.audioStart(),
          e.audioFade());
    }
  }

  /** What was written, from how many rendered frames at what rate. */
  public record Result(List<Path> written, int frames, int fps, EncodeSpec spec) {}

  /**
   * @throws IllegalArgumentException when the overrides make settings out of range
   * @throws IOException when {@code dir} is no render folder, has frames missing, is unfinished
   *     (without {@code partial}) or is being rendered
   */
  public static Result run(Path dir, Overrides o, boolean partial)
      throws IOException, EncodeException {
    Path folderDir = RenderFolder.existing(dir);
    RenderFolder folder =
        new RenderFolder(folderDir.getParent(), folderDir.getFileName().toString());
    Manifest m =
        folder
            .manifest()
            .orElseThrow(
                () ->
                    new IOException(
                        folderDir
                            + " has no manifest.properties: not a render folder of this program"));
    EncodeSpec spec = o.over(m.encode());
    int fps = o.fps() != null ? o.fps() : m.fps();
    if (fps != m.fps() && spec.audio() != null) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "--fps %d would play the frames,"
                  + " rendered at %d fps, %.2fx as fast as their soundtrack %s, out of sync; use --interpolate %s for"
                  + " more frames a second in time with the music",
              fps,
              m.fps(),
              (double) fps / m.fps(),
              spec.audio().getFileName(),
              fps % m.fps() == 0 && fps > m.fps() ? String.valueOf(fps / m.fps()) : "N"));
    }
    int done = folder.progress().framesDone();
    int target = m.frames() > 0 ? m.frames() : done;
    List<Path> frames = folder.frames().list().stream().limit(Math.min(done, target)).toList();
    boolean whole =
        frames.size() == Math.min(done, target)
            && frames.equals(
                IntStream.range(0, frames.size()).mapToObj(folder.frames()::file).toList());
    if (!whole) {
      throw new IOException(
          folder.frames().dir()
              + " has frames missing; dreamzoom verify "
              + folderDir
              + " lists them and dreamzoom repair "
              + folderDir
              + " regenerates them");
    }
    if (frames.isEmpty()) {
      throw new IOException("no frames in " + folder.frames().dir());
    }
    AtomicFiles.checkWritable(folderDir);
    Sources.requireUnchanged(m, null, Sources.soundtrackKeys(m), folderDir, "encode");
    List<Path> written;
    // A finished render has nothing partial about it: --partial then makes its ordinary clips.
    if (partial && done < target) {
      Map<String, String> meta = new TreeMap<>(m.metadata());
      meta.put("dreamzoom_partial", "frames 1-" + frames.size() + " of " + target);
      meta.put(
          "comment",
          meta.getOrDefault("comment", "")
              + "; PARTIAL: frames 1-"
              + frames.size()
              + " of "
              + target);
      written = Clips.publish(frames, folderDir, m.name() + ".partial", fps, spec, meta, n -> {});
    } else {
      Path lockFile = folderDir.resolveSibling(m.name() + ".lock");
      Optional<RenderLock> lock = RenderLock.tryAcquire(lockFile, RenderLock.STALE_AFTER);
      if (lock.isEmpty()) {
        throw new IOException(
            m.name()
                + " is being rendered by "
                + RenderLock.holder(lockFile).map(Object::toString).orElse("another process")
                + " (lock "
                + lockFile
                + "); encode it when"
                + " the render ends, or add --partial for a clip of the frames so far");
      }
      try (RenderLock held = lock.get()) {
        if (done < target) {
          throw new IOException(
              m.name()
                  + " is unfinished: "
                  + done
                  + " of "
                  + target
                  + " frames;"
                  + " finish it with dreamzoom render (it resumes), or add --partial for a clip of the frames"
                  + " so far");
        }
        written = Clips.publish(frames, folderDir, m.name(), fps, spec, m.metadata(), n -> {});
        m.withEncodedFrames(frames.size()).write(folder.manifestFile());
      }
    }
    return new Result(written, frames.size(), fps, spec);
  }
}
