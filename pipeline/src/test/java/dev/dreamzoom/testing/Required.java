package dev.dreamzoom.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where a test may skip: when something it needs cannot be had here (a Debian package that will not
 * install, no root for a mount). With {@code -Ddreamzoom.requireAll=true}, which {@code .ci/run}
 * sets (CI runs as root on a machine where every such package installs), it fails instead, so
 * nothing is silently skipped there.
 */
public final class Required {
  public static final String PROPERTY = "dreamzoom.requireAll";

  private Required() {}

  /** Skips the test unless {@code condition}, or fails it when everything is required. */
  public static void orSkip(boolean condition, String why) {
    if (Boolean.getBoolean(PROPERTY)) {
      Assertions.assertTrue(
          condition, why + " (-D" + PROPERTY + "=true: a skip is a failure here)");
    }
    Assumptions.assumeTrue(condition, why);
  }
}
