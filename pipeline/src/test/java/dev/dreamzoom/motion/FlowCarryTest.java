package dev.dreamzoom.motion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.FlowField;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.Param;
import org.junit.jupiter.api.Test;

/**
 * The carry over a video on frames whose motion is known exactly: a square slides 4 px right over a
 * still background. The dream on the square moves with it; where the square uncovers the
 * background, the flow fails its forward-backward check and the video's frame fills in, not a smear
 * of the dream that was there.
 */
class FlowCarryTest {
  static final int W = 40;
  static final int H = 20;

  /** Grey background, the square red, its left edge at {@code left}. */
  private static RgbImage frame(int left, float[] square) {
    float[] p = new float[W * H * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        boolean in = x >= left && x < left + 10 && y >= 5 && y < 15;
        for (int c = 0; c < 3; c++) {
          p[(y * W + x) * 3 + c] = in ? square[c] : 100 + 2 * x;
        }
      }
    }
    return new RgbImage(W, H, p);
  }

  /** The square's pixels move by {@code dx}; the background holds still. */
  private static FlowField flow(int left, float dx) {
    float[] fx = new float[W * H];
    for (int y = 5; y < 15; y++) {
      for (int x = left; x < left + 10; x++) {
        fx[y * W + x] = dx;
      }
    }
    return new FlowField(W, H, fx, new float[W * H]);
  }

  @Test
  void theDreamMovesWithTheSquareAndUncoveredBackgroundTakesTheVideo() {
    float[] red = {220, 30, 30};
    RgbImage source0 = frame(10, red);
    RgbImage source1 = frame(14, red);
    // The dream painted the square blue.
    RgbImage dreamed0 = frame(10, new float[] {30, 30, 220});
    FlowCarry carry =
        new FlowCarry(
            new FlowCarry.Source() {
              @Override
              public RgbImage frame(int t) {
                return t == 0 ? source0 : source1;
              }

              @Override
              public FlowField backward(int t) {
                return flow(14, -4);
              }

              @Override
              public FlowField forward(int t) {
                return flow(10, 4);
              }
            },
            Param.constant(1));
    RgbImage start1 = carry.apply(dreamed0, 1);
    // Inside the moved square: the dream's blue came along.
    assertTrue(
        start1.get(20, 10, 2) > start1.get(20, 10, 0) + 100,
        "blue carried to the square's new place");
    // Where the square was and is no more (x 10..13): the video's background, not the blue (the
    // colour hold shifts the channels a little, so "not blue" is blue not above red).
    for (int x = 10; x < 14; x++) {
      float b = start1.get(x, 10, 2);
      float r = start1.get(x, 10, 0);
      assertTrue(
          b - r < 30,
          "uncovered background at x "
              + x
              + " is the video's, not the dream's blue: r "
              + r
              + " b "
              + b);
    }
  }
}
