package dev.dreamzoom.cli;

import java.io.PrintStream;
import org.apache.commons.cli.Options;

/** One subcommand of the CLI. */
interface Command {
  String name();

  /** The argument synopsis after the command name, e.g. {@code PRESET [options]}. */
  String synopsis();

  String summary();

  Options options();

  /** Runs with the command's own arguments; returns the exit code. */
  int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
