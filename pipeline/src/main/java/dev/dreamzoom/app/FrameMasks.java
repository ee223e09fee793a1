package dev.dreamzoom.app;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Segmenter;
import dev.dreamzoom.preset.MaskSpec;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Each frame's {@code dream.mask} at the canvas size (the frame and its overscan): a picture fitted
 * once, shapes drawn at each frame from their schedules, or the segmentation network's subject (or
 * background) of the frame's source — the photo once, or each video frame. Inverted where the
 * preset says, then feathered, so the soft edge lies inside what dreams. Open while a render runs:
 * it holds the network.
 */
final class FrameMasks implements AutoCloseable {
  private final RenderSpec spec;
  private final MaskSpec mask;
  private final Segmenter segmenter;
  private final RgbImage seed;
  private Mask still;
  private int stillFrame = -1;

  private FrameMasks(RenderSpec spec, Segmenter segmenter, RgbImage seed) {
    this.spec = spec;
    this.mask = spec.dream().mask();
    this.segmenter = segmenter;
    this.seed = seed;
  }

  /**
   * The masks of {@code spec}, or null when it dreams everywhere.
   *
   * @param segmentation the segmentation network's file, when the mask needs it
   * @param seed the first frame's seed at the canvas size, which a still seed's subject is found in
   *     (whatever frame a render starts or resumes at); null over a video
   */
  static FrameMasks open(RenderSpec spec, Path segmentation, RgbImage seed) throws ModelException {
    MaskSpec m = spec.dream().mask();
    if (m == null) {
      return null;
    }
    return new FrameMasks(spec, m.segmented() ? Segmenter.open(segmentation) : null, seed);
  }

  /**
   * Frame {@code t}'s mask at the canvas size; over a video, {@code videoFrame} is the video's
   * frame {@code t} as the camera sees it, where the subject is found (ignored for a still seed).
   */
  Mask at(int t, RgbImage videoFrame) {
    RgbImage source = overVideo() ? videoFrame : seed;
    boolean fixed = mask.kind() == MaskSpec.Kind.IMAGE || (mask.segmented() && !overVideo());
    if (fixed && still != null) {
      return still;
    }
    if (!fixed && stillFrame == t && still != null) {
      return still;
    }
    Mask m = raw(t, source);
    if (mask.kind() == MaskSpec.Kind.BACKGROUND) {
      m = m.inverted();
    }
    if (mask.invert()) {
      m = m.inverted();
    }
    m = m.feathered(mask.feather());
    still = m;
    stillFrame = t;
    return m;
  }

  private boolean overVideo() {
    return spec.seed().video() != null;
  }

  private Mask raw(int t, RgbImage source) {
    int w = source.width();
    int h = source.height();
    try {
      return switch (mask.kind()) {
        case IMAGE -> ImageFiles.readMask(mask.image()).coverCrop(w, h);
        case SHAPE ->
            new Mask(
                w,
                h,
                mask.shape().draw(t, spec.fps(), spec.frames(), w, h, spec.motion().overscan()));
        case SUBJECT, BACKGROUND -> segmenter.subject(source);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ModelException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (segmenter != null) {
      segmenter.close();
    }
  }
}
