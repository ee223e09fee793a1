package dev.dreamzoom.cli;

import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import java.nio.file.Path;
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
    o.addOption(Option.builder().longOpt(MIRROR).hasArg().argName("DIR")
        .desc("folder holding model release archives or extracted <name>/<graph> files, used before "
            + "downloading (default: $DREAMZOOM_MODEL_MIRROR)").build());
    o.addOption(Option.builder().longOpt(THREADS).hasArg().argName("N")
        .desc("TensorFlow compute threads (default: all cores)").build());
    return o;
  }

  /** The {@code --model M} option of the commands that work on one network. */
  static Option modelOption() {
    return Option.builder().longOpt("model").hasArg().argName("M")
        .desc("catalog name, or a path to a frozen .pb, a SavedModel folder (TensorFlow 1 or 2 / Keras),"
            + " Keras .h5 weights or an ONNX file (default: "
            + PresetParser.DEFAULT_MODEL + ")").build();
  }

  /** The network {@code --model} names, loaded. */
  static Network network(CommandLine cl) throws ModelException {
    return Network.load(modelStore(cl).resolve(cl.getOptionValue("model", PresetParser.DEFAULT_MODEL)));
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
    return new ModelStore(ModelCatalog.load(), ModelStore.defaultCacheRoot().resolve("models"),
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

  private static double number(CommandLine cl, String opt, double min, double max, double fallback,
      boolean integer) throws UsageException {
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
      throw new UsageException("--" + opt + " must be " + kind + " in "
          + (integer ? (long) min + ".." + (long) max : min + ".." + max) + ", got " + s.strip());
    }
    return v;
  }

  /** Exactly {@code n} positional arguments, named for the message. */
  static String[] positional(CommandLine cl, String... names) throws UsageException {
    String[] rest = cl.getArgs();
    if (rest.length != names.length) {
      throw new UsageException("expected " + String.join(" ", names) + ", got "
          + (rest.length == 0 ? "nothing" : String.join(" ", rest)));
    }
    return rest;
  }
}
