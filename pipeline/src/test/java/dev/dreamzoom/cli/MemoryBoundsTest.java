package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Shared;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes beyond this process's memory are refused before the work, with what fits, instead of an
 * {@code OutOfMemoryError} after it: run in a JVM with a small heap (and a small JavaCPP native
 * limit), as a smaller machine would be.
 */
@Tag("slow")
class MemoryBoundsTest {
  @TempDir Path dir;

  private Path photo(int width, int height) throws Exception {
    BufferedImage src = ImageIO.read(Shared.image("chelsea.png").toFile());
    BufferedImage big = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = big.createGraphics();
    g.drawImage(src, 0, 0, width, height, null);
    g.dispose();
    Path file = dir.resolve(width + "x" + height + ".png");
    ImageIO.write(big, "png", file.toFile());
    return file;
  }

  private record Ran(int code, String log, double seconds) {}

  private Ran run(List<String> jvm, String... args) throws Exception {
    Path log = dir.resolve("run.log");
    long t0 = System.nanoTime();
    Process p = Subprocess.start(log, jvm, args);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
    return new Ran(p.exitValue(), Files.readString(log), (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void aDreamTooLargeForTheHeapIsRefusedAtOnceWithTheSizeThatFits() throws Exception {
    Path big = photo(4000, 4000);
    Ran r = run(List.of("-Xmx1g"), "dream", big.toString(), dir.resolve("out.png").toString());
    assertEquals(1, r.code(), r.log());
    Matcher fits =
        Pattern.compile(
                "error: dream of 4000x4000.png at 4000x4000 needs about 1.9 GB of Java heap"
                    + " for its images and this process has [\\d.]+ GB free: about (\\d+)x(\\d+) fits")
            .matcher(r.log());
    assertTrue(fits.find(), r.log());
    assertFalse(r.log().contains("OutOfMemoryError") || r.log().contains("\tat "), r.log());
    assertTrue(r.seconds() < 60, "refused before the work: " + r.seconds() + " s");
    assertFalse(Files.exists(dir.resolve("out.png")));
    // The size it says fits does.
    Path fitting = photo(Integer.parseInt(fits.group(1)), Integer.parseInt(fits.group(2)));
    Ran ok =
        run(
            List.of("-Xmx1g"),
            "dream",
            fitting.toString(),
            dir.resolve("out.png").toString(),
            "--octaves",
            "1",
            "--iterations",
            "1");
    assertEquals(0, ok.code(), ok.log());

    Path preset = dir.resolve("wide.properties");
    Files.writeString(preset, "width = 4000\nheight = 4000\nframes = 2\n");
    Ran render =
        run(
            List.of("-Xmx1g"),
            "render",
            preset.toString(),
            "--output",
            dir.resolve("out").toString());
    assertEquals(1, render.code(), render.log());
    assertTrue(
        render.log().contains("error: rendering wide at 4000x4000 needs about"), render.log());
    assertFalse(Files.exists(dir.resolve("out/wide")), "nothing written");
  }

  @Test
  void anUntiledDreamBeyondNativeMemoryIsToldATileThatFitsAndThatTileWorks() throws Exception {
    Path photo = photo(2000, 2000);
    List<String> small = List.of("-Xmx1g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=1500m");
    Ran r =
        run(
            small,
            "dream",
            photo.toString(),
            dir.resolve("out.png").toString(),
            "--tile",
            "0",
            "--octaves",
            "1",
            "--iterations",
            "1");
    assertEquals(1, r.code(), r.log());
    Matcher m =
        Pattern.compile(
                "native memory for the network's activations on the whole image and this"
                    + " process may use [\\d.]+ GB more: compute it in tiles of at most (\\d+) pixels \\(--tile \\1\\)")
            .matcher(r.log());
    assertTrue(m.find(), r.log());
    Ran tiled =
        run(
            small,
            "dream",
            photo.toString(),
            dir.resolve("out.png").toString(),
            "--tile",
            m.group(1),
            "--octaves",
            "1",
            "--iterations",
            "1");
    assertEquals(0, tiled.code(), tiled.log());
    assertTrue(Files.isRegularFile(dir.resolve("out.png")));
  }
}
