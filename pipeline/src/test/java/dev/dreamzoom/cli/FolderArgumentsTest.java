package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.RenderFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands given the wrong kind of path say what it is and what to give instead. */
class FolderArgumentsTest {
  @TempDir Path root;

  @Test
  void statusOfARenderFolderReportsThatRender() throws Exception {
    RenderFolders.make(root, "alone", 6, 4);
    RenderFolders.make(root, "other", 6, 6);
    CliTest.Run r = CliTest.run("status", root.resolve("alone").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*\\nalone\\s+partial\\s+4/6 .*"), r.out());
    assertTrue(!r.out().contains("other"), r.out());
    assertTrue(r.out().contains("1 render, 0 finished; time left at its pace:"), r.out());
  }

  @Test
  void verifyRepairAndEncodeOfAFileSayItIsAFile() throws Exception {
    Path file = Files.writeString(root.resolve("passwd"), "root:x:0:0\n");
    for (String command : new String[] {"verify", "repair", "encode"}) {
      CliTest.Run r = CliTest.run(command, file.toString());
      assertEquals(1, r.code(), command + ": " + r.err());
      assertTrue(
          r.err().contains(file + " is a file, not a render folder"), command + ": " + r.err());
    }
    CliTest.Run missing = CliTest.run("verify", root.resolve("nowhere").toString());
    assertTrue(
        missing.err().contains("render folder not found: " + root.resolve("nowhere")),
        missing.err());
    CliTest.Run status = CliTest.run("status", file.toString());
    assertEquals(1, status.code());
    assertTrue(status.err().contains(file + " is a file, not an output folder"), status.err());
  }
}
