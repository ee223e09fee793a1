package dev.dreamzoom.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Asserts a measured figure against its limit and writes the margin between them to {@code
 * target/margins-<cap>.tsv} (the cap is {@code ONEDNN_MAX_CPU_ISA}, or {@code native}), so a run
 * under each oneDNN cap shows which asserts stand close to their limits on which CPU family. The
 * margin is the distance to the limit as a fraction of the limit (of the tolerance for {@link
 * #near}); a failing assert has a negative one.
 */
public final class Margins {
  private Margins() {}

  /** Asserts {@code measured <= limit}. */
  public static void atMost(String what, double measured, double limit) {
    record(what, measured, limit, (limit - measured) / Math.abs(limit));
    assertTrue(measured <= limit, what + ": " + measured + ", at most " + limit);
  }

  /** Asserts {@code measured >= limit}. */
  public static void atLeast(String what, double measured, double limit) {
    record(what, measured, limit, (measured - limit) / Math.abs(limit));
    assertTrue(measured >= limit, what + ": " + measured + ", at least " + limit);
  }

  /** Asserts {@code |measured - expected| <= tolerance}. */
  public static void near(String what, double measured, double expected, double tolerance) {
    record(what, measured, expected, 1 - Math.abs(measured - expected) / tolerance);
    assertTrue(
        Math.abs(measured - expected) <= tolerance,
        what + ": " + measured + ", expected " + expected + " +- " + tolerance);
  }

  private static void record(String what, double measured, double limit, double margin) {
    String cap = System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "native");
    String line =
        String.format(
            Locale.ROOT,
            "%s\t%s\t%s\t%.6g\t%.6g\t%.1f%%%n",
            cap,
            caller(),
            what,
            measured,
            limit,
            100 * margin);
    Path file = Path.of("target", "margins-" + cap + ".tsv");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String caller() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(f -> f.getClassName().endsWith("Test"))
                    .map(
                        f ->
                            f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1)
                                + "."
                                + f.getMethodName())
                    .findFirst()
                    .orElse("?"));
  }
}
