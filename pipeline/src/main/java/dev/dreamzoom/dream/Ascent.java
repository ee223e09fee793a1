package dev.dreamzoom.dream;

import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The render loop's inner part: gradient ascent at one scale, on the whole image in one graph call
 * per iteration, or tile by tile so memory is bounded by a tile's activations however large the
 * frame. Both end each iteration in the step's one {@link UpdateRule}. With a mask, each
 * iteration's update is weighted by it (the image moves by {@code w} times the step): where the
 * mask is 0 the image keeps its pixels exactly, where it is 1 it moves as unmasked; the step is
 * normalized over the whole frame as without one, so the dream inside is as strong as unmasked.
 */
final class Ascent {
  private Ascent() {}

  /**
   * Runs {@code s.iterations()} steps on {@code image}. Each iteration rolls by a fresh offset in
   * [-jitter, jitter] on both axes drawn from {@code random}; {@code losses} receives the objective
   * measured at each iteration (before its update). {@code reference} (same size) is what content
   * terms compare against; {@code mask} (same size, or null) weights each update.
   */
  static RgbImage whole(
      DreamStep step,
      RgbImage image,
      RgbImage reference,
      Mask mask,
      OctaveDreamer.Settings s,
      SplittableRandom random,
      DoubleConsumer losses) {
    if (mask != null) {
      return masked(step, image, reference, mask, s, random, losses);
    }
    TFloat32 current = Tensors.tensor(image);
    Result held = null;
    try (DreamStep.Feeds feeds = step.new Feeds(s);
        TFloat32 ref = step.readsReference() ? Tensors.tensor(reference) : null) {
      for (int i = 0; i < s.iterations(); i++) {
        Result r;
        try (TInt32 shift = shift(s.jitter(), random)) {
          r = step.run(feeds.runner(current, shift, ref).fetch(step.next).fetch(step.objective));
        }
        // The new image lives in r; the previous one (in `held`, or the input tensor) is done.
        if (held == null) {
          current.close();
        } else {
          held.close();
        }
        held = r;
        current = (TFloat32) r.get(0);
        losses.accept(((TFloat32) r.get(1)).getFloat());
      }
      return Tensors.image(current, image.width(), image.height());
    } finally {
      if (held != null) {
        held.close();
      } else {
        current.close();
      }
    }
  }

  /** A fresh roll in [-jitter, jitter] on both axes, {@code (dy, dx)}; none for 0. */
  private static TInt32 shift(int jitter, SplittableRandom random) {
    int dy = jitter == 0 ? 0 : random.nextInt(-jitter, jitter + 1);
    int dx = jitter == 0 ? 0 : random.nextInt(-jitter, jitter + 1);
    return TInt32.vectorOf(dy, dx);
  }

  /**
   * As {@link #whole} with a mask: each iteration's result comes back to Java and is blended with
   * the image before it. The copies cost about 15 % of a frame at 640x360 (a photo's three frames
   * took 1.77-1.85 s a frame masked against 1.54-1.73 unmasked); blending in the graph would save
   * them.
   */
  private static RgbImage masked(
      DreamStep step,
      RgbImage image,
      RgbImage reference,
      Mask mask,
      OctaveDreamer.Settings s,
      SplittableRandom random,
      DoubleConsumer losses) {
    RgbImage current = image;
    try (DreamStep.Feeds feeds = step.new Feeds(s);
        TFloat32 ref = step.readsReference() ? Tensors.tensor(reference) : null) {
      for (int i = 0; i < s.iterations(); i++) {
        try (TInt32 shift = shift(s.jitter(), random);
            TFloat32 in = Tensors.tensor(current);
            Result r =
                step.run(feeds.runner(in, shift, ref).fetch(step.next).fetch(step.objective))) {
          RgbImage next = Tensors.image((TFloat32) r.get(0), image.width(), image.height());
          losses.accept(((TFloat32) r.get(1)).getFloat());
          current = mask.blend(current, next);
        }
      }
      return current;
    }
  }

  /**
   * As {@link #whole}, computing each iteration's gradient tile by tile. Each iteration rolls the
   * image by a random offset of up to {@code reach} pixels before cutting it into near-equal tiles
   * of at most {@code tile} pixels a side, so the seams move every iteration and never show. A
   * tile's gradient is weighted by its share of the frame's area (the objective is a mean); the
   * whole gradient is then rolled back and goes through the same update as a whole frame.
   */
  static RgbImage tiled(
      DreamStep step,
      RgbImage image,
      RgbImage reference,
      Mask mask,
      OctaveDreamer.Settings s,
      int tile,
      int reach,
      SplittableRandom random,
      DoubleConsumer losses) {
    int w = image.width();
    int h = image.height();
    float[] img = image.pixels().clone();
    float[] grad = new float[img.length];
    int[] xs = Tiles.cuts(w, tile);
    int[] ys = Tiles.cuts(h, tile);
    try (DreamStep.Feeds feeds = step.new Feeds(s);
        TInt32 noShift = TInt32.vectorOf(0, 0)) {
      for (int i = 0; i < s.iterations(); i++) {
        int dy = random.nextInt(-reach, reach + 1);
        int dx = random.nextInt(-reach, reach + 1);
        float[] rolled = Tiles.roll(img, w, h, dy, dx);
        float[] rolledRef =
            step.readsReference() ? Tiles.roll(reference.pixels(), w, h, dy, dx) : null;
        double loss = 0;
        for (int ty = 0; ty + 1 < ys.length; ty++) {
          for (int tx = 0; tx + 1 < xs.length; tx++) {
            int x0 = xs[tx];
            int y0 = ys[ty];
            int tw = xs[tx + 1] - x0;
            int th = ys[ty + 1] - y0;
            float share = (float) tw * th / ((float) w * h);
            float[] part = Tiles.cut(rolled, w, x0, y0, tw, th);
            try (TFloat32 in = Tensors.tensor(part, tw, th);
                TFloat32 ref =
                    rolledRef == null
                        ? null
                        : Tensors.tensor(Tiles.cut(rolledRef, w, x0, y0, tw, th), tw, th);
                Result r =
                    step.run(
                        feeds
                            .runner(in, noShift, ref)
                            .fetch(step.gradient)
                            .fetch(step.objective))) {
              ((TFloat32) r.get(0))
                  .copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(part, false, false));
              loss += share * ((TFloat32) r.get(1)).getFloat();
            }
            for (int y = 0; y < th; y++) {
              for (int k = 0; k < tw * 3; k++) {
                grad[((y0 + y) * w + x0) * 3 + k] = part[y * tw * 3 + k] * share;
              }
            }
          }
        }
        losses.accept(loss);
        try (TFloat32 current = Tensors.tensor(img, w, h);
            TFloat32 g = Tensors.tensor(Tiles.roll(grad, w, h, -dy, -dx), w, h);
            Result r = step.run(feeds.tiledUpdate(current, g).fetch(step.tiledNext))) {
          float[] before = mask == null ? null : img.clone();
          ((TFloat32) r.get(0))
              .copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(img, false, false));
          if (mask != null) {
            img = mask.blend(new RgbImage(w, h, before), new RgbImage(w, h, img)).pixels();
          }
        }
      }
    }
    return new RgbImage(w, h, img);
  }
}
