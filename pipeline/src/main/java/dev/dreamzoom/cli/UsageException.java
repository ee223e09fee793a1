package dev.dreamzoom.cli;

/** The command line itself is wrong (exit code 2). */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
