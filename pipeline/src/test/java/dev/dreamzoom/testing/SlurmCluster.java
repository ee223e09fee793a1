package dev.dreamzoom.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real single-node Slurm cluster for one test: munged, slurmctld and slurmd from Debian's
 * packages, started in the foreground with a configuration, key, sockets, state and logs all in one
 * temporary folder and on free ports, so that nothing on the machine is touched. The node claims 4
 * CPUs (the machine may have 2) so that two 2-CPU array tasks run side by side. Closing cancels
 * every job and stops the daemons by PID.
 */
public final class SlurmCluster implements AutoCloseable {
  private static final Pattern SUBMITTED = Pattern.compile("Submitted batch job (\\d+)");

  private final Path dir;
  private final List<Process> daemons = new ArrayList<>();

  private SlurmCluster(Path dir) {
    this.dir = dir;
  }

  /** Installs the packages if needed (or aborts the test) and starts the cluster in {@code dir}. */
  public static SlurmCluster start(Path dir) throws Exception {
    DebianPackages.require(
        List.of("sbatch", "squeue", "scancel", "slurmctld", "slurmd", "munged"),
        "slurm-wlm",
        "munge");
    Files.createDirectories(dir.resolve("state"));
    Files.createDirectories(dir.resolve("spool"));
    Path key = dir.resolve("munge.key");
    byte[] secret = new byte[1024];
    new SecureRandom().nextBytes(secret);
    Files.write(key, secret);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    String host = run(dir, Map.of(), "hostname", "-s").strip();
    Files.writeString(
        dir.resolve("slurm.conf"),
        """
        ClusterName=dreamzoomtest
        SlurmctldHost=%1$s
        SlurmctldPort=%2$d
        SlurmdPort=%3$d
        SlurmUser=root
        SlurmdUser=root
        AuthType=auth/munge
        AuthInfo=socket=%4$s/munge.sock
        CredType=cred/munge
        StateSaveLocation=%4$s/state
        SlurmdSpoolDir=%4$s/spool
        SlurmctldPidFile=%4$s/slurmctld.pid
        SlurmdPidFile=%4$s/slurmd.pid
        SlurmctldLogFile=%4$s/slurmctld.log
        SlurmdLogFile=%4$s/slurmd.log
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        JobAcctGatherType=jobacct_gather/none
        AccountingStorageType=accounting_storage/none
        JobCompType=jobcomp/none
        MpiDefault=none
        SelectType=select/cons_tres
        SelectTypeParameters=CR_CPU
        SlurmdParameters=config_overrides
        ReturnToService=2
        KillWait=5
        MinJobAge=600
        NodeName=%1$s CPUs=4 RealMemory=16000 State=UNKNOWN
        PartitionName=test Nodes=%1$s Default=YES MaxTime=INFINITE State=UP
        """
            .formatted(host, freePort(), freePort(), dir));
    SlurmCluster c = new SlurmCluster(dir);
    try {
      c.daemon(
          "munged",
          "munged",
          "-F",
          "-f",
          "--key-file=" + key,
          "--socket=" + dir.resolve("munge.sock"),
          "--log-file=" + dir.resolve("munged.log"),
          "--pid-file=" + dir.resolve("munged.pid"),
          "--seed-file=" + dir.resolve("munged.seed"));
      c.await(
          () -> Files.exists(dir.resolve("munge.sock")), "munged's socket", Duration.ofSeconds(20));
      c.daemon("slurmctld", "slurmctld", "-D", "-i", "-f", dir.resolve("slurm.conf").toString());
      c.daemon("slurmd", "slurmd", "-D", "-f", dir.resolve("slurm.conf").toString());
      c.await(
          () -> c.run("sinfo", "-h", "-o", "%T").strip().equals("idle"),
          "the node to be idle",
          Duration.ofSeconds(60));
      return c;
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
  }

  /** What a client needs to reach this cluster: its configuration file. */
  public Map<String, String> env() {
    return Map.of("SLURM_CONF", dir.resolve("slurm.conf").toString());
  }

  /**
   * Runs {@code sbatch args} in {@code workDir} with this environment added to the test's.
   *
   * @return the job ID
   */
  public String sbatch(Path workDir, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sbatch"));
    cmd.addAll(List.of(args));
    String out = run(workDir, env, cmd.toArray(String[]::new));
    Matcher m = SUBMITTED.matcher(out);
    if (!m.find()) {
      throw new AssertionError("sbatch did not submit: " + out);
    }
    return m.group(1);
  }

  /** Waits until no task of {@code job} is pending or running. */
  public void awaitEnd(String job, Duration limit) throws Exception {
    await(() -> run("squeue", "-h", "-j", job).isBlank(), "job " + job + " to end", limit);
  }

  /** The state Slurm recorded for each task of {@code job}, e.g. {@code 3_1 COMPLETED 0:0}. */
  public String jobStates(String job) throws Exception {
    return run("scontrol", "-o", "show", "job", job);
  }

  public String run(String... cmd) throws Exception {
    return run(dir, env(), cmd);
  }

  private static String run(Path workDir, Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(resolve(cmd)).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  /** Daemons live in /usr/sbin, which a non-login PATH may lack. */
  private static List<String> resolve(String... cmd) {
    List<String> c = new ArrayList<>(List.of(cmd));
    Path sbin = Path.of("/usr/sbin", c.get(0));
    if (Files.isExecutable(sbin)) {
      c.set(0, sbin.toString());
    }
    return c;
  }

  private void daemon(String name, String... cmd) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(resolve(cmd))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".out").toFile());
    pb.environment().putAll(env());
    daemons.add(pb.start());
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private void await(Check check, String what, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    Exception last = null;
    while (System.nanoTime() < end) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      for (Process p : daemons) {
        if (!p.isAlive()) {
          throw new AssertionError(
              "a Slurm daemon exited while waiting for " + what + ": " + logs());
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "timed out waiting for "
            + what
            + (last == null ? "" : " (" + last.getMessage() + ")")
            + ": "
            + logs());
  }

  /** The daemons' logs, for a failure message. */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    for (String f :
        List.of("munged.out", "slurmctld.log", "slurmctld.out", "slurmd.log", "slurmd.out")) {
      try {
        String s = Files.readString(dir.resolve(f), StandardCharsets.UTF_8);
        sb.append("\n--- ")
            .append(f)
            .append('\n')
            .append(s.length() > 3000 ? s.substring(s.length() - 3000) : s);
      } catch (IOException ignored) {
        // Not written (yet).
      }
    }
    return sb.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (daemons.size() == 3) {
        run("scancel", "--partition=test");
        await(() -> run("squeue", "-h").isBlank(), "every job to end", Duration.ofSeconds(30));
      }
    } catch (Exception | AssertionError ignored) {
      // The daemons are stopped below either way.
    }
    // slurmd first, with its job processes (slurmstepd and what they run), then the rest.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
