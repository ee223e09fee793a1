package dev.dreamzoom.testing;

import dev.dreamzoom.image.RgbImage;
import java.util.List;

/**
 * How a dream over a video looks, in levels of the 0..255 image: how far it took the frames from
 * the source's, and how much they change from one frame to the next. {@code cli/VideoRenderTest}
 * and {@code scripts/VideoLooks.java} measure with these.
 */
public final class VideoMeasures {
  private VideoMeasures() {}

  /** Mean absolute difference of {@code dreamed} from {@code source}, frame by frame. */
  public static double change(List<RgbImage> dreamed, List<RgbImage> source) {
    double sum = 0;
    long n = 0;
    for (int k = 0; k < dreamed.size(); k++) {
      float[] a = dreamed.get(k).pixels();
      float[] b = source.get(k).pixels();
      for (int i = 0; i < a.length; i++) {
        sum += Math.abs(a[i] - b[i]);
        n++;
      }
    }
    return sum / n;
  }

  /** Mean absolute change from each frame to the next. */
  public static double flicker(List<RgbImage> frames) {
    return change(frames.subList(1, frames.size()), frames.subList(0, frames.size() - 1));
  }
}
