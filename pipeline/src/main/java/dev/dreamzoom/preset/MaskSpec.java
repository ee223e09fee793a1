package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the dream acts ({@code dream.mask}): a weight 0..1 per pixel of the output frame that
 * weights each gradient step and the final blend with the undreamed frame, so that where it is 0
 * the frame is its source exactly.
 *
 * @param kind where the weights come from
 * @param image the grey (or alpha) picture, for {@link Kind#IMAGE}; white dreams
 * @param shape the shape expression, for {@link Kind#SHAPE}
 * @param feather pixels of soft edge, laid inside the masked region so that what it leaves out
 *     stays exact ({@code dream.mask.feather})
 * @param invert dream where the mask says not to ({@code dream.mask.invert})
 */
public record MaskSpec(Kind kind, Path image, MaskShape shape, double feather, boolean invert) {
  /** The mask's source. */
  public enum Kind {
    /** A picture's grey level or alpha, fitted to the frame as a seed photo is. */
    IMAGE,
    /** Shapes in frame coordinates whose numbers are schedules. */
    SHAPE,
    /** The salient subject, found by the segmentation network in each frame's source. */
    SUBJECT,
    /** All but the subject. */
    BACKGROUND
  }

  public MaskSpec {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.IMAGE) != (image != null) || (kind == Kind.SHAPE) != (shape != null)) {
      throw new IllegalArgumentException(kind + " mask with image " + image + ", shape " + shape);
    }
    PresetSchema.key("dream.mask.feather").require(feather);
  }

  /** True when the segmentation network makes this mask. */
  public boolean segmented() {
    return kind == Kind.SUBJECT || kind == Kind.BACKGROUND;
  }

  /** A copy with another feather (a preview at reduced size scales it). */
  public MaskSpec withFeather(double pixels) {
    return new MaskSpec(kind, image, shape, pixels, invert);
  }

  /** How the manifest and messages name it: the file, the expression or the keyword. */
  public String describe() {
    String what =
        switch (kind) {
          case IMAGE -> image.toString();
          case SHAPE -> shape.toString();
          case SUBJECT -> "subject";
          case BACKGROUND -> "background";
        };
    return what + (feather > 0 ? ", feather " + feather : "") + (invert ? ", inverted" : "");
  }
}
