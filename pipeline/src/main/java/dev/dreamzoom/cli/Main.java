package dev.dreamzoom.cli;

/** The {@code dreamzoom} program; all logic lives in {@link Cli#run} so it can be tested. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Before any native library loads, so every one is unpacked into the dreamzoom cache.
    dev.dreamzoom.model.Natives.configureCaches();
    Context context = new Context(Interrupts.install(System.err), System.console() != null);
    System.exit(new Cli(context).run(args, System.out, System.err));
  }
}
