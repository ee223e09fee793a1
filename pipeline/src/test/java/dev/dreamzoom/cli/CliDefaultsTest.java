package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.app.StillDream;
import dev.dreamzoom.preset.GradientSpec;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.PresetSchema;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;

/**
 * The command-line options that mirror preset keys agree with the schema: defaults, ranges, help.
 */
class CliDefaultsTest {
  /** {@code dream}'s options, the key each mirrors, and where the request holds its value. */
  private static final Map<String, Mirror> DREAM = new LinkedHashMap<>();

  private record Mirror(String key, Function<StillDream.Request, Object> value) {}

  static {
    DREAM.put("octaves", new Mirror("dream.octaves", r -> r.ascent().octaves()));
    DREAM.put("octave-scale", new Mirror("dream.octave_scale", r -> r.ascent().octaveScale()));
    DREAM.put("iterations", new Mirror("dream.iterations", r -> r.ascent().iterations()));
    DREAM.put("step", new Mirror("dream.step", r -> r.ascent().step()));
    DREAM.put("jitter", new Mirror("dream.jitter", r -> r.ascent().jitter()));
    DREAM.put("blur", new Mirror("dream.blur", r -> r.ascent().blur()));
    DREAM.put("decay", new Mirror("dream.decay", r -> r.ascent().decay()));
    DREAM.put("tile", new Mirror("dream.tile", StillDream.Request::tile));
    DREAM.put("seed", new Mirror("random.seed", StillDream.Request::seed));
    DREAM.put("mode", new Mirror("mode", r -> r.mode().name().toLowerCase(Locale.ROOT)));
    DREAM.put(
        "normalize",
        new Mirror(
            "dream.normalize", r -> r.gradient().normalize().name().toLowerCase(Locale.ROOT)));
    DREAM.put(
        "color-space",
        new Mirror("dream.color_space", r -> r.gradient().decorrelated() ? "decorrelated" : "rgb"));
  }

  private static StillDream.Request dream(String... options) throws UsageException {
    DreamCommand c = new DreamCommand();
    String[] args = new String[options.length + 2];
    args[0] = "in.png";
    args[1] = "out.png";
    System.arraycopy(options, 0, args, 2, options.length);
    return DreamCommand.request(Args.parse(c.options(), args));
  }

  private static String text(Object v) {
    if (v instanceof Double d) {
      return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
    }
    return v.toString();
  }

  @Test
  void dreamsDefaultsAreTheSchemasDefaults() throws Exception {
    StillDream.Request r = dream();
    for (Map.Entry<String, Mirror> m : DREAM.entrySet()) {
      PresetSchema.Key k = PresetSchema.key(m.getValue().key());
      Object got = m.getValue().value().apply(r);
      if (got instanceof Number n && k.kind() != PresetSchema.Kind.CHOICE) {
        assertEquals(k.defaultNumber(), n.doubleValue(), 0, "--" + m.getKey() + " vs " + k.name());
      } else {
        assertEquals(k.defaultValue(), got, "--" + m.getKey() + " vs " + k.name());
      }
    }
    assertEquals(PresetParser.DEFAULT_MODEL, r.model());
    assertEquals(GradientSpec.DEFAULT, r.gradient());
  }

  @Test
  void filtersModeBlursAsPresetsDo() throws Exception {
    assertEquals(PresetSchema.FILTERS_BLUR, dream("--mode", "filters").ascent().blur());
    assertEquals(0.25, dream("--mode", "filters", "--blur", "0.25").ascent().blur());
  }

  @Test
  void dreamsRangesAreTheSchemasRanges() throws Exception {
    for (Map.Entry<String, Mirror> m : DREAM.entrySet()) {
      PresetSchema.Key k = PresetSchema.key(m.getValue().key());
      String opt = "--" + m.getKey();
      if (k.kind() == PresetSchema.Kind.CHOICE) {
        for (String c : k.choices()) {
          assertEquals(c, m.getValue().value().apply(dream(opt, c)), opt + " " + c);
        }
        UsageException e = assertThrows(UsageException.class, () -> dream(opt, "nonsense"));
        assertTrue(e.getMessage().contains(String.join(" | ", k.choices())), e.getMessage());
        continue;
      }
      if (k.name().equals("random.seed")) {
        assertEquals(
            Long.MIN_VALUE,
            dream(opt, Long.toString(Long.MIN_VALUE)).seed(),
            "64-bit seeds, as presets");
        continue;
      }
      assertEquals(
          k.max(),
          ((Number) m.getValue().value().apply(dream(opt, text(k.max())))).doubleValue(),
          0,
          opt + " takes the schema's maximum");
      UsageException above =
          assertThrows(UsageException.class, () -> dream(opt, text(k.max() + 1)), opt);
      assertTrue(above.getMessage().contains(k.expectedText()), above.getMessage());
      if (!k.openMin()) {
        assertEquals(
            k.min(),
            ((Number) m.getValue().value().apply(dream(opt, text(k.min())))).doubleValue(),
            0,
            opt + " takes the schema's minimum");
      }
    }
    assertThrows(UsageException.class, () -> dream("--tile", "10"), "the tile's gap below 64");
    assertEquals(0, dream("--tile", "0").tile(), "0 never tiles");
  }

  private static final java.util.regex.Pattern MIRRORING =
      java.util.regex.Pattern.compile("; default ([^;]*), as ([a-z_.]+)\\)$");

  /** Every option built from a preset key says the schema's default in its help. */
  @Test
  void everyMirroringOptionsHelpGivesTheSchemasDefault() {
    int mirrors = 0;
    for (Command c : new Cli().commands()) {
      Options o = c.options();
      for (Option opt : o.getOptions()) {
        java.util.regex.Matcher m =
            MIRRORING.matcher(opt.getDescription() == null ? "" : opt.getDescription());
        if (!m.find()) {
          continue;
        }
        PresetSchema.Key k = PresetSchema.key(m.group(2));
        assertEquals(k.defaultValue(), m.group(1), c.name() + " --" + opt.getLongOpt());
        mirrors++;
      }
    }
    assertTrue(mirrors >= DREAM.size(), "found " + mirrors + " mirroring options");
  }
}
