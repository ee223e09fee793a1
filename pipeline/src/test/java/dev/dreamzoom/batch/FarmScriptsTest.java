package dev.dreamzoom.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The farm scripts' command lines, with a stand-in {@code dreamzoom} that records its arguments:
 * the Slurm script's shard arithmetic and errors, and the Kubernetes Job passing exactly what the
 * Slurm script passes. (The Slurm script itself runs on a real cluster in SlurmArrayTest.)
 */
class FarmScriptsTest {
  @TempDir Path dir;

  /** A fake checkout whose scripts/dreamzoom prints its arguments, one per line. */
  private Path fakeHome() throws Exception {
    Path scripts = Files.createDirectories(dir.resolve("home/scripts"));
    Path launcher = scripts.resolve("dreamzoom");
    Files.writeString(launcher, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir.resolve("home");
  }

  private record Run(int code, String out) {}

  private Run sh(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.startsWith("DREAMZOOM_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  private Run slurmTask(String id, String count, String shards, String... extra) throws Exception {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of("DREAMZOOM_HOME", fakeHome().toString(), "SLURM_CPUS_PER_TASK", "2"));
    if (id != null) {
      env.put("SLURM_ARRAY_TASK_ID", id);
      env.put("SLURM_ARRAY_TASK_COUNT", count);
      env.put("SLURM_ARRAY_TASK_STEP", "1");
    }
    if (shards != null) {
      env.put("DREAMZOOM_SHARDS", shards);
    }
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("bash", "scripts/slurm-array.sh", "/renders/queue.txt", "/renders/output"));
    cmd.addAll(List.of(extra));
    return sh(env, cmd.toArray(String[]::new));
  }

  private static String batchLine(Run r) {
    List<String> lines = r.out().lines().toList();
    int start = lines.indexOf("batch");
    assertTrue(start >= 0, r.out());
    return String.join(" ", lines.subList(start, lines.size()));
  }

  @Test
  void slurmTasksMapToShardsWhateverTheArrayBase() throws Exception {
    // --array=1-4: task t is shard t; --array=0-3: the four IDs still cover the four shards once.
    for (String[] c :
        new String[][] {{"1", "1/4"}, {"2", "2/4"}, {"4", "4/4"}, {"0", "4/4"}, {"3", "3/4"}}) {
      Run r = slurmTask(c[0], "4", null);
      assertEquals(0, r.code(), r.out());
      assertTrue(batchLine(r).contains("--shard " + c[1] + " "), c[0] + ": " + r.out());
    }
  }

  @Test
  void aResubmittedTaskKeepsItsShardAndAOneTaskArrayWithoutTheCountIsRefused() throws Exception {
    Run again = slurmTask("2", "1", "4");
    assertEquals(0, again.code(), again.out());
    assertTrue(batchLine(again).contains("--shard 2/4 "), again.out());

    Run alone = slurmTask("2", "1", null);
    assertEquals(1, alone.code(), alone.out());
    assertTrue(alone.out().contains("DREAMZOOM_SHARDS=4 sbatch --array=2"), alone.out());

    Run bad = slurmTask("2", "1", "four");
    assertEquals(1, bad.code(), bad.out());
    assertTrue(
        bad.out().contains("DREAMZOOM_SHARDS must be a positive whole number, got 'four'"),
        bad.out());
  }

  @Test
  void withoutAnArrayTheWholeQueueIsRenderedAndOptionsPassThrough() throws Exception {
    Run r = slurmTask(null, null, null, "--lock-stale-after", "900", "--threads", "8");
    assertEquals(0, r.code(), r.out());
    assertEquals(
        "batch /renders/queue.txt --output /renders/output --lock-stale-after 900 --threads 8",
        batchLine(r),
        "no --shard, and the user's --threads replaces the default");
  }

  @Test
  void missingCheckoutIsNamed() throws Exception {
    Path lonely = Files.createDirectories(dir.resolve("spool"));
    Files.copy(Path.of("scripts/slurm-array.sh"), lonely.resolve("slurm_script"));
    Run r =
        sh(
            Map.of("SLURM_SUBMIT_DIR", dir.toString()),
            "bash",
            lonely.resolve("slurm_script").toString(),
            "q",
            "o");
    assertEquals(1, r.code(), r.out());
    assertTrue(
        r.out().contains("cannot find the dreamzoom checkout")
            && r.out().contains("DREAMZOOM_HOME"),
        r.out());
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesJobIsAnIndexedJobPassingWhatTheSlurmScriptPasses() throws Exception {
    Map<String, Object> job;
    try (var in = Files.newInputStream(Path.of("scripts/k8s-indexed-job.yaml"))) {
      job = new Yaml().load(in);
    }
    assertEquals("batch/v1", job.get("apiVersion"));
    assertEquals("Job", job.get("kind"));
    Map<String, Object> spec = (Map<String, Object>) job.get("spec");
    assertEquals("Indexed", spec.get("completionMode"));
    Map<String, Object> pod =
        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    Map<String, String> env = new java.util.HashMap<>();
    for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
      env.put((String) e.get("name"), (String) e.get("value"));
    }
    String shards = env.get("DREAMZOOM_SHARDS");
    assertEquals(spec.get("completions").toString(), shards, "one shard per completion index");
    assertEquals(spec.get("parallelism").toString(), shards);

    // Pod index 1 runs its command with the checkout at /opt/dreamzoom; here the fake one.
    List<String> command = (List<String>) container.get("command");
    String args =
        ((List<String>) container.get("args"))
            .get(0)
            .replace("/opt/dreamzoom", fakeHome().toString());
    env.put("JOB_COMPLETION_INDEX", "1");
    List<String> cmd = new java.util.ArrayList<>(command);
    cmd.add(args);
    Run pod1 = sh(env, cmd.toArray(String[]::new));
    assertEquals(0, pod1.code(), pod1.out());

    Run task2 = slurmTask("2", shards, null, "--model-mirror", "/renders/models");
    assertEquals(
        batchLine(task2), batchLine(pod1), "the pod and the Slurm task run the same command");
    assertTrue(batchLine(pod1).contains("--shard 2/" + shards + " "), pod1.out());
  }
}
