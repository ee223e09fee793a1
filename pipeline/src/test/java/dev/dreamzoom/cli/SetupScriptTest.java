package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/setup} as a newcomer runs it with its output going to a log: one line per phase,
 * no escape codes, and a launcher that works. Run on a copy of the checkout, so the build under
 * test is not rebuilt while the tests run.
 */
@Tag("slow")
class SetupScriptTest {
  @TempDir Path dir;

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @Test
  void setupSaysWhatItDoesWithoutEscapeCodesAndBuildsAWorkingLauncher() throws Exception {
    Path copy = dir.resolve("checkout");
    for (String part : List.of("pom.xml", "pipeline/src/main", "config", "scripts")) {
      Path from = Path.of(part);
      if (Files.isDirectory(from)) {
        copy(from, copy.resolve(part));
      } else {
        Files.createDirectories(copy.resolve(part).getParent());
        Files.copy(from, copy.resolve(part));
      }
    }
    Path log = dir.resolve("setup.log");
    Process p =
        new ProcessBuilder("bash", "scripts/setup")
            .directory(copy.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "setup finished");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertFalse(out.contains("\u001b"), "no escape codes: " + out);
    List<String> lines = out.lines().toList();
    assertTrue(lines.size() >= 3, out);
    assertTrue(lines.stream().allMatch(l -> l.startsWith("setup: ")), "one line per phase: " + out);
    assertTrue(
        lines
            .get(lines.size() - 1)
            .matches("setup: built in \\d+ s\\. Try: scripts/dreamzoom --help"),
        out);
    assertFalse(
        Files.readString(copy.resolve("target/setup.log")).contains("\u001b"),
        "nor in Maven's log");

    Process v =
        new ProcessBuilder("bash", "scripts/dreamzoom", "--version")
            .directory(copy.toFile())
            .redirectErrorStream(true)
            .start();
    String version = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, v.waitFor(), version);
    assertTrue(version.lines().anyMatch(l -> l.startsWith("dreamzoom ")), version);
  }
}
