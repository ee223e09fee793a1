package dev.dreamzoom.cli;

import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.PresetSchema;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Option parsing helpers and the options several commands share. */
final class Args {
  static final String MIRROR = "model-mirror";
  static final String THREADS = "threads";

  private Args() {}

  static Options withCommon(Options o) {
    withMirror(o);
    o.addOption(
        Option.builder()
            .longOpt(THREADS)
            .hasArg()
            .argName("N")
            .desc("TensorFlow compute threads (default: all cores)")
            .build());
    return o;
  }

  /** {@code o} with {@code --model-mirror}, for a command that fetches but computes nothing. */
  static Options withMirror(Options o) {
    o.addOption(
        Option.builder()
            .longOpt(MIRROR)
            .hasArg()
            .argName("DIR")
            .desc(
                "folder holding model release archives or extracted <name>/<graph> files, used before "
                    + "downloading (default: $DREAMZOOM_MODEL_MIRROR)")
            .build());
    return o;
  }

  /** The {@code --model M} option of the commands that work on one network. */
  static Option modelOption() {
    return Option.builder()
        .longOpt("model")
        .hasArg()
        .argName("M")
        .desc(
            "catalog name, or a path to a frozen .pb, a SavedModel folder (TensorFlow 1 or 2 / Keras),"
                + " Keras .h5 weights or an ONNX file (default: "
                + PresetParser.DEFAULT_MODEL
                + ")")
        .build();
  }

  /** The network {@code --model} names, loaded. */
  static Network network(CommandLine cl) throws ModelException {
    return Network.load(
        modelStore(cl).resolve(cl.getOptionValue("model", PresetParser.DEFAULT_MODEL)));
  }

  static final String LOCK_STALE = "lock-stale-after";

  /** {@code --lock-stale-after SECONDS}; {@code desc} has a {@code %d} where the default goes. */
  static Option lockStaleOption(String desc) {
    return Option.builder()
        .longOpt(LOCK_STALE)
        .hasArg()
        .argName("SECONDS")
        .desc(String.format(desc, RenderLock.STALE_AFTER.toSeconds()))
        .build();
  }

  /** The {@code --lock-stale-after} duration, or the lock's default. */
  static Duration lockStale(CommandLine cl) throws UsageException {
    return Duration.ofSeconds(
        intValue(cl, LOCK_STALE, 1, 1_000_000, (int) RenderLock.STALE_AFTER.toSeconds()));
  }

  static CommandLine parse(Options options, String[] args) throws UsageException {
    try {
      return new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static ModelStore modelStore(CommandLine cl) {
    String mirror = cl.getOptionValue(MIRROR, System.getenv("DREAMZOOM_MODEL_MIRROR"));
    return new ModelStore(
        ModelCatalog.load(),
        ModelStore.defaultCacheRoot().resolve("models"),
        mirror == null || mirror.isBlank() ? null : Path.of(mirror));
  }

  static int threads(CommandLine cl) throws UsageException {
    return cl.hasOption(THREADS) ? intValue(cl, THREADS, 1, 256, 0) : 0;
  }

  static int intValue(CommandLine cl, String opt, int min, int max, int fallback)
      throws UsageException {
    return (int) number(cl, opt, min, max, fallback, true);
  }

  static double doubleValue(CommandLine cl, String opt, double min, double max, double fallback)
      throws UsageException {
    return number(cl, opt, min, max, fallback, false);
  }

  private static double number(
      CommandLine cl, String opt, double min, double max, double fallback, boolean integer)
      throws UsageException {
    String s = cl.getOptionValue(opt);
    if (s == null) {
      return fallback;
    }
    String kind = integer ? "an integer" : "a number";
    double v;
    try {
      v = integer ? Long.parseLong(s.strip()) : Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + opt + " needs " + kind + ", got '" + s + "'");
    }
    if (!(v >= min && v <= max)) {
      throw new UsageException(
          "--"
              + opt
              + " must be "
              + kind
              + " in "
              + (integer ? (long) min + ".." + (long) max : min + ".." + max)
              + ", got "
              + s.strip());
    }
    return v;
  }

  /**
   * An option that sets, for one command, what preset key {@code key} sets for a render: its help
   * ends with the schema's range (or choices) and default, so the two cannot drift apart.
   */
  static Option presetOption(String opt, String argName, String key, String desc) {
    PresetSchema.Key k = PresetSchema.key(key);
    return Option.builder()
        .longOpt(opt)
        .hasArg()
        .argName(argName)
        .desc(desc + " (" + k.allowedText() + "; default " + k.defaultValue() + ", as " + key + ")")
        .build();
  }

  /** The value of a {@link #presetOption}: the schema's default, or a value its range allows. */
  static double preset(CommandLine cl, String opt, String key) throws UsageException {
    PresetSchema.Key k = PresetSchema.key(key);
    String s = cl.getOptionValue(opt);
    if (s == null) {
      return k.defaultNumber();
    }
    boolean integer =
        k.kind() == PresetSchema.Kind.INTEGER || k.kind() == PresetSchema.Kind.PER_FRAME_INTEGER;
    double v;
    try {
      v = integer ? Long.parseLong(s.strip()) : Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--" + opt + " needs " + (integer ? "an integer" : "a number") + ", got '" + s + "'");
    }
    if (!k.allows(v)) {
      throw new UsageException("--" + opt + " must be " + k.expectedText() + ", got " + s.strip());
    }
    return v;
  }

  /** As {@link #preset}, for a 64-bit key such as {@code random.seed}, exactly. */
  static long presetLong(CommandLine cl, String opt, String key) throws UsageException {
    String s = cl.getOptionValue(opt, PresetSchema.key(key).defaultValue());
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--" + opt + " must be " + PresetSchema.key(key).expectedText() + ", got '" + s + "'");
    }
  }

  /**
   * The value of a {@link #presetOption} of a choice key: the schema's default, or one of its
   * choices.
   */
  static String presetChoice(CommandLine cl, String opt, String key) throws UsageException {
    PresetSchema.Key k = PresetSchema.key(key);
    String s = cl.getOptionValue(opt, k.defaultValue());
    if (!k.choices().contains(s)) {
      throw new UsageException(
          "--" + opt + " must be one of " + k.choicesText() + ", got '" + s + "'");
    }
    return s;
  }

  /**
   * An option that replaces, for one command, what a render's preset key {@code key} said: its help
   * gives the schema's range (or choices); left out, the render's own value stands.
   */
  static Option overrideOption(String opt, String argName, String key, String desc) {
    return Option.builder()
        .longOpt(opt)
        .hasArg()
        .argName(argName)
        .desc(
            desc
                + " ("
                + PresetSchema.key(key).allowedText()
                + "; default: the render's "
                + key
                + ")")
        .build();
  }

  /** The value of an {@link #overrideOption} of a numeric key, or null when left out. */
  static Integer overrideInt(CommandLine cl, String opt, String key) throws UsageException {
    return cl.hasOption(opt) ? (int) preset(cl, opt, key) : null;
  }

  /** The value of an {@link #overrideOption} of a choice key, or null when left out. */
  static String overrideChoice(CommandLine cl, String opt, String key) throws UsageException {
    return cl.hasOption(opt) ? presetChoice(cl, opt, key) : null;
  }

  /** Exactly {@code n} positional arguments, named for the message. */
  static String[] positional(CommandLine cl, String... names) throws UsageException {
    String[] rest = cl.getArgs();
    if (rest.length != names.length) {
      throw new UsageException(
          "expected "
              + String.join(" ", names)
              + ", got "
              + (rest.length == 0 ? "nothing" : String.join(" ", rest)));
    }
    return rest;
  }
}
