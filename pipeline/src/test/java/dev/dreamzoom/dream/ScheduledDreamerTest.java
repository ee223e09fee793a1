package dev.dreamzoom.dream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScheduledDreamerTest {
  @Test
  void frameSeedsDifferPerFrameAndAreStable() {
    assertEquals(ScheduledDreamer.frameSeed(42, 7), ScheduledDreamer.frameSeed(42, 7));
    assertEquals(
        100,
        IntStream.range(0, 100)
            .mapToLong(t -> ScheduledDreamer.frameSeed(42, t))
            .distinct()
            .count());
  }
}
