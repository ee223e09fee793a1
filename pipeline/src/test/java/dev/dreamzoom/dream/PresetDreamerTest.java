package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PresetDreamerTest {
  @Test
  void frameSeedsDifferPerFrameAndAreStable() {
    assertEquals(PresetDreamer.frameSeed(42, 7), PresetDreamer.frameSeed(42, 7));
    assertEquals(100, IntStream.range(0, 100).mapToLong(t -> PresetDreamer.frameSeed(42, t)).distinct().count());
  }
}
