package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleTest {
  private static final double FPS = 24;
  private static final int TOTAL = 240;

  static Stream<Arguments> expressions() {
    return Stream.of(
        Arguments.of("1.5", 7, 1.5),
        Arguments.of("-2.5e-1", 0, -0.25),
        Arguments.of("1 + 2 * 3", 0, 7.0),
        Arguments.of("(1 + 2) * 3", 0, 9.0),
        Arguments.of("2 ^ 3 ^ 2", 0, 512.0),
        Arguments.of("-2 ^ 2", 0, -4.0),
        Arguments.of("7 % 4", 0, 3.0),
        Arguments.of("t", 12, 12.0),
        Arguments.of("s", 12, 0.5),
        Arguments.of("T", 3, 240.0),
        Arguments.of("t / T", 60, 0.25),
        Arguments.of("1.0 + 0.01 * sin(t / 24)", 0, 1.0),
        Arguments.of("sin(pi / 2)", 0, 1.0),
        Arguments.of("cos(0) + tan(0)", 0, 1.0),
        Arguments.of("abs(-3) + sqrt(16) + floor(2.7) + ceil(2.2)", 0, 12.0),
        Arguments.of("exp(0) + log(1)", 0, 1.0),
        Arguments.of("pow(2, 10)", 0, 1024.0),
        Arguments.of("min(3, 1, 2) + max(3, 1, 2)", 0, 4.0),
        Arguments.of("clamp(t, 10, 20)", 5, 10.0),
        Arguments.of("clamp(t, 10, 20)", 25, 20.0),
        Arguments.of("  1.02  ", 0, 1.02));
  }

  @ParameterizedTest(name = "{0} at t={1} = {2}")
  @MethodSource("expressions")
  void evaluatesExpressions(String text, int t, double expected) throws Exception {
    assertEquals(expected, Schedule.parse(text, Interpolation.LINEAR, FPS, TOTAL).at(t), 1e-12);
  }

  static Stream<Arguments> keyframes() {
    String keys = "0:(1.0), 100:(2.0), 200:(4.0)";
    String four = "0:(0), 10:(0), 20:(10), 30:(10)";
    return Stream.of(
        // linear: between keys a straight line, before/after the ends their values
        Arguments.of(keys, Interpolation.LINEAR, 0, 1.0),
        Arguments.of(keys, Interpolation.LINEAR, 50, 1.5),
        Arguments.of(keys, Interpolation.LINEAR, 150, 3.0),
        Arguments.of(keys, Interpolation.LINEAR, 239, 4.0),
        Arguments.of("20:(5), 40:(7)", Interpolation.LINEAR, 3, 5.0),
        // step: hold until the next key
        Arguments.of(keys, Interpolation.STEP, 99, 1.0),
        Arguments.of(keys, Interpolation.STEP, 100, 2.0),
        Arguments.of(keys, Interpolation.STEP, 199, 2.0),
        // cubic (Catmull-Rom): passes through keys, eases in between
        Arguments.of(keys, Interpolation.CUBIC, 100, 2.0),
        Arguments.of(four, Interpolation.CUBIC, 15, 5.0),
        Arguments.of(four, Interpolation.CUBIC, 12, 1.52),
        // expressions inside keys are evaluated at the frame being looked up
        Arguments.of("0:(1.0), 100:(t / 50)", Interpolation.LINEAR, 50, 1.0),
        Arguments.of("0:(1.0), 100:(t / 50)", Interpolation.LINEAR, 150, 3.0),
        // keys without parentheses work too, spacing is free
        Arguments.of("0: 1 ,10 :3", Interpolation.LINEAR, 5, 2.0),
        Arguments.of("0:(min(t, 5)), 10:(max(1, 2))", Interpolation.LINEAR, 0, 0.0));
  }

  @ParameterizedTest(name = "{0} ({1}) at t={2} = {3}")
  @MethodSource("keyframes")
  void interpolatesBetweenKeys(String text, Interpolation interp, int t, double expected)
      throws Exception {
    assertEquals(expected, Schedule.parse(text, interp, FPS, TOTAL).at(t), 1e-9);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("", "at position 1: expression ends too early in ''"),
        Arguments.of("1 +", "at position 4: expression ends too early in '1 +'"),
        Arguments.of("1.0.2", "at position 1: bad number '1.0.2' in '1.0.2'"),
        Arguments.of(
            "sn(t)",
            "at position 1: unknown function 'sn' (known: abs ahead ceil clamp cos exp"
                + " floor log max min pow pulse sin smooth sqrt tan) in 'sn(t)'"),
        Arguments.of("x + 1", "at position 1: unknown name 'x' (use t, s, T or pi) in 'x + 1'"),
        Arguments.of("(1 + 2", "at position 7: missing ')' in '(1 + 2'"),
        Arguments.of("pow(2)", "at position 1: pow takes 2 arguments, got 1 in 'pow(2)'"),
        Arguments.of("sin(1, 2)", "at position 1: sin takes 1 argument, got 2 in 'sin(1, 2)'"),
        Arguments.of("min(1, 2", "at position 9: missing ')' after arguments of min in 'min(1, 2'"),
        Arguments.of("2 3", "at position 3: unexpected '3' in '2 3'"),
        Arguments.of("1 $ 2", "at position 3: unexpected '$' in '1 $ 2'"),
        Arguments.of(
            "0:(1), 0:(2)",
            "at position 8: keyframes must be in increasing order, but 0 follows 0"
                + " in '0:(1), 0:(2)'"),
        Arguments.of("0:(1), 5", "at position 9: expected ':' after frame 5 in '0:(1), 5'"),
        Arguments.of(
            "0:(1) 10:(2)",
            "at position 7: unexpected '1' (keys are separated by ',') in '0:(1) 10:(2)'"),
        Arguments.of(
            "0:(1), x:(2)",
            "at position 8: expected a frame number (a whole number, 0 or more) in '0:(1), x:(2)'"),
        Arguments.of("0:", "at position 3: expression ends too early in '0:'"));
  }

  @org.junit.jupiter.api.Test
  void refusesExpressionsTooDeepOrTooLongToEvaluateSafely() {
    ScheduleException deep =
        assertThrows(
            ScheduleException.class,
            () ->
                Schedule.parse(
                    "(".repeat(100) + "1" + ")".repeat(100), Interpolation.LINEAR, FPS, TOTAL));
    assertEquals(65, deep.position());
    org.junit.jupiter.api.Assertions.assertTrue(
        deep.getMessage()
            .startsWith("at position 65: expression nested too deeply (more than 64 levels)"),
        deep.getMessage());
    ScheduleException longOne =
        assertThrows(
            ScheduleException.class,
            () -> Schedule.parse("1" + "-0".repeat(5000), Interpolation.LINEAR, FPS, TOTAL));
    org.junit.jupiter.api.Assertions.assertTrue(
        longOne.getMessage().contains("expression too long (more than 2000 operations)"),
        longOne.getMessage());
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("errors")
  void reportsPositionAndText(String text, String message) {
    ScheduleException e =
        assertThrows(
            ScheduleException.class, () -> Schedule.parse(text, Interpolation.LINEAR, FPS, TOTAL));
    assertEquals(message, e.getMessage());
  }
}
