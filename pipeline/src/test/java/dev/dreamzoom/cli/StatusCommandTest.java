package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Held;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The morning report over a real output folder with one render in each state. */
@Tag("slow")
class StatusCommandTest {
  @TempDir Path dir;

  private Path preset(String name, int frames) throws Exception {
    Path p = dir.resolve(name + ".properties");
    Files.writeString(
        p,
        """
        name = %s
        width = 96
        height = 64
        frames = %d
        dream.octaves = 1
        dream.iterations = 2
        encode.preset = ultrafast
        """
            .formatted(name, frames));
    return p;
  }

  private CliTest.Run render(String name, int frames, String... extra) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "render",
                preset(name, frames).toString(),
                "--output",
                dir.resolve("out").toString(),
                "--model-mirror",
                Shared.models().toString()));
    args.addAll(List.of(extra));
    return CliTest.run(args.toArray(String[]::new));
  }

  private static String line(String table, String name) {
    return table
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + name + ":\n" + table));
  }

  @Test
  void everyRenderIsReportedWithItsState() throws Exception {
    Path out = dir.resolve("out");
    assertEquals(0, render("done", 4).code());
    // Partial: a render killed after frame 3 of 12.
    Process killed =
        Subprocess.start(
            dir.resolve("k.log"),
            List.of("-Ddreamzoom.test.hold=frame:3"),
            "render",
            preset("cut", 12).toString(),
            "--output",
            out.toString());
    Held.await(out.resolve("cut/held"), killed, dir.resolve("k.log"));
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Files.delete(out.resolve("cut/held"));
    // Failed: its preset was edited, so the resume stopped with a reason.
    assertEquals(0, render("broken", 6, "--frames", "2").code());
    Files.writeString(
        preset("broken", 6), "motion.zoom = 1.1\n", java.nio.file.StandardOpenOption.APPEND);
    assertEquals(
        1,
        CliTest.run(
                "render",
                dir.resolve("broken.properties").toString(),
                "--output",
                out.toString(),
                "--model-mirror",
                Shared.models().toString())
            .code());
    // Damaged: its latest checkpoint was cut short.
    assertEquals(0, render("torn", 6, "--frames", "2").code());
    Files.write(out.resolve("torn/state/checkpoint.bin"), new byte[] {1, 2, 3});
    // In progress: held after frame 2 while the report is taken.
    Process live =
        Subprocess.start(
            dir.resolve("l.log"),
            List.of("-Ddreamzoom.test.hold=frame:2"),
            "render",
            preset("live", 10).toString(),
            "--output",
            out.toString());
    try {
      Held.await(out.resolve("live/held"), live, dir.resolve("l.log"));
      CliTest.Run status = CliTest.run("status", out.toString());
      assertEquals(0, status.code(), status.err());
      String t = status.out();
      assertTrue(line(t, "done").matches("done\\s+finished\\s+4/4 .*"), t);
      assertTrue(line(t, "cut").matches("cut\\s+partial\\s+3/12 .*"), t);
      assertTrue(line(t, "broken").matches("broken\\s+failed\\s+.*different version of .*"), t);
      assertTrue(
          line(t, "torn")
              .matches("torn\\s+damaged\\s+2/2 .*damaged checkpoint.*dreamzoom repair .*"),
          t);
      assertTrue(
          line(t, "live")
              .matches(
                  "live\\s+in progress\\s+2/10\\s+\\S+\\s+\\S+\\s+process "
                      + live.pid()
                      + " on .*heartbeat \\d+ s ago"),
          t);
      assertTrue(t.contains("5 renders, 1 finished; time left at their pace: "), t);

      // With the queue: a preset not started yet is waiting, its ETA at the others' pace.
      Path queue = Files.createDirectories(dir.resolve("queue"));
      Files.copy(preset("done", 4), queue.resolve("done.properties"));
      Files.copy(preset("later", 20), queue.resolve("later.properties"));
      CliTest.Run withQueue = CliTest.run("status", out.toString(), "--queue", queue.toString());
      assertEquals(0, withQueue.code(), withQueue.err());
      assertTrue(
          line(withQueue.out(), "later")
              .matches("later\\s+waiting\\s+0/20\\s+\\d+\\.\\d\\d\\s+\\S+\\s+not started"),
          withQueue.out());
      assertEquals(
          1, withQueue.out().lines().filter(l -> l.startsWith("done ")).count(), withQueue.out());
      assertTrue(withQueue.out().contains("6 renders, 1 finished"), withQueue.out());
    } finally {
      live.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
