package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectiveScheduleTest {
  @Test
  void oneSetWithWeightsAndChannels() throws Exception {
    ObjectiveSchedule s = ObjectiveSchedule.parseTargets("a/Relu6:0.5, b/Relu6#7, c", 30, false);
    assertEquals(
        List.of(Target.layer("a/Relu6"), new Target("b/Relu6", 7), Target.layer("c")), s.targets());
    assertArrayEquals(new float[] {0.5f, 1f, 1f}, s.weightsAt(0));
    assertArrayEquals(new float[] {0.5f, 1f, 1f}, s.weightsAt(1000));
  }

  @Test
  void keyedSetsCrossfadeOverTheGivenFrames() throws Exception {
    ObjectiveSchedule s =
        ObjectiveSchedule.parseTargets("0:L#1, 100:(L#2:2.0), 200:L#1", 10, false);
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
    ObjectiveSchedule s = ObjectiveSchedule.parseTargets("0:A, 10:B, 14:C", 10, false);
    float[] before = s.weightsAt(13);
    float[] at = s.weightsAt(14);
    // No jump: the first frame of the new fade moves only a tenth of the way to C.
    for (int i = 0; i < 3; i++) {
      assertTrue(Math.abs(at[i] - before[i]) <= 0.15, i + ": " + before[i] + " -> " + at[i]);
    }
  }

  @Test
  void noCrossfadeSwitchesAtTheKey() throws Exception {
    ObjectiveSchedule s = ObjectiveSchedule.parseTargets("0:A, 5:B", 0, false);
    assertArrayEquals(new float[] {1, 0}, s.weightsAt(4));
    assertArrayEquals(new float[] {0, 1}, s.weightsAt(5));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("", "at position 1: expected a layer name in ''"),
        Arguments.of("a#x", "at position 3: expected a channel number after '#' in 'a#x'"),
        Arguments.of(
            "a:heavy", "at position 3: expected a weight (a number) after 'a:' in 'a:heavy'"),
        Arguments.of(
            "0:a, 0:b",
            "at position 6: keyframes must be in increasing order, but 0 follows 0"
                + " in '0:a, 0:b'"),
        Arguments.of(
            "0:(a, b", "at position 8: missing ')' after the terms of frame 0 in '0:(a, b'"),
        Arguments.of("a, , b", "at position 4: expected a layer name but found ',' in 'a, , b'"));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("errors")
  void reportsPositionAndText(String text, String message) {
    ScheduleException e =
        assertThrows(ScheduleException.class, () -> ObjectiveSchedule.parseTargets(text, 0, false));
    assertEquals(message, e.getMessage());
  }

  @Test
  void filtersSugarReadsChannelTermsAndLayersSugarLayerTerms() throws Exception {
    assertEquals(
        List.of(new Term.Channel(new Target("L", 3)), new Term.Channel(Target.layer("M"))),
        ObjectiveSchedule.parseTargets("L#3, M", 0, true).terms());
    assertEquals(
        List.of(new Term.Layer(new Target("L", 3))),
        ObjectiveSchedule.parseTargets("L#3", 0, false).terms());
  }

  @Test
  void anObjectiveIsAWeightedSumOfEveryKindOfTerm() throws Exception {
    Path dir = Path.of("/presets");
    ObjectiveSchedule s =
        ObjectiveSchedule.parseObjective(
            "layer(conv2d_9) + 0.5*class(banana) - 0.01*tv + neuron(a/b#7) + channel(c#2) + class(955)"
                + " + guide(art/g.jpg, conv2d_5) + 2*style(../s.png, conv2d_3, conv2d_5) + 1e-2*content(x) - l2",
            0,
            dir);
    assertEquals(
        List.of(
            new Term.Layer(Target.layer("conv2d_9")),
            new Term.ClassLogit("banana", -1),
            new Term.TotalVariation(),
            new Term.Neuron(new Target("a/b", 7)),
            new Term.Channel(new Target("c", 2)),
            new Term.ClassLogit(null, 955),
            new Term.Guide(Path.of("/presets/art/g.jpg"), "conv2d_5"),
            new Term.Style(Path.of("/s.png"), List.of("conv2d_3", "conv2d_5")),
            new Term.Content("x"),
            new Term.L2()),
        s.terms());
    assertArrayEquals(
        new float[] {1, 0.5f, -0.01f, 1, 1, 1, 1, 2, 0.01f, -1}, s.weightsAt(0), 1e-7f);
  }

  @Test
  void keyedObjectivesCrossfadeTheirWeightsLikeTargets() throws Exception {
    ObjectiveSchedule s =
        ObjectiveSchedule.parseObjective(
            "0:(layer(conv2d_9) + 0.5*class(banana)), 150:(style(art/starry.jpg, conv2d_3, conv2d_5)"
                + " + 2*content(conv2d_9) - 0.01*tv)",
            30,
            Path.of("/p"));
    assertEquals(5, s.terms().size());
    assertArrayEquals(new float[] {1, 0.5f, 0, 0, 0}, s.weightsAt(149));
    assertArrayEquals(new float[] {0.5f, 0.25f, 0.5f, 1f, -0.005f}, s.weightsAt(164), 1e-6f);
    assertArrayEquals(new float[] {0, 0, 1, 2, -0.01f}, s.weightsAt(179), 1e-6f);
    assertEquals(
        List.of(Target.layer("conv2d_9"), Target.layer("conv2d_3"), Target.layer("conv2d_5")),
        s.targets(),
        "the layers every term reads, once each");
  }

  static Stream<Arguments> objectiveErrors() {
    return Stream.of(
        Arguments.of("", "at position 1: expected a term such as layer(L)"),
        Arguments.of("layr(a)", "at position 1: unknown term 'layr' (did you mean 'layer'?)"),
        Arguments.of("layer(a", "at position 8: missing ')' after the arguments of layer"),
        Arguments.of("0.5 layer(a)", "at position 5: expected '*' between the weight and its term"),
        Arguments.of("neuron(a)", "at position 8: neuron(...) needs a channel"),
        Arguments.of("style(x.jpg)", "at position 12: expected ', layer' after the style image"),
        Arguments.of("layer(a) + ", "at position 12: expected a term such as layer(L)"),
        Arguments.of("0:(layer(a)), 9:layer(b)", "at position 17: expected '(' after frame 9"),
        Arguments.of("1e9*tv", "at position 4: weight 1.0E9 is out of range"),
        Arguments.of("layer(a) layer(b)", "at position 10: unexpected 'l'"));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("objectiveErrors")
  void objectiveErrorsNameThePosition(String text, String message) {
    ScheduleException e =
        assertThrows(
            ScheduleException.class,
            () -> ObjectiveSchedule.parseObjective(text, 0, Path.of("/p")));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
