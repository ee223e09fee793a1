package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one table of preset keys, and the reference preset that shows it. */
class PresetSchemaTest {
  private static final Pattern LINE =
      Pattern.compile("^(#\\s*)?([a-z][a-z0-9_.]*) = (.*?)\\s{2,}# (.*)$");

  private record Documented(String value, String doc, boolean example) {}

  /** {@code key = value # doc} lines of the reference preset, commented-out examples included. */
  private static Map<String, Documented> reference() throws Exception {
    Map<String, Documented> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("presets/reference.properties"))) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        out.put(
            m.group(2), new Documented(m.group(3).strip(), m.group(4).strip(), m.group(1) != null));
      }
    }
    return out;
  }

  @Test
  void theReferencePresetCarriesEveryKeyWithTheSchemasDefaultAndDoc() throws Exception {
    Map<String, Documented> ref = reference();
    for (PresetSchema.Key k : PresetSchema.KEYS) {
      Documented d = ref.get(k.name());
      assertNotNull(d, "reference.properties lists " + k.name());
      assertEquals(k.doc(), d.doc(), k.name() + ": the reference's comment is the schema's doc");
      if (!d.example() && k.defaultValue() != null) {
        assertEquals(
            k.defaultValue(), d.value(), k.name() + ": the reference shows the schema's default");
      }
      if (k.defaultValue() == null && !d.example()) {
        assertTrue(
            k.doc().contains("default"),
            k.name() + ": a key without a literal default says what it is");
      }
    }
    for (String key : ref.keySet()) {
      boolean interp =
          key.endsWith(".interp")
              && PresetParser.SCHEDULED.contains(
                  key.substring(0, key.length() - ".interp".length()));
      assertTrue(
          interp || PresetParser.KEYS.contains(key) || MediaKeys.stemName(key) != null,
          "reference.properties: unknown key " + key);
    }
  }

  @Test
  void theParserTakesItsDefaultsFromTheSchema() throws Exception {
    RenderSpec s = PresetParser.parse("", Path.of("/p/empty.properties"));
    assertEquals(Integer.parseInt(PresetSchema.key("width").defaultValue()), s.width());
    assertEquals(Integer.parseInt(PresetSchema.key("frames").defaultValue()), s.frames());
    assertEquals(
        Double.parseDouble(PresetSchema.key("motion.zoom").defaultValue()),
        s.motion().zoom().at(0));
    assertEquals(
        PresetSchema.key("encode.interpolate_mode").defaultValue(), s.encode().interpolateMode());
    assertEquals(
        PresetSchema.key("encode.interpolate_mode").defaultValue(),
        EncodeSpec.simple(List.of("mp4"), 18, "slow", 64, 64).interpolateMode(),
        "one default for the interpolation mode everywhere");
    assertEquals(PresetSchema.key("model").defaultValue(), s.model());
  }

  @Test
  void rangesComeFromTheSchemaAndNameIt() {
    PresetException e =
        assertThrows(
            PresetException.class,
            () ->
                PresetParser.parse(
                    "fps = 500\ndream.octaves = 0:(3), 10:(40)\nencode.preset = fastest\n",
                    Path.of("/p/x.properties")));
    assertTrue(
        e.getMessage().contains("line 1: fps: expected an integer in 1..240, got 500"),
        e.getMessage());
    assertTrue(
        e.getMessage()
                .contains(
                    "line 2: dream.octaves: value at frame 1 is 3.9, expected an integer in 1..12")
            || e.getMessage().contains("line 2: dream.octaves: value at frame"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("line 3: encode.preset: must be one of ultrafast | superfast"),
        e.getMessage());
  }

  @Test
  void aKeyOutsideTheTableIsAProgrammingError() {
    assertThrows(IllegalArgumentException.class, () -> PresetSchema.key("motion.wobble"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PresetSchema.Key(
                "k", PresetSchema.Kind.INTEGER, "99", 0, 10, null, List.of(), "a doc"),
        "a default outside its own range");
  }
}
