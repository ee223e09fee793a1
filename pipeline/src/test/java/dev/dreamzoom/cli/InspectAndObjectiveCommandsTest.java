package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.TinyVgg;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * classify, maps, dream --objective and objective presets through the CLI, with the real network.
 */
@Tag("slow")
class InspectAndObjectiveCommandsTest {
  private static final int BACKGROUND = 0x181818;
  @TempDir Path dir;

  private CliTest.Run run(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--model-mirror", Shared.models().toString()));
    return CliTest.run(a.toArray(new String[0]));
  }

  @Test
  void classifyListsTheTopClassesWithProbabilities() {
    CliTest.Run r = run("classify", Shared.image("chelsea.png").toString(), "--top", "3");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(4, lines.length, r.out());
    assertTrue(
        lines[1].matches(" 1\\. +\\d+\\.\\d\\d%  tabby, tabby cat  \\(logit 282\\)"), lines[1]);
  }

  @Test
  void mapsWritesOneGridWithATilePerChannelAskedFor() throws Exception {
    Path out = dir.resolve("maps.png");
    CliTest.Run r =
        run(
            "maps",
            Shared.image("chelsea.png").toString(),
            "conv2d_3",
            "--channels",
            "0-9",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("10 feature maps of conv2d_3"), r.out());
    assertEquals(10, tiles(ImageIO.read(out.toFile())));

    CliTest.Run bad =
        run(
            "maps",
            Shared.image("chelsea.png").toString(),
            "conv2d_3",
            "--channels",
            "500",
            "--out",
            out.toString());
    assertEquals(1, bad.code());
    assertTrue(
        bad.err().contains("channel 500 of layer 'conv2d_3' does not exist: it has 96 channels"),
        bad.err());

    // Without --channels: the first 64, or all of a smaller layer (conv2d_1 of the 0.75 network has
    // 48).
    CliTest.Run small =
        run("maps", Shared.image("chelsea.png").toString(), "conv2d_1", "--out", out.toString());
    assertEquals(0, small.code(), small.err());
    assertTrue(small.out().contains("48 feature maps of conv2d_1"), small.out());
    CliTest.Run large =
        run("maps", Shared.image("chelsea.png").toString(), "conv2d_3", "--out", out.toString());
    assertEquals(0, large.code(), large.err());
    assertTrue(large.out().contains("64 feature maps of conv2d_3"), large.out());
  }

  /** Cells between full rows and columns of the sheet's background colour that hold any picture. */
  private static int tiles(BufferedImage img) {
    List<int[]> xs = spans(img.getWidth(), x -> column(img, x));
    List<int[]> ys = spans(img.getHeight(), y -> row(img, y));
    int n = 0;
    for (int[] sx : xs) {
      for (int[] sy : ys) {
        boolean picture = false;
        for (int x = sx[0]; x < sx[1] && !picture; x++) {
          for (int y = sy[0]; y < sy[1] && !picture; y++) {
            picture = (img.getRGB(x, y) & 0xffffff) != BACKGROUND;
          }
        }
        n += picture ? 1 : 0;
      }
    }
    return n;
  }

  private static boolean column(BufferedImage img, int x) {
    for (int y = 0; y < img.getHeight(); y++) {
      if ((img.getRGB(x, y) & 0xffffff) != BACKGROUND) {
        return false;
      }
    }
    return true;
  }

  private static boolean row(BufferedImage img, int y) {
    for (int x = 0; x < img.getWidth(); x++) {
      if ((img.getRGB(x, y) & 0xffffff) != BACKGROUND) {
        return false;
      }
    }
    return true;
  }

  /** Runs of indices that are not background lines. */
  private static List<int[]> spans(int n, java.util.function.IntPredicate background) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean bg = i == n || background.test(i);
      if (!bg && start < 0) {
        start = i;
      } else if (bg && start >= 0) {
        out.add(new int[] {start, i});
        start = -1;
      }
    }
    return out;
  }

  @Test
  void dreamTakesAnObjectiveAndChangesThePhotoTheStyleWay() throws Exception {
    Path out = dir.resolve("styled.png");
    CliTest.Run r =
        run(
            "dream",
            Shared.image("coffee.png").toString(),
            out.toString(),
            "--objective",
            "style("
                + Shared.image("hubble_deep_field.jpg")
                + ", conv2d_1, conv2d_3) + 0.5*content(conv2d_9)",
            "--octaves",
            "2",
            "--iterations",
            "8");
    assertEquals(0, r.code(), r.err());
    RgbImage before = ImageFiles.read(Shared.image("coffee.png"));
    RgbImage after = ImageFiles.read(out);
    assertEquals(before.width(), after.width());
    double diff = 0;
    for (int i = 0; i < after.pixels().length; i++) {
      diff += Math.abs(after.pixels()[i] - before.pixels()[i]);
    }
    assertTrue(
        diff / after.pixels().length > 2, "the photo changed: " + diff / after.pixels().length);

    CliTest.Run bad =
        run(
            "dream",
            Shared.image("coffee.png").toString(),
            out.toString(),
            "--objective",
            "layr(x)");
    assertEquals(2, bad.code());
    assertTrue(
        bad.err()
            .contains("--objective: at position 1: unknown term 'layr' (did you mean 'layer'?)"),
        bad.err());
  }

  @Test
  void objectivePresetProblemsNameTheKeyLineAndWhatToDo() throws Exception {
    Path preset = dir.resolve("bad.properties");
    Files.writeString(
        preset,
        "width = 64\nheight = 64\nframes = 2\nobjective = layer(conv2d_9) + class(bananna)"
            + " + class(cat)\n");
    CliTest.Run r = run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err()
            .contains(
                "line 4: objective: class(bananna): no class 'bananna' in the labels; similar: banana"),
        r.err());
    assertTrue(
        r.err().contains("line 4: objective: class(cat): class 'cat' is ambiguous:"), r.err());
    assertFalse(Files.exists(dir.resolve("out/bad")), "nothing rendered");

    Files.writeString(preset, "frames = 2\nobjective = layer(conv2d_9)\ndream.layers = conv2d_9\n");
    r = run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err()
            .contains(
                "line 3: dream.layers: a preset gives either objective or dream.layers, not both"),
        r.err());

    TinyVgg.write(dir.resolve("tiny_vgg.h5"));
    Files.writeString(
        preset,
        "width = 64\nheight = 64\nframes = 2\nmodel = tiny_vgg.h5\n"
            + "objective = layer(conv1_1) + class(3)\n");
    r = run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("line 5: objective: model tiny_vgg.h5 has no class logits"), r.err());
  }

  @Test
  void aClassObjectivePresetRendersAClip() throws Exception {
    Path preset = dir.resolve("banana.properties");
    Files.writeString(
        preset,
        """
        width = 96
        height = 64
        frames = 3
        mode = filters
        filters.growth = 2
        dream.octaves = 1
        dream.iterations = 3
        objective = 0:(class(banana) - 0.1*tv), 2:(layer(conv2d_9))
        filters.crossfade = 1
        encode.preset = veryfast
        """);
    CliTest.Run r = run("render", preset.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("[class(955), tv, layer(conv2d_9)]"), r.out());
    assertTrue(Files.size(dir.resolve("out/banana/banana.mp4")) > 0);
  }

  /** A still larger than --tile is dreamed in moving tiles, as renders are. */
  @Test
  void dreamTilesLargeStills() throws Exception {
    Path whole = dir.resolve("whole.png");
    Path tiled = dir.resolve("tiled.png");
    for (Path out : List.of(whole, tiled)) {
      CliTest.Run r =
          run(
              "dream",
              Shared.image("chelsea.png").toString(),
              out.toString(),
              "--octaves",
              "1",
              "--iterations",
              "2",
              "--tile",
              out == whole ? "0" : "128");
      assertEquals(0, r.code(), r.err());
    }
    RgbImage a = ImageFiles.read(whole);
    RgbImage b = ImageFiles.read(tiled);
    assertEquals(a.width(), b.width());
    double diff = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      diff += Math.abs(a.pixels()[i] - b.pixels()[i]);
    }
    assertTrue(diff > 0, "--tile reached the dream: the tiled path rolls and cuts differently");
    CliTest.Run bad =
        run("dream", Shared.image("chelsea.png").toString(), tiled.toString(), "--tile", "10");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--tile must be 0 (never) or at least 64"), bad.err());
  }
}
