package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
  @TempDir Path dir;

  private Labels labels(String text) throws Exception {
    Path f = dir.resolve("labels.txt");
    Files.writeString(f, text);
    return Labels.read(f);
  }

  @Test
  void findsByAnyNameThenByWholeWordThenBySubstring() throws Exception {
    Labels l =
        labels(
            "0:background\n1:tabby, tabby cat\n2:tiger cat\n3:oystercatcher, oyster catcher\n"
                + "4:banana\n5:Granny Smith\n");
    assertEquals(6, l.size());
    assertEquals("tabby, tabby cat", l.get(1));
    assertEquals(4, l.find("banana"));
    assertEquals(1, l.find("Tabby Cat"), "one of the comma-separated names, ignoring case");
    assertEquals(5, l.find("granny"), "a whole word of one label");
    assertEquals(3, l.find("oysterc"), "a substring of one label");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.find("cat"));
    assertTrue(e.getMessage().contains("1 'tabby, tabby cat'; 2 'tiger cat'"), e.getMessage());
    assertTrue(
        !e.getMessage().contains("oyster"), "catcher is not the word cat: " + e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> l.find("bananna"));
    assertEquals("no class 'bananna' in the labels; similar: banana", e.getMessage());
  }

  @Test
  void plainFilesCountFromZeroAndIndexedOnesMustBeInOrder() throws Exception {
    assertEquals(1, labels("dummy\nkite\n").find("kite"));
    ModelException e = assertThrows(ModelException.class, () -> labels("0:a\n2:b\n"));
    assertTrue(e.getMessage().contains("line 2 has index 2, expected 1"), e.getMessage());
  }
}
