package dev.dreamzoom.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.files.SourceFile;
import dev.dreamzoom.preset.EncodeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest reads back what was written, and a damaged or tampered one is an IOException. */
class ManifestTest {
  @TempDir Path dir;

  static Manifest sample(String name) {
    return new Manifest(
        name,
        "ab",
        "cd",
        "0.1.0",
        30,
        EncodeSpec.simple(List.of("mp4", "gif"), 20, "fast", 64, 36),
        Map.of("title", "t"),
        0,
        null,
        12,
        300,
        "float32",
        List.of("onednn-avx2"),
        List.of(
            new SourceFile(
                "seed.video",
                Path.of("/clips/a b.mp4"),
                1234,
                1700000000123L,
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")));
  }

  @Test
  void aManifestWithoutSourcesReadsAsNotRecorded() throws Exception {
    Path file = dir.resolve("manifest.properties");
    Manifest old = sample("night-1").withSources(null);
    old.write(file);
    assertEquals(
        null, Manifest.read(file).sources(), "written by an earlier version: no sources recorded");
    assertEquals(old, Manifest.read(file));
  }

  @Test
  void aSourceWithAKeyMissingIsADamagedManifest() throws Exception {
    Path file = dir.resolve("manifest.properties");
    sample("night-1").write(file);
    Files.writeString(
        file,
        Files.readString(file, StandardCharsets.ISO_8859_1)
            .replaceAll("(?m)^source.1.sha256=.*$", ""),
        StandardCharsets.ISO_8859_1);
    IOException e = assertThrows(IOException.class, () -> Manifest.read(file));
    assertTrue(e.getMessage().contains("source.1.sha256 is missing"), e.getMessage());
  }

  @Test
  void readsBackWhatWasWritten() throws Exception {
    Path file = dir.resolve("manifest.properties");
    sample("night-1").write(file);
    assertEquals(sample("night-1"), Manifest.read(file));
  }

  @Test
  void aMalformedEscapeIsADamagedManifestNotACrash() throws Exception {
    Path file = dir.resolve("manifest.properties");
    sample("night-1").write(file);
    Files.writeString(
        file,
        "name=\\uZZZZ\n" + Files.readString(file, StandardCharsets.ISO_8859_1),
        StandardCharsets.ISO_8859_1);
    IOException e = assertThrows(IOException.class, () -> Manifest.read(file));
    assertTrue(e.getMessage().startsWith("damaged manifest " + file), e.getMessage());
  }

  @Test
  void aNameThatIsNotOneSafeSegmentIsRefused() throws Exception {
    Path file = dir.resolve("manifest.properties");
    for (String name : List.of("../../../ESCAPED", "/tmp/ABSOLUTE", "..", "a/b", "")) {
      sample("ok").write(file);
      String text =
          Files.readString(file, StandardCharsets.ISO_8859_1).replace("name=ok", "name=" + name);
      Files.writeString(file, text, StandardCharsets.ISO_8859_1);
      IOException e = assertThrows(IOException.class, () -> Manifest.read(file), name);
      assertTrue(e.getMessage().startsWith("damaged manifest"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> sample("../x"));
  }
}
