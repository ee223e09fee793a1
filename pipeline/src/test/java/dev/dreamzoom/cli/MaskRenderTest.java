package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.Wavs;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dream.mask} end to end with the real network: where the mask is 0 the frame is the photo,
 * bit for bit; the segmentation network keeps a person (or only dreams them); a shape keyed to the
 * music moves with it; a masked render resumes exactly after kill -9.
 */
@Tag("slow")
class MaskRenderTest {
  @TempDir Path dir;

  /** {@code photo} cover-cropped to {@code w x h} and stored as a PNG: a seed the frame equals. */
  private Path seed(String photo, int w, int h) throws Exception {
    Path png = dir.resolve(photo.replace(".png", "") + "-" + w + "x" + h + ".png");
    ImageFiles.writePngAtomically(ImageFiles.read(Shared.image(photo)).coverCrop(w, h), png);
    return png;
  }

  private Path preset(String name, String body) throws Exception {
    return Files.writeString(dir.resolve(name + ".properties"), "name = " + name + "\n" + body);
  }

  private static List<Path> frames(Path render) throws Exception {
    try (Stream<Path> s = Files.list(render.resolve("frames"))) {
      return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
  }

  private static int[] rgb(Path png) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  /** Mean absolute channel difference of pixels {@code a} and {@code b} where {@code in} holds. */
  private static double change(int[] a, int[] b, int w, java.util.function.IntBinaryOperator in) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (in.applyAsInt(i % w, i / w) != 0) {
        for (int s = 0; s <= 16; s += 8) {
          sum += Math.abs((a[i] >> s & 255) - (b[i] >> s & 255));
        }
        n += 3;
      }
    }
    return sum / n;
  }

  @Test
  void aLeftHalfMaskDreamsTheLeftAndLeavesTheRightExactlyThePhoto() throws Exception {
    int w = 160;
    int h = 96;
    String common =
        "seed = photo\nseed.image = "
            + seed("astronaut.png", w, h)
            + "\nrandom.seed = 3\nwidth = 160\nheight = 96\nframes = 3\nfps = 10\n"
            + "motion.zoom = 1\nencode.format = gif\n";
    // No feather: the dream's lower octaves reach across the edge, and the last blend cuts them
    // off.
    Path masked =
        preset("left", common + "dream.mask = rect(0, 0, 0.5, 1)\ndream.mask.feather = 0\n");
    Path feathered =
        preset("feathered", common + "dream.mask = rect(0, 0, 0.5, 1)\ndream.mask.feather = 8\n");
    Path everywhere = preset("everywhere", common);
    Path out = dir.resolve("out");
    CliTest.Run r = CliTest.render(masked, out);
    assertEquals(0, r.code(), r.err());
    assertEquals(0, CliTest.render(everywhere, out).code());
    int[] photo = rgb(seed("astronaut.png", w, h));
    List<Path> left = frames(out.resolve("left"));
    assertEquals(3, left.size());
    for (Path f : left) {
      int[] px = rgb(f);
      for (int i = 0; i < px.length; i++) {
        if (i % w >= w / 2) {
          assertEquals(photo[i], px[i], f.getFileName() + ": pixel " + i % w + "," + i / w);
        }
      }
    }
    // The left half dreams as hard as a dream of the whole frame.
    int[] last = rgb(left.get(2));
    int[] whole = rgb(frames(out.resolve("everywhere")).get(2));
    double maskedChange = change(photo, last, w, (x, y) -> x < w / 2 ? 1 : 0);
    double wholeChange = change(photo, whole, w, (x, y) -> x < w / 2 ? 1 : 0);
    System.out.printf(
        "left half's mean change: masked %.2f, unmasked %.2f levels%n", maskedChange, wholeChange);
    Margins.atLeast(
        "masked left half's change / an unmasked dream's", maskedChange / wholeChange, 0.9);

    // preview --mask shows the mask: the feathered band falls monotonically to 0 at the middle.
    Path shown = dir.resolve("shown.png");
    CliTest.Run p =
        CliTest.run(
            "preview",
            feathered.toString(),
            "--scale",
            "1",
            "--mask",
            "--out",
            shown.toString(),
            "--model-mirror",
            Shared.models().toString());
    assertEquals(0, p.code(), p.err());
    Path maskFile = dir.resolve("shown.mask.png");
    assertTrue(p.out().contains(maskFile.toString()), p.out());
    BufferedImage mask = ImageIO.read(maskFile.toFile());
    assertEquals(w, mask.getWidth());
    for (int y = 0; y < h; y++) {
      for (int x = 1; x < w; x++) {
        int here = mask.getRGB(x, y) & 255;
        assertTrue(here <= (mask.getRGB(x - 1, y) & 255), "monotone at " + x + "," + y);
        if (x >= w / 2) {
          assertEquals(0, here, "no weight right of the middle at " + x + "," + y);
        }
      }
      assertEquals(255, mask.getRGB(10, y) & 255);
      assertTrue((mask.getRGB(w / 2 - 2, y) & 255) < 128, "soft at the edge");
    }
  }

  @Test
  void backgroundKeepsThePersonSubjectDreamsOnlyThemAndTheRenderResumesExactly() throws Exception {
    int side = 192;
    Path photoFile = seed("astronaut.png", side, side);
    String common =
        "seed = photo\nseed.image = "
            + photoFile
            + "\nrandom.seed = 5\nwidth = 192\nheight = 192\nfps = 10\nmotion.zoom = 1\n"
            + "dream.step = 2\nencode.format = gif\n";
    Path out = dir.resolve("out");
    Path background = preset("background", common + "frames = 3\ndream.mask = background\n");
    Path subject = preset("subject", common + "frames = 1\ndream.mask = subject\n");
    CliTest.Run bg = CliTest.render(background, out);
    assertEquals(0, bg.code(), bg.err());
    assertEquals(0, CliTest.render(subject, out).code());

    // The person as drawn by hand (on the 512-pixel photo), scaled to the frame.
    Polygon drawn = dev.dreamzoom.model.SegmenterTest.reference("astronaut");
    double f = side / 512.0;
    java.util.function.IntBinaryOperator person =
        (x, y) -> drawn.contains((x + 0.5) / f, (y + 0.5) / f) ? 1 : 0;
    java.util.function.IntBinaryOperator rest = (x, y) -> 1 - person.applyAsInt(x, y);
    int[] photo = rgb(photoFile);
    int[] keptPerson = rgb(frames(out.resolve("background")).get(0));
    int[] onlyPerson = rgb(frames(out.resolve("subject")).get(0));
    double bgPerson = change(photo, keptPerson, side, person);
    double bgRest = change(photo, keptPerson, side, rest);
    double subPerson = change(photo, onlyPerson, side, person);
    double subRest = change(photo, onlyPerson, side, rest);
    System.out.printf(
        "background: person %.2f, rest %.2f; subject: person %.2f, rest %.2f levels%n",
        bgPerson, bgRest, subPerson, subRest);
    Margins.atMost("background: the person's change / the rest's", bgPerson / bgRest, 1 / 3.0);
    Margins.atMost("subject: the rest's change / the person's", subRest / subPerson, 1 / 3.0);

    // Killed after frame 2's PNG, before its checkpoint; resumed, the frames are the same bytes.
    Subprocess.assertResumesExactly("png:2", background, "background", out, dir);
  }

  @Test
  void aMaskPictureIsPartOfTheRendersIdentity() throws Exception {
    // A picture mask: white on the left, black on the right.
    BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 32; x++) {
        picture.getRaster().setSample(x, y, 0, 255);
      }
    }
    Path maskFile = dir.resolve("left.png");
    ImageIO.write(picture, "png", maskFile.toFile());
    Path preset =
        preset(
            "pictured",
            "seed = photo\nseed.image = "
                + seed("chelsea.png", 64, 48)
                + "\nwidth = 64\nheight = 48\nframes = 3\nmotion.zoom = 1\ndream.octaves = 1\n"
                + "dream.iterations = 2\ndream.mask = left.png\nencode.format = gif\n");
    Path out = dir.resolve("out");
    assertEquals(0, CliTest.render(preset, out, "--frames", "1").code());
    // Another picture under the same name would dream other frames after the ones on disk.
    picture.getRaster().setSample(40, 10, 0, 255);
    ImageIO.write(picture, "png", maskFile.toFile());
    CliTest.Run changed = CliTest.render(preset, out);
    assertEquals(1, changed.code(), changed.out());
    assertTrue(
        changed.err().contains("dream.mask = ")
            && changed.err().contains("left.png")
            && changed.err().contains("since the render began"),
        changed.err());
  }

  @Test
  void aShapeKeyedToTheMusicMovesWithIt() throws Exception {
    int rate = 22050;
    double seconds = 3;
    float[] x = new float[(int) (seconds * rate)];
    // Bass bursts that swell and fade: 55 Hz under an envelope of half-second periods.
    for (int i = 0; i < x.length; i++) {
      double s = (double) i / rate;
      double env = Math.max(0, Math.sin(Math.PI * s / 0.75));
      x[i] = (float) (0.6 * env * env * Math.sin(2 * Math.PI * 55 * s));
    }
    Wavs.write(dir.resolve("bass.wav"), x, rate, 1);
    Path preset =
        preset(
            "breathing",
            "seed = photo\nseed.image = "
                + seed("chelsea.png", 96, 64)
                + "\nwidth = 96\nheight = 64\nfps = 10\nframes = auto\naudio = bass.wav\n"
                + "motion.zoom = 1\ndream.octaves = 1\ndream.iterations = 2\ndream.step = 3\n"
                + "dream.mask = ellipse(0.5, 0.5, 0.05 + 0.4*bass, 0.45)\n"
                + "dream.mask.feather = 0\nencode.format = gif\n");
    Path out = dir.resolve("out");
    CliTest.Run r = CliTest.render(preset, out);
    assertEquals(0, r.code(), r.err());
    List<Path> f = frames(out.resolve("breathing"));
    // Each frame changes the one before it exactly where its mask is above 0.
    double[] area = new double[f.size() - 1];
    for (int t = 1; t < f.size(); t++) {
      int[] a = rgb(f.get(t - 1));
      int[] b = rgb(f.get(t));
      int changed = 0;
      for (int i = 0; i < a.length; i++) {
        changed += a[i] != b[i] ? 1 : 0;
      }
      area[t - 1] = (double) changed / a.length;
    }
    double[] bass = MusicRenderTest.column(out.resolve("breathing/state"), "bass");
    double[] want = new double[area.length];
    for (int t = 1; t < f.size(); t++) {
      want[t - 1] = Math.min(0.5, 0.05 + 0.4 * bass[t]);
    }
    double corr = MusicRenderTest.correlation(area, want);
    System.out.printf("changed area against the ellipse's radius: r = %.3f%n", corr);
    Margins.atMost("the masked area follows the bass (1 - r)", 1 - corr, 0.1);
  }
}
