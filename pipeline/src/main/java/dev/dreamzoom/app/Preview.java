package dev.dreamzoom.app;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.DreamSpec;
import dev.dreamzoom.preset.MotionSpec;
import dev.dreamzoom.preset.Param;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What frame T of a preset will look like, in seconds instead of a night: what {@code dreamzoom
 * preview} does. By default frame T's targets and settings are dreamed straight onto the seed at
 * reduced size; {@code exact} renders every frame up to T (at reduced size) as the render would.
 */
public final class Preview {
  private Preview() {}

  /**
   * @param frame 1-based, as the frame files
   * @param scale size relative to the preset's
   * @param out where the PNG goes; null for {@code <output root>/<name>.preview-<T>.png}
   * @param mask also write frame T's mask beside it ({@code .mask.png}: white dreams)
   */
  public record Request(
      RenderSpec spec,
      int frame,
      double scale,
      boolean exact,
      Path outputRoot,
      Path out,
      int threads,
      boolean mask) {
    public Request {
      if (frame < 1 || frame > spec.frames()) {
        throw new IllegalArgumentException(
            "frame " + frame + " is past the preset's " + spec.frames() + " frames");
      }
      if (!(scale > 0 && scale <= 1)) {
        throw new IllegalArgumentException("scale must be in (0, 1]: " + scale);
      }
      if (mask && spec.dream().mask() == null) {
        throw new IllegalArgumentException("the preset has no dream.mask to show");
      }
    }
  }

  /** What a preview reports while it runs. */
  public interface Listener {
    /** The precision the network computes in, and why. */
    void precision(String reason);

    /** With {@code exact}: a frame on the way to T is done. */
    void frame(int done, int total);
  }

  /**
   * @param maskFile frame T's mask, when asked for; null otherwise
   */
  public record Result(Path file, int width, int height, double seconds, Path maskFile) {}

  public static Result run(Request r, ModelStore store, Listener listener)
      throws IOException, ModelException, PresetException {
    int t = r.frame() - 1;
    PreparedRender prepared =
        PreparedRender.load(scaled(r.spec(), r.scale()), store).choosingPrecision(r.threads());
    RenderSpec spec = prepared.spec();
    listener.precision(prepared.precision().reason());
    Path target =
        r.out() != null
            ? r.out()
            : r.outputRoot().resolve(spec.name() + ".preview-" + r.frame() + ".png");
    RgbImage seed = prepared.seed();
    long t0 = System.nanoTime();
    RgbImage[] last = {seed};
    Path maskFile = null;
    try (VideoFrames video = prepared.openVideo();
        FrameMasks masks = prepared.openMasks(video);
        DreamStep step = prepared.newStep(r.threads())) {
      if (r.exact()) {
        prepared
            .renderer(step, (i, frame) -> last[0] = frame, null, video, masks)
            .render(seed, t + 1, (done, total, spf) -> listener.frame(done, total));
      } else {
        // Over a video, the frame dreams on the video's own frame t (read only here: the exact
        // path reads the video from frame 0, and its window keeps only the last frames).
        RgbImage source = video == null ? seed : video.frame(t);
        Mask mask = masks == null ? null : masks.at(t);
        RgbImage dreamed = prepared.dreamer(step).dreamFresh(source, t, mask, loss -> {});
        last[0] = mask == null ? dreamed : mask.blend(source, dreamed);
      }
      if (r.mask()) {
        String name = target.getFileName().toString().replaceFirst("\\.png$", "");
        maskFile = target.resolveSibling(name + ".mask.png");
        ImageFiles.writePngAtomically(prepared.frameOf(masks.at(t).toGrey()), maskFile);
      }
    }
    ImageFiles.writePngAtomically(prepared.frameOf(last[0]), target);
    return new Result(
        target, spec.width(), spec.height(), (System.nanoTime() - t0) / 1e9, maskFile);
  }

  /**
   * The preset at {@code f} times its size. Settings in pixels scale along: jitter, blur (its
   * sigma), the camera's shifts and the overscan; ratios, angles and intensity levels stay.
   */
  static RenderSpec scaled(RenderSpec s, double f) {
    if (f == 1) {
      return s;
    }
    int w = Math.max(32, 2 * (int) Math.round(s.width() * f / 2));
    int h = Math.max(32, 2 * (int) Math.round(s.height() * f / 2));
    Function<Param, Param> px = p -> t -> p.at(t) * f;
    DreamSpec d = s.dream();
    DreamSpec dream =
        new DreamSpec(
            d.mode(),
            d.objective(),
            d.octaves(),
            d.octaveScale(),
            d.iterations(),
            d.step(),
            px.apply(d.jitter()),
            px.apply(d.blur()),
            d.decay(),
            d.growth(),
            d.growthScale(),
            d.tile(),
            d.gradient(),
            d.precision(),
            d.mask() == null ? null : d.mask().withFeather(d.mask().feather() * f));
    MotionSpec m = s.motion();
    MotionSpec motion =
        new MotionSpec(
            m.zoom(),
            m.angle(),
            px.apply(m.tx()),
            px.apply(m.ty()),
            m.border(),
            m.cx(),
            m.cy(),
            m.tiltX(),
            m.tiltY(),
            (int) Math.round(m.overscan() * f));
    return new RenderSpec(
        s.name(),
        s.source(),
        s.seed(),
        s.randomSeed(),
        w,
        h,
        s.fps(),
        s.frames(),
        s.model(),
        s.modelInput(),
        dream,
        motion,
        s.encode(),
        s.color(),
        s.checkpointEvery(),
        s.cadence(),
        s.lines(),
        s.warnings(),
        s.inputs(),
        s.mediaFrames());
  }
}
