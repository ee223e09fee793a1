package dev.dreamzoom.app;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Segmenter;
import dev.dreamzoom.motion.FlowCarry;
import dev.dreamzoom.preset.MaskSpec;
import dev.dreamzoom.preset.RenderSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Each frame's {@code dream.mask} at the canvas size (the frame and its overscan): a picture fitted
 * once, shapes drawn at each frame from their schedules, or the segmentation network's subject (or
 * background) of the frame's source: the photo once, or a video's every {@value #SEGMENT_EVERY}th
 * frame, carried along the video's optical flow to the frames between (the network takes about 2 s
 * a frame on 2 cores whatever the frame size; the flow is already computed for the dream). A
 * frame's mask depends only on its frame number, never on where a render resumed. Inverted where
 * the preset says, then feathered, so the soft edge lies inside what dreams. Open while a render
 * runs: it holds the network.
 */
final class FrameMasks implements AutoCloseable {

  /** Over a video, the network runs on frames 0, k, 2k, ...; the flow carries its mask between. */
  static final int SEGMENT_EVERY = 4;

  private final RenderSpec spec;
  private final MaskSpec mask;
  private final Segmenter segmenter;
  private final RgbImage seed;
  private final FlowCarry.Source video;
  private Mask last;
  private int lastFrame = -1;
  private Mask subject;
  private int subjectFrame = -1;

  private FrameMasks(RenderSpec spec, Segmenter segmenter, RgbImage seed, FlowCarry.Source video) {
    this.spec = spec;
    this.mask = spec.dream().mask();
    this.segmenter = segmenter;
    this.seed = seed;
    this.video = video;
  }

  /**
   * The masks of {@code spec}, or null when it dreams everywhere.
   *
   * @param segmentation the segmentation network's file, when the mask needs it
   * @param seed the first frame's seed at the canvas size, which a still seed's subject is found in
   *     (whatever frame a render starts or resumes at); null over a video
   * @param video the source video's frames and flows; null for a still seed
   */
  static FrameMasks open(RenderSpec spec, Path segmentation, RgbImage seed, FlowCarry.Source video)
      throws ModelException {
    MaskSpec m = spec.dream().mask();
    if (m == null) {
      return null;
    }
    return new FrameMasks(spec, m.segmented() ? Segmenter.open(segmentation) : null, seed, video);
  }

  /** Frame {@code t}'s mask at the canvas size. */
  Mask at(int t) {
    boolean fixed = mask.kind() == MaskSpec.Kind.IMAGE || (mask.segmented() && !overVideo());
    if (last != null && (fixed || lastFrame == t)) {
      return last;
    }
    Mask m = raw(t);
    if (mask.kind() == MaskSpec.Kind.BACKGROUND) {
      m = m.inverted();
    }
    if (mask.invert()) {
      m = m.inverted();
    }
    m = m.feathered(mask.feather());
    last = m;
    lastFrame = t;
    return m;
  }

  private boolean overVideo() {
    return video != null;
  }

  private Mask raw(int t) {
    int margin = spec.motion().overscan();
    int w = spec.width() + 2 * margin;
    int h = spec.height() + 2 * margin;
    try {
      return switch (mask.kind()) {
        case IMAGE -> ImageFiles.readMask(mask.image()).coverCrop(w, h);
        case SHAPE -> new Mask(w, h, mask.shape().draw(t, spec.fps(), spec.frames(), w, h, margin));
        case SUBJECT, BACKGROUND -> overVideo() ? videoSubject(t) : segmenter.subject(seed);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ModelException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * The subject of video frame {@code t}: the network's on every {@value #SEGMENT_EVERY}th frame,
   * carried along the flow from there (from the previous frame's when it is at hand).
   */
  private Mask videoSubject(int t) throws ModelException {
    int key = t - t % SEGMENT_EVERY;
    int from = subjectFrame >= key && subjectFrame < t ? subjectFrame : key;
    Mask m = from == subjectFrame ? subject : segmenter.subject(video.frame(key));
    for (int k = from + 1; k <= t; k++) {
      m = m.carried(video.backward(k));
    }
    subject = m;
    subjectFrame = t;
    return m;
  }

  @Override
  public void close() {
    if (segmenter != null) {
      segmenter.close();
    }
  }
}
