package dev.dreamzoom.cli;

/** The {@code dreamzoom} program; all logic lives in {@link Cli#run} so it can be tested. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new Cli().run(args, System.out, System.err));
  }
}
