package dev.dreamzoom.cli;

import dev.dreamzoom.preset.PresetSchema;
import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code keys [WORD]}: the preset keys, from the one schema table the parser reads. */
final class KeysCommand implements Command {
  @Override
  public String name() {
    return "keys";
  }

  @Override
  public String synopsis() {
    return "[WORD]";
  }

  @Override
  public String summary() {
    return "list the preset keys (those containing WORD) with default, range and meaning";
  }

  @Override
  public Options options() {
    return new Options();
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
    CommandLine cl = Args.parse(options(), args);
    List<String> words = cl.getArgList();
    if (words.size() > 1) {
      throw new UsageException("give at most one WORD");
    }
    String word = words.isEmpty() ? "" : words.get(0);
    List<PresetSchema.Key> keys =
        PresetSchema.KEYS.stream().filter(k -> k.name().contains(word)).toList();
    if (keys.isEmpty()) {
      throw new UsageException("no preset key contains '" + word + "'");
    }
    for (PresetSchema.Key k : keys) {
      out.printf("%-24s %s%n", k.name(), describe(k));
      out.printf("%-24s %s%n", "", k.doc());
    }
    out.println(
        "Per-frame keys also take <key>.interp = linear | cubic | step; audio.<name> = <file> adds a"
            + " stem of the track, read as <name>.rms, <name>.hit, ... presets/reference.properties lists the same"
            + " keys as a preset.");
    return 0;
  }

  private static String describe(PresetSchema.Key k) {
    String def = k.defaultValue() == null ? "" : "default " + k.defaultValue() + "; ";
    return switch (k.kind()) {
      case CHOICE -> def + k.choicesText();
      case INTEGER, NUMBER -> def + k.expectedText();
      case PER_FRAME, PER_FRAME_INTEGER -> def + k.expectedText() + ", per frame";
      case NUMBERS -> "one or three " + k.expectedText() + " (R, G, B)";
      case PATH -> "a file, relative to the preset";
      case TERMS -> "terms (see the README, Objectives)";
      case TEXT -> def.isEmpty() ? "text" : def.substring(0, def.length() - 2);
    };
  }
}
