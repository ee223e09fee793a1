package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user's first presets get wrong, each answered with the file, line and next step. */
class FirstHourTest {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  @Test
  void aByteOrderMarkIsDropped() throws Exception {
    Path f =
        write("bom.properties", "\uFEFFname = bom\nframes = 3\n".getBytes(StandardCharsets.UTF_8));
    RenderSpec s = PresetParser.parse(f);
    assertEquals("bom", s.name());
    assertEquals(3, s.frames());
  }

  @Test
  void latin1TextNamesTheLineAndSaysToSaveAsUtf8() throws Exception {
    Path f =
        write(
            "latin.properties",
            "name = x\n# caf\u00e9 au lait\nframes = 3\n".getBytes(StandardCharsets.ISO_8859_1));
    PresetException e = assertThrows(PresetException.class, () -> PresetParser.parse(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 2: byte 0xE9 is not UTF-8 text"), e.getMessage());
    assertTrue(e.getMessage().contains("save the preset as UTF-8"), e.getMessage());
  }

  @Test
  void aBinaryFileIsCalledOne() throws Exception {
    Path f =
        write(
            "binary.properties", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, (byte) 0xff});
    PresetException e = assertThrows(PresetException.class, () -> PresetParser.parse(f));
    assertTrue(e.getMessage().contains("this is not a text file"), e.getMessage());
  }

  @Test
  void aFolderGivenAsPresetOrImageIsCalledAFolder() throws Exception {
    IOException e = assertThrows(IOException.class, () -> PresetParser.parse(dir));
    assertTrue(e.getMessage().contains("is a folder, not a preset file"), e.getMessage());
    assertTrue(e.getMessage().contains("dreamzoom batch"), e.getMessage());
    Files.createDirectories(dir.resolve("photos"));
    PresetException p =
        assertThrows(
            PresetException.class,
            () ->
                PresetParser.parse(
                    "seed = photo\nseed.image = photos\n", dir.resolve("p.properties")));
    assertTrue(
        p.getMessage()
            .contains(
                "line 2: seed.image: " + dir.resolve("photos") + " is a folder, not an image file"),
        p.getMessage());
  }

  @Test
  void aSeedTooLargeFor64BitsIsUsedModulo2To64WithAWarningNotSilentlyClamped() throws Exception {
    RenderSpec huge =
        PresetParser.parse("random.seed = 99999999999999999999999\n", dir.resolve("p.properties"));
    long expected = new java.math.BigInteger("99999999999999999999999").longValue();
    assertEquals(expected, huge.randomSeed());
    assertTrue(expected != Long.MAX_VALUE, "not clamped");
    assertEquals(
        List.of(
            "line 1: random.seed: 99999999999999999999999 does not fit in 64 bits; using "
                + expected
                + " (its value modulo 2^64), so the same number always gives the same frames"),
        huge.warnings().stream().map(Problem::toString).toList());
    assertNotEquals(
        huge.randomSeed(),
        PresetParser.parse("random.seed = 99999999999999999999998\n", dir.resolve("p.properties"))
            .randomSeed(),
        "neighbouring numbers stay different seeds");
    assertTrue(
        PresetParser.parse("random.seed = 7\n", dir.resolve("p.properties")).warnings().isEmpty());
    PresetException e =
        assertThrows(
            PresetException.class,
            () -> PresetParser.parse("random.seed = 1.5\n", dir.resolve("p.properties")));
    assertTrue(
        e.getMessage()
            .contains(
                "line 1: random.seed: expected a whole number from "
                    + Long.MIN_VALUE
                    + " to "
                    + Long.MAX_VALUE),
        e.getMessage());
  }

  @Test
  void theNameRuleIsStatedAsItIs() {
    PresetException e =
        assertThrows(
            PresetException.class,
            () -> PresetParser.parse("name = -dash\n", dir.resolve("p.properties")));
    assertTrue(
        e.getMessage()
            .contains(
                "line 1: name: must start with a letter or digit, then up to 99"
                    + " letters, digits, '.', '_' or '-', and contain no '..'"),
        e.getMessage());
  }

  @Test
  void aHugeExpressionIsQuotedAroundTheProblemNotWhole() {
    String huge = "1 + " + "t + ".repeat(30_000) + "sn(t)";
    PresetException e =
        assertThrows(
            PresetException.class,
            () -> PresetParser.parse("motion.zoom = " + huge + "\n", dir.resolve("p.properties")));
    assertTrue(
        e.getMessage().length() < 1000, "message of " + e.getMessage().length() + " characters");
    assertTrue(e.getMessage().contains("characters)"), e.getMessage());
  }

  @Test
  void aFileBesideThePresetIsTakenAsTheModelWhateverItIsCalled() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "my notes");
    RenderSpec s = PresetParser.parse("model = notes.txt\n", dir.resolve("p.properties"));
    assertEquals(
        dir.resolve("notes.txt").toString(), s.model(), "a path, so the model stage reads it");
  }
}
