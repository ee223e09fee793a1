package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.app.Gallery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One junk render folder in an output root is reported, and stops nothing else. */
class JunkFolderTest {
  @TempDir Path root;

  @Test
  void statusAndTheGalleryReportAJunkManifestAndCarryOn() throws Exception {
    Files.createDirectories(root.resolve("junk"));
    Files.writeString(
        root.resolve("junk/manifest.properties"), "name=\\uZZZZ\n", StandardCharsets.ISO_8859_1);
    Files.createDirectories(root.resolve("escape"));
    Files.writeString(
        root.resolve("escape/manifest.properties"),
        "name=../../../ESCAPED\nfps=30\n",
        StandardCharsets.ISO_8859_1);
    Files.createDirectories(root.resolve("noise"));
    byte[] bytes = new byte[512];
    new java.util.Random(3).nextBytes(bytes);
    Files.write(root.resolve("noise/manifest.properties"), bytes);

    CliTest.Run r = CliTest.run("status", root.toString());
    assertEquals(0, r.code(), r.err());
    assertFalse(r.err().contains("this is a bug"), r.err());
    for (String name : new String[] {"junk", "escape", "noise"}) {
      assertTrue(r.out().matches("(?s).*\\b" + name + "\\s+damaged.*damaged manifest.*"), r.out());
    }
    CliTest.Run encode = CliTest.run("encode", root.resolve("escape").toString());
    assertEquals(1, encode.code(), encode.err());
    assertTrue(encode.err().contains("damaged manifest"), encode.err());
    assertFalse(Files.exists(root.getRoot().resolve("ESCAPED.mp4")), "nothing written outside");

    Path index = Gallery.write(root);
    assertTrue(Files.readString(index).contains("data-name=\"junk\""), "the gallery lists it");
  }
}
