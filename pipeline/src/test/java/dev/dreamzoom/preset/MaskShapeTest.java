package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.audio.MusicVariable;
import org.junit.jupiter.api.Test;

/** Shapes in frame coordinates, combined, and read from schedules at each frame. */
class MaskShapeTest {
  private static final Timeline TIMELINE = new Timeline(10, null);

  private static double area(String text, int t) throws ScheduleException {
    return area(MaskShape.parse(text, TIMELINE), t);
  }

  private static double area(MaskShape s, int t) {
    float[] m = s.draw(t, 10, 100, 200, 100, 0);
    double sum = 0;
    for (float v : m) {
      sum += v;
    }
    return sum / m.length;
  }

  @Test
  void rectAndEllipseCoverTheirShareOfTheFrame() throws Exception {
    assertEquals(0.5, area("rect(0, 0, 0.5, 1)", 0), 1e-9);
    assertEquals(Math.PI * 0.25 * 0.25, area("ellipse(0.5, 0.5, 0.25, 0.25)", 0), 0.01);
    assertEquals(0.5, area("1 - rect(0, 0, 0.5, 1)", 0), 1e-9);
    assertEquals(0.75, area("max(rect(0, 0, 0.5, 1), rect(0, 0, 1, 0.5))", 0), 1e-9);
    assertEquals(0.25, area("min(rect(0, 0, 0.5, 1), rect(0, 0, 1, 0.5))", 0), 1e-9);
    assertEquals(0.25, area("rect(0, 0, 0.5, 1) * rect(0, 0, 1, 0.5)", 0), 1e-9);
    assertEquals(0.25, area("0.5 * rect(0, 0, 0.5, 1)", 0), 1e-9);
  }

  @Test
  void coordinatesReferToTheFrameInsideTheOverscan() throws Exception {
    MaskShape s = MaskShape.parse("rect(0, 0, 0.5, 1)", TIMELINE);
    float[] m = s.draw(0, 10, 1, 120, 40, 10);
    // The frame is 100 pixels wide from x = 10: its left half ends at x = 60.
    assertEquals(1, m[20 * 120 + 59], 0);
    assertEquals(0, m[20 * 120 + 60], 0);
    // The overscan left of the frame lies at x < 0 in frame coordinates: outside the rect.
    assertEquals(0, m[20 * 120 + 5], 0);
  }

  @Test
  void numbersAreSchedulesReadAtEachFrame() throws Exception {
    Sound sound =
        new Sound() {
          @Override
          public int frames() {
            return 100;
          }

          @Override
          public double value(MusicVariable v, int t) {
            return v == MusicVariable.BASS ? (t % 10) / 10.0 : 0;
          }
        };
    MaskShape s =
        MaskShape.parse(
            "ellipse(0.5, 0.5, 0.1 + 0.3*bass, 0.2)", new Timeline(10, sound, java.util.Map.of()));
    for (int t = 0; t < 10; t++) {
      double rx = 0.1 + 0.3 * (t % 10) / 10.0;
      assertEquals(Math.PI * rx * 0.2, area(s, t), 0.01, "frame " + t);
    }
    assertTrue(area(s, 9) > 3 * area(s, 0));
  }

  @Test
  void badShapesNameWhatIsWrong() {
    ScheduleException unknown =
        assertThrows(ScheduleException.class, () -> MaskShape.parse("circle(0.5)", TIMELINE));
    assertTrue(
        unknown.getMessage().contains("unknown mask function 'circle'"), unknown.getMessage());
    ScheduleException few =
        assertThrows(ScheduleException.class, () -> MaskShape.parse("rect(0, 0, 1)", TIMELINE));
    assertTrue(few.getMessage().contains("rect takes 4 numbers"), few.getMessage());
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> MaskShape.parse("ellipse(0.5, 0.5, 0.3 - t/10, 0.2)", TIMELINE).check(5, 10, 9));
    assertTrue(size.getMessage().contains("rx must be above 0; at frame 5"), size.getMessage());
  }
}
