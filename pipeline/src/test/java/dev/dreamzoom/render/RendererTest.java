package dev.dreamzoom.render;

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
    Renderer r = new Renderer(
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
}
