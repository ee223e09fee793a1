package dev.dreamzoom.cli;

import dev.dreamzoom.testing.Shared;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real program in a separate JVM, as a user (or a crash) would meet it. */
final class Subprocess {
  private Subprocess() {}

  /**
   * Renders {@code preset} into {@code out} in its own JVM until it holds at {@code hold} (as
   * {@code -Ddreamzoom.test.hold} reads it: {@code png:6} is after frame 6's PNG, before its
   * checkpoint), then kills it with -9, as a crash would, and removes its hold marker.
   *
   * @param name the render's name: its folder under {@code out}
   */
  static void renderKilledAt(String hold, Path preset, Path out, String name, Path log)
      throws Exception {
    Process p =
        start(
            log,
            List.of("-Ddreamzoom.test.hold=" + hold),
            "render",
            preset.toString(),
            "--output",
            out.toString());
    Path held = out.resolve(name).resolve("held");
    dev.dreamzoom.testing.Held.await(held, p, log);
    p.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    java.nio.file.Files.delete(held);
  }

  /**
   * Kills a render of {@code preset} at {@code hold} ({@link #renderKilledAt}), resumes it in this
   * JVM, and asserts that it said so and that every frame equals, byte for byte, those of the
   * uninterrupted render under {@code reference}.
   *
   * @param work a folder for the killed render and its log
   */
  static void assertResumesExactly(String hold, Path preset, String name, Path reference, Path work)
      throws Exception {
    Path killed = work.resolve("killed");
    renderKilledAt(hold, preset, killed, name, work.resolve("killed.log"));
    CliTest.Run resumed = CliTest.render(preset, killed);
    org.junit.jupiter.api.Assertions.assertEquals(0, resumed.code(), resumed.err());
    org.junit.jupiter.api.Assertions.assertTrue(resumed.out().contains("resuming"), resumed.out());
    List<Path> want = pngs(reference.resolve(name).resolve("frames"));
    List<Path> got = pngs(killed.resolve(name).resolve("frames"));
    org.junit.jupiter.api.Assertions.assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          java.nio.file.Files.readAllBytes(want.get(i)),
          java.nio.file.Files.readAllBytes(got.get(i)),
          "frame " + (i + 1));
    }
  }

  private static List<Path> pngs(Path frames) throws IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(frames)) {
      return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
  }

  static Process start(Path log, String... args) throws IOException {
    return start(log, List.of(), args);
  }

  static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
    return start(log, jvmOptions, java.util.Map.of(), args);
  }

  static Process start(
      Path log, List<String> jvmOptions, java.util.Map<String, String> env, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    // A test run started in the background (a CI script, a shell's &) passes SIGINT on ignored
    // (SigIgn in /proc/PID/status), and a JVM started so keeps ignoring it, as a user's terminal
    // never would: env restores the default and then becomes the JVM (the same PID).
    cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    if (!List.of(args).contains("--model-mirror") && takesMirror(args[0])) {
      cmd.add("--model-mirror");
      cmd.add(Shared.models().toString());
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "1");
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Whether command {@code name} has a {@code --model-mirror} option. */
  private static boolean takesMirror(String name) {
    return new Cli()
        .commands().stream()
            .anyMatch(c -> c.name().equals(name) && c.options().hasLongOption("model-mirror"));
  }
}
