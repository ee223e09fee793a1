package dev.dreamzoom.cli;

import dev.dreamzoom.media.EncodeException;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.preset.PresetException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.HelpFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code dreamzoom COMMAND ...}. Exit codes: 0 success, 1 a runtime failure or an
 * invalid preset/model/file, 2 a usage error. User errors print one message, never a stack trace.
 */
public final class Cli {
  private static final Logger log = LoggerFactory.getLogger(Cli.class);

  private final List<Command> commands;

  /** A CLI without signal handling and with plain progress lines (tests, embedding). */
  public Cli() {
    this(Context.plain());
  }

  Cli(Context context) {
    this.commands =
        List.of(
            new RenderCommand(context),
            new BatchCommand(context),
            new EncodeCommand(),
            new VerifyCommand(),
            new RepairCommand(),
            new StatusCommand(),
            new PreviewCommand(),
            new SheetCommand(),
            new DreamCommand(),
            new LayersCommand(),
            new AtlasCommand(),
            new ClassifyCommand(),
            new MapsCommand(),
            new KeysCommand(),
            new ModelsCommand(),
            new BenchCommand(),
            new AudioCommand());
  }

  /** The commands, in the order the help lists them. */
  List<Command> commands() {
    return commands;
  }

  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      if (args.length == 0) {
        printUsage(err);
        return 2;
      }
      printUsage(out);
      return 0;
    }
    if (args[0].equals("--version") || args[0].equals("-V")) {
      out.println("dreamzoom " + version());
      out.println(dev.dreamzoom.app.Version.libraries());
      return 0;
    }
    Command command =
        commands.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
    if (command == null) {
      List<String> names = commands.stream().map(Command::name).toList();
      List<String> near = dev.dreamzoom.preset.Names.closest(args[0], names, 1);
      err.println(
          "error: unknown command '"
              + args[0]
              + "'"
              + (near.isEmpty() ? "" : " (did you mean '" + near.get(0) + "'?)")
              + "; commands: "
              + String.join(", ", names));
      printUsage(err);
      return 2;
    }
    String[] rest =
        Arrays.stream(args, 1, args.length)
            .filter(a -> !a.equals("--verbose"))
            .toArray(String[]::new);
    dev.dreamzoom.media.FfmpegLog.verbose(rest.length < args.length - 1);
    if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
      printHelp(command, out);
      return 0;
    }
    try {
      return command.run(rest, out, err);
    } catch (UsageException e) {
      err.println("error: dreamzoom " + command.name() + ": " + e.getMessage());
      err.println(
          "usage: dreamzoom "
              + command.name()
              + " "
              + command.synopsis()
              + "   (dreamzoom "
              + command.name()
              + " --help for details)");
      return 2;
    } catch (PresetException | ModelException | EncodeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (java.io.UncheckedIOException e) {
      // A file that fails part-way through work (a video that decodes only so far) names itself.
      err.println("error: " + e.getCause().getMessage());
      return 1;
    } catch (dev.dreamzoom.model.NetworkFailure e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (OutOfMemoryError e) {
      // Sizes are checked against memory before work starts; this is what the estimate missed.
      log.debug("out of memory", e);
      err.println(
          "error: out of memory ("
              + e.getMessage()
              + "): this work needs more than the process may"
              + " use; use a smaller size or dream.tile (--tile), or give it more (DREAMZOOM_JAVA_OPTS=-Xmx...)");
      return 1;
    } catch (Exception e) {
      log.debug("internal error", e);
      err.println(
          "error: "
              + e
              + " (this is a bug; run with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug"
              + " for the stack trace)");
      return 1;
    }
  }

  /** The program version from the build. */
  public static String version() {
    return dev.dreamzoom.app.Version.get();
  }

  private void printUsage(PrintStream s) {
    s.println("usage: dreamzoom COMMAND [options]   (dreamzoom COMMAND --help for its options)");
    s.println();
    s.println("Renders zooming DeepDream animations from presets.");
    s.println();
    s.println("commands:");
    for (Command c : commands) {
      s.printf("  %-8s %s%n", c.name(), c.summary());
    }
    s.println();
    s.println("  --help     this text");
    s.println(
        "  --version  the program version and the TensorFlow, FFmpeg, OpenCV and ONNX Runtime it"
            + " loads");
    s.println(
        "  --verbose  (after any command) also print what FFmpeg says about the files it reads and writes");
    s.println();
    s.println("environment: DREAMZOOM_MODEL_MIRROR (folder of model archives, as --model-mirror),");
    s.println("             DREAMZOOM_CACHE (cache folder; default $XDG_CACHE_HOME/dreamzoom,");
    s.println(
        "             else ~/.cache/dreamzoom), TF_ENABLE_ONEDNN_OPTS (default 1 here: TensorFlow's");
    s.println(
        "             oneDNN kernels on every CPU; 0 for its own), ONEDNN_MAX_CPU_ISA (caps oneDNN,");
    s.println("             e.g. AVX2 to compute as an AVX2-only CPU does)");
    s.println();
    s.println(
        "exit codes: 0 done, 1 error, 2 usage error, 130/143 stopped by Ctrl-C/SIGTERM (resumable)");
  }

  private static void printHelp(Command c, PrintStream s) {
    PrintWriter pw = new PrintWriter(s);
    HelpFormatter f = new HelpFormatter();
    f.printHelp(
        pw,
        100,
        "dreamzoom " + c.name() + " " + c.synopsis(),
        c.summary(),
        c.options(),
        2,
        2,
        null,
        false);
    pw.flush();
  }
}
