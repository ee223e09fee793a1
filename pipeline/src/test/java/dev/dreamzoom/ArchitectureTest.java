package dev.dreamzoom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules each {@code package-info.java} states, checked on the compiled classes: which
 * stage may use which, where TensorFlow, DJL and JavaCV may appear, and that nothing uses {@code
 * cli}.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.dreamzoom";

  /**
   * The stages each stage may use, as their package-info files say. A stage is a top-level package;
   * {@code model.graph} and {@code model.onnx} belong to the model stage.
   */
  private static final Map<String, Set<String>> MAY_USE =
      Map.ofEntries(
          Map.entry("files", Set.of()),
          Map.entry("batch", Set.of()),
          Map.entry("audio", Set.of()),
          Map.entry("image", Set.of("files")),
          Map.entry("preset", Set.of("audio", "image")),
          Map.entry("seed", Set.of("image", "preset")),
          Map.entry("color", Set.of("image", "preset")),
          Map.entry("motion", Set.of("image", "preset")),
          Map.entry("frames", Set.of("files", "image", "preset")),
          Map.entry("render", Set.of("frames", "image", "motion")),
          Map.entry("media", Set.of("files", "image", "preset")),
          Map.entry("model", Set.of("files", "image", "preset")),
          Map.entry("dream", Set.of("model", "preset", "image")),
          Map.entry(
              "app",
              Set.of(
                  "audio", "batch", "color", "dream", "files", "frames", "image", "media", "model",
                  "motion", "preset", "render", "seed")),
          Map.entry(
              "cli",
              Set.of(
                  "app", "audio", "batch", "dream", "files", "frames", "image", "media", "model",
                  "preset")));

  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  private static String stage(JavaClass c) {
    String p = c.getPackageName();
    if (!p.startsWith(ROOT + ".")) {
      return null;
    }
    String rest = p.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Test
  void everyStageUsesOnlyTheStagesItsPackageInfoAllows() {
    Set<String> broken = new TreeSet<>();
    for (JavaClass c : classes) {
      String from = stage(c);
      if (from == null) {
        continue;
      }
      assertTrue(MAY_USE.containsKey(from), "a stage without rules: " + from);
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = stage(d.getTargetClass());
        if (to != null && !to.equals(from) && !MAY_USE.get(from).contains(to)) {
          broken.add(from + " → " + to + ": " + d.getDescription());
        }
      }
    }
    assertEquals(Set.of(), broken, String.join("\n", broken));
  }

  @Test
  void nothingUsesCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".cli..")
        .check(classes);
  }

  @Test
  void cliOnlyParsesAndPrints() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".cli..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ROOT + ".dream.DreamStep")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ROOT + ".dream.OctaveDreamer")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ROOT + ".dream.ScheduledDreamer")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".render..", ROOT + ".motion..", ROOT + ".seed..", ROOT + ".color..")
        .check(classes);
  }

  @Test
  void tensorFlowStaysInTheModelAndDreamStages() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT + ".model..", ROOT + ".dream..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.tensorflow..")
        .check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".model..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.djl..")
        .check(classes);
  }

  @Test
  void javaCvStaysInTheMediaStage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".media..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.bytedeco.javacv..", "org.bytedeco.ffmpeg..", "org.bytedeco.opencv..")
        .check(classes);
  }

  /** Every package says what it owns, what it may use and what it must not. */
  @Test
  void everyPackageHasAPackageInfoThatStatesItsRules() throws IOException {
    Path main = Path.of("pipeline/src/main/java/dev/dreamzoom");
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(main)) {
      dirs =
          s.filter(Files::isDirectory)
              .filter(
                  d -> {
                    try (Stream<Path> f = Files.list(d)) {
                      return f.anyMatch(p -> p.toString().endsWith(".java"));
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
    }
    assertTrue(dirs.size() >= 16, dirs.toString());
    for (Path d : dirs) {
      Path info = d.resolve("package-info.java");
      assertTrue(Files.isRegularFile(info), "no package-info.java in " + d);
      String text = Files.readString(info);
      assertTrue(
          text.contains("May use") || text.contains("may use") || text.contains("Uses only"),
          info + " says what it may use");
      assertTrue(text.contains("Must not"), info + " says what it must not use");
    }
  }
}
