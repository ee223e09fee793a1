package dev.dreamzoom.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dreamzoom.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {
  @Test
  void eachFrameDreamsOnTheWarpedPreviousFrame() throws Exception {
    List<String> calls = new ArrayList<>();
    List<Float> stored = new ArrayList<>();
    // Plumbing only: "dream" adds 10, "warp" doubles, so the order of stages shows in the values.
    Renderer r =
        new Renderer(
            (img, t) -> {
              calls.add("dream " + t);
              return RgbImage.filled(2, 2, img.get(0, 0, 0) + 10);
            },
            (img, t) -> {
              calls.add("warp " + t);
              return RgbImage.filled(2, 2, img.get(0, 0, 0) * 2);
            },
            (i, frame) -> stored.add(frame.get(0, 0, 0)));
    List<Integer> progress = new ArrayList<>();
    r.render(RgbImage.filled(2, 2, 1), 3, (done, total, spf) -> progress.add(done));
    assertEquals(List.of("dream 0", "warp 1", "dream 1", "warp 2", "dream 2"), calls);
    assertEquals(List.of(11f, 32f, 74f), stored);
    assertEquals(List.of(1, 2, 3), progress);
  }

  /**
   * Plumbing of render.cadence: "dream" adds 100 and the camera adds 1 per frame moved, so each
   * stored value tells which dreamed frame it came from and how it was carried.
   */
  static final class Recording implements dev.dreamzoom.motion.CameraMove {
    final List<String> calls = new ArrayList<>();

    @Override
    public RgbImage apply(RgbImage previous, int t) {
      return RgbImage.filled(1, 1, previous.get(0, 0, 0) + 1);
    }

    @Override
    public RgbImage carry(RgbImage image, int from, int to) {
      calls.add("carry " + from + "->" + to);
      return RgbImage.filled(1, 1, image.get(0, 0, 0) + (to - from));
    }

    @Override
    public RgbImage between(RgbImage before, int from, RgbImage after, int to, int t) {
      calls.add("between " + from + "<" + t + "<" + to);
      float a = (float) (t - from) / (to - from);
      return RgbImage.filled(1, 1, before.get(0, 0, 0) * (1 - a) + after.get(0, 0, 0) * a);
    }
  }

  private static Renderer cadenced(Recording motion, List<String> dreams, List<float[]> stored) {
    return new Renderer(
        (img, t) -> {
          dreams.add("dream " + t);
          return RgbImage.filled(1, 1, img.get(0, 0, 0) + 100);
        },
        motion,
        new dev.dreamzoom.frames.FrameSink() {
          @Override
          public void accept(int index, RgbImage frame) {
            throw new AssertionError("the renderer hands over each frame with its state");
          }

          @Override
          public void accept(int index, RgbImage frame, RgbImage state) {
            stored.add(new float[] {index, frame.get(0, 0, 0), state.get(0, 0, 0)});
          }
        },
        t -> t < 6 ? 3 : 2);
  }

  @Test
  void withACadenceOnlyEveryNthFrameIsDreamedAndTheOthersAreCarriedBetweenThem() throws Exception {
    Recording motion = new Recording();
    List<String> dreams = new ArrayList<>();
    List<float[]> stored = new ArrayList<>();
    // Cadence 3 up to frame 6, then 2: dreamed frames 0, 3, 6, 8, and 10 (past the end: frame 9
    // needs it).
    cadenced(motion, dreams, stored).render(RgbImage.filled(1, 1, 0), 10, (d, n, s) -> {});
    assertEquals(List.of("dream 0", "dream 3", "dream 6", "dream 8", "dream 10"), dreams);
    assertEquals(
        List.of(
            "carry 0->3",
            "between 0<1<3",
            "between 0<2<3",
            "carry 3->6",
            "between 3<4<6",
            "between 3<5<6",
            "carry 6->8",
            "between 6<7<8",
            "carry 8->10",
            "between 8<9<10"),
        motion.calls);
    // Frame 0 = 100; frame 3 = 100 + 3 + 100 = 203; frame 1 = 2/3 * 100 + 1/3 * 203.
    assertEquals(10, stored.size());
    assertEquals(100f, stored.get(0)[1]);
    assertEquals(203f, stored.get(3)[1]);
    assertEquals(100f * 2 / 3 + 203f / 3, stored.get(1)[1], 1e-3);
    // The state after a frame between is the dreamed frame before it.
    assertEquals(100f, stored.get(2)[2]);
    assertEquals(203f, stored.get(3)[2]);
    assertEquals(203f, stored.get(5)[2]);
  }

  @Test
  void aCadencedRenderContinuesFromAnyFrameAsIfNeverStopped() throws Exception {
    List<float[]> full = new ArrayList<>();
    cadenced(new Recording(), new ArrayList<>(), full)
        .render(RgbImage.filled(1, 1, 0), 10, (d, n, s) -> {});
    for (int from = 1; from < 10; from++) {
      List<float[]> resumed = new ArrayList<>();
      Renderer r = cadenced(new Recording(), new ArrayList<>(), resumed);
      r.render(
          RgbImage.filled(1, 1, full.get(from - 1)[2]), from, 10, () -> false, (d, n, s) -> {});
      assertEquals(10 - from, resumed.size());
      for (int i = 0; i < resumed.size(); i++) {
        assertArrayEquals(
            full.get(from + i), resumed.get(i), "frame " + (from + i) + " resumed at " + from);
      }
    }
  }
}
