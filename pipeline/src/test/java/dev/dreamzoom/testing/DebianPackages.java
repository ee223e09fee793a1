package dev.dreamzoom.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian packages a test needs (a real Slurm, a real browser), installed by the test itself when
 * missing, as CI does on a fresh machine where it runs as root. When they cannot be installed the
 * test is aborted, which JUnit reports as skipped with the reason, never as passed.
 */
public final class DebianPackages {
  private DebianPackages() {}

  /**
   * Makes sure every command in {@code commands} is on the PATH, installing {@code packages} with
   * apt-get if one is not.
   */
  public static void require(List<String> commands, String... packages) {
    require(() -> commands.stream().allMatch(DebianPackages::onPath), packages);
  }

  /** Makes sure {@code file} exists (data a package ships), installing {@code packages} if not. */
  public static void requireFile(Path file, String... packages) {
    require(() -> Files.exists(file), packages);
  }

  private static void require(java.util.function.BooleanSupplier present, String... packages) {
    if (present.getAsBoolean()) {
      return;
    }
    String wanted = String.join(" ", packages);
    Required.orSkip(
        ProcessHandle.current().info().user().map("root"::equals).orElse(false)
            && onPath("apt-get"),
        "needs Debian packages "
            + wanted
            + " and can install them only as root"
            + " with apt-get; skipped");
    String log = aptGet("install", packages);
    if (!present.getAsBoolean()) {
      // A fresh machine may have no package lists yet.
      log += aptGet("update");
      log += aptGet("install", packages);
    }
    String tail = log.length() > 2000 ? log.substring(log.length() - 2000) : log;
    Required.orSkip(
        present.getAsBoolean(),
        "could not install Debian packages " + wanted + "; skipped. apt-get said:\n" + tail);
  }

  public static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    // Daemons live in sbin, which a non-login PATH may lack.
    return Files.isExecutable(Path.of("/usr/sbin", command));
  }

  private static String aptGet(String verb, String... packages) {
    List<String> cmd =
        new ArrayList<>(List.of("apt-get", verb, "-y", "-q", "--no-install-recommends"));
    if (!verb.equals("install")) {
      cmd = new ArrayList<>(List.of("apt-get", verb, "-q"));
    }
    cmd.addAll(List.of(packages));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }
}
