package dev.dreamzoom.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class MarginsTest {
  @Test
  void assertsTheLimitAndRecordsTheMarginOnBothSides() throws Exception {
    Margins.atMost("a figure under its limit", 0.8, 1.0);
    Margins.atLeast("a figure over its limit", 1.5, 1.0);
    Margins.near("a figure near", 1.01, 1.0, 0.02);
    assertThrows(AssertionFailedError.class, () -> Margins.atMost("over", 1.2, 1.0));
    assertThrows(AssertionFailedError.class, () -> Margins.atLeast("under", 0.9, 1.0));
    assertThrows(AssertionFailedError.class, () -> Margins.near("far", 1.03, 1.0, 0.02));
    String cap = System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "native");
    String tsv = Files.readString(Path.of("target", "margins-" + cap + ".tsv"));
    assertTrue(
        tsv.contains(
            "MarginsTest.assertsTheLimitAndRecordsTheMarginOnBothSides\ta figure under its limit"
                + "\t0.800000\t1.00000\t20.0%"),
        tsv);
    assertTrue(tsv.contains("\ta figure near\t1.01000\t1.00000\t50.0%"), tsv);
    assertTrue(tsv.contains("\tover\t1.20000\t1.00000\t-20.0%"), tsv);
  }
}
