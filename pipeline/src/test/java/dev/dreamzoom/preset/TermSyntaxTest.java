package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every kind of {@link Term} has one row in {@link TermSyntax#ALL}, and it reads and prints back.
 */
class TermSyntaxTest {
  static final Path DIR = Path.of("/presets/art");

  /** The row's example with a real path where {@code IMAGE} stands. */
  public static String example(TermSyntax row, Path image) {
    return row.example().replace("IMAGE", image.toString());
  }

  @Test
  void everyKindOfTermHasExactlyOneRowThatParsesAndPrintsBack() throws Exception {
    Class<?>[] kinds = Term.class.getPermittedSubclasses();
    assertEquals(kinds.length, TermSyntax.ALL.size(), "one row per kind of term");
    for (Class<?> kind : kinds) {
      List<TermSyntax> rows = TermSyntax.ALL.stream().filter(r -> r.type() == kind).toList();
      assertEquals(1, rows.size(), kind.getSimpleName() + " has one syntax row");
      TermSyntax row = rows.get(0);
      String text = example(row, DIR.resolve("guide.jpg"));
      ObjectiveSchedule parsed = ObjectiveSchedule.parseObjective(text, 0, DIR);
      assertEquals(1, parsed.terms().size(), text);
      Term term = parsed.terms().get(0);
      assertInstanceOf(kind, term, text);
      assertEquals(text, term.toString(), "prints back as written");
      assertTrue(text.startsWith(row.name()), text);
      assertEquals(row.bare(), !text.contains("("), text);
    }
  }

  @Test
  void docsAndHelpNameEveryTerm() {
    String doc = PresetSchema.key("objective").doc();
    for (TermSyntax row : TermSyntax.ALL) {
      assertTrue(
          doc.contains(row.usage() + " " + row.meaning()), row.name() + " in the schema doc");
      assertTrue(TermSyntax.usages().contains(row.usage()), row.name());
    }
    assertFalse(TermSyntax.names().contains(""), "no empty name");
  }
}
