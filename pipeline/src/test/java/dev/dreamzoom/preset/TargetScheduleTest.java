package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetScheduleTest {
  @Test
  void oneSetWithWeightsAndChannels() throws Exception {
    TargetSchedule s = TargetSchedule.parse("a/Relu6:0.5, b/Relu6#7, c", 30);
    assertEquals(List.of(Target.layer("a/Relu6"), new Target("b/Relu6", 7), Target.layer("c")), s.targets());
    assertArrayEquals(new float[] {0.5f, 1f, 1f}, s.weightsAt(0));
    assertArrayEquals(new float[] {0.5f, 1f, 1f}, s.weightsAt(1000));
  }

  @Test
  void keyedSetsCrossfadeOverTheGivenFrames() throws Exception {
    TargetSchedule s = TargetSchedule.parse("0:L#1, 100:(L#2:2.0), 200:L#1", 10);
    assertEquals(List.of(new Target("L", 1), new Target("L", 2)), s.targets());
    assertArrayEquals(new float[] {1, 0}, s.weightsAt(99));
    assertArrayEquals(new float[] {0.9f, 0.2f}, s.weightsAt(100), 1e-6f);
    assertArrayEquals(new float[] {0.5f, 1.0f}, s.weightsAt(104), 1e-6f);
    assertArrayEquals(new float[] {0, 2}, s.weightsAt(109), 1e-6f);
    assertArrayEquals(new float[] {0, 2}, s.weightsAt(150));
    assertArrayEquals(new float[] {1, 0}, s.weightsAt(209), 1e-6f);
  }

  @Test
  void overlappingFadesStartFromWhereThePreviousOneWas() throws Exception {
    TargetSchedule s = TargetSchedule.parse("0:A, 10:B, 14:C", 10);
    float[] before = s.weightsAt(13);
    float[] at = s.weightsAt(14);
    // No jump: the first frame of the new fade moves only a tenth of the way to C.
    for (int i = 0; i < 3; i++) {
      assertTrue(Math.abs(at[i] - before[i]) <= 0.15, i + ": " + before[i] + " -> " + at[i]);
    }
  }

  @Test
  void noCrossfadeSwitchesAtTheKey() throws Exception {
    TargetSchedule s = TargetSchedule.parse("0:A, 5:B", 0);
    assertArrayEquals(new float[] {1, 0}, s.weightsAt(4));
    assertArrayEquals(new float[] {0, 1}, s.weightsAt(5));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("", "at position 1: expected a layer name in ''"),
        Arguments.of("a#x", "at position 3: expected a channel number after '#' in 'a#x'"),
        Arguments.of("a:heavy", "at position 3: expected a weight (a number) after 'a:' in 'a:heavy'"),
        Arguments.of("0:a, 0:b", "at position 6: keyframes must be in increasing order, but 0 follows 0"
            + " in '0:a, 0:b'"),
        Arguments.of("0:(a, b", "at position 8: missing ')' after the targets of frame 0 in '0:(a, b'"),
        Arguments.of("a, , b", "at position 4: expected a layer name but found ',' in 'a, , b'"));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("errors")
  void reportsPositionAndText(String text, String message) {
    ScheduleException e = assertThrows(ScheduleException.class, () -> TargetSchedule.parse(text, 0));
    assertEquals(message, e.getMessage());
  }
}
