package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.preset.PresetException;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.testing.Shared;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded byte-level mutations of real files, as a disk, an editor or a download mangles them:
 * truncations, other encodings (UTF-16, Latin-1), byte-order marks, flipped and inserted bytes,
 * zero bytes, huge headers and lines. Presets and images must give a result or one clean message
 * naming the file, never another exception or a hang; through the CLI, no stack trace and nothing
 * written outside the output folder. A failure prints the seed and case ({@code -Dfuzz.seed=N}
 * replays it).
 */
@Tag("slow")
class FileFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
  static final int PRESETS = 3000;
  static final int IMAGES = 800;
  static final int CLI_PRESETS = 120;
  static final int CLI_IMAGES = 30;

  @TempDir Path dir;

  /** One byte-level mangling of {@code b}. */
  private static byte[] mutate(byte[] b, SplittableRandom r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = b.length == 0 ? 0 : r.nextInt(b.length);
    switch (r.nextInt(10)) {
      case 0 -> out.writeBytes(java.util.Arrays.copyOf(b, at)); // truncated
      case 1 -> { // byte-order marks, right or wrong for what follows
        byte[][] boms = {
          {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
          {(byte) 0xFF, (byte) 0xFE},
          {(byte) 0xFE, (byte) 0xFF}
        };
        out.writeBytes(boms[r.nextInt(boms.length)]);
        out.writeBytes(b);
      }
      case 2 ->
          out.writeBytes(
              new String(b, StandardCharsets.ISO_8859_1)
                  .getBytes(
                      r.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE));
      case 3 -> { // bytes flipped
        byte[] c = b.clone();
        for (int i = 0, n = 1 + r.nextInt(8); i < n && c.length > 0; i++) {
          c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
        }
        out.writeBytes(c);
      }
      case 4 -> { // random bytes inserted, zero bytes and high bytes among them
        out.write(b, 0, at);
        for (int i = 0, n = 1 + r.nextInt(16); i < n; i++) {
          out.write(r.nextInt(4) == 0 ? 0 : r.nextInt(256));
        }
        out.write(b, at, b.length - at);
      }
      case 5 -> { // a huge line or header: 100 KB to 1 MB of one byte
        out.write(b, 0, at);
        byte fill = (byte) (r.nextBoolean() ? 'x' : r.nextInt(256));
        byte[] huge = new byte[100_000 + r.nextInt(900_000)];
        java.util.Arrays.fill(huge, fill);
        out.writeBytes(huge);
        out.write(b, at, b.length - at);
      }
      case 6 ->
          out.writeBytes(
              new String(b, StandardCharsets.UTF_8)
                  .replace("\n", r.nextBoolean() ? "\r\n" : "\r")
                  .getBytes(StandardCharsets.UTF_8));
      case 7 -> { // a block overwritten with 0xFF (a failed flash block) or zeros
        byte[] c = b.clone();
        int end = Math.min(c.length, at + 1 + r.nextInt(4096));
        java.util.Arrays.fill(c, at, end, (byte) (r.nextBoolean() ? 0xFF : 0));
        out.writeBytes(c);
      }
      case 8 -> { // Latin-1 text where UTF-8 was
        out.writeBytes(
            new String(b, StandardCharsets.UTF_8)
                .replace("e", "\u00e9")
                .getBytes(StandardCharsets.ISO_8859_1));
      }
      default -> { // a chunk of the file repeated, or the file doubled
        out.writeBytes(b);
        out.write(b, at, Math.min(b.length - at, 1 + r.nextInt(2048)));
      }
    }
    return out.toByteArray();
  }

  private static List<byte[]> presetCorpus() throws IOException {
    List<byte[]> corpus = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("presets"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
        corpus.add(Files.readAllBytes(p));
      }
    }
    return corpus;
  }

  private static List<byte[]> imageCorpus() throws IOException {
    List<byte[]> corpus = new ArrayList<>();
    for (String name : List.of("chelsea.png", "hubble_deep_field.jpg", "coffee.png")) {
      corpus.add(Files.readAllBytes(Shared.image(name)));
    }
    return corpus;
  }

  private static String show(byte[] b) {
    return b.length <= 400
        ? HexFormat.of().formatHex(b)
        : b.length + " bytes starting " + HexFormat.of().formatHex(java.util.Arrays.copyOf(b, 200));
  }

  @Test
  void mangledPresetFilesParseOrFailNamingTheFile() throws Exception {
    List<byte[]> corpus = presetCorpus();
    SplittableRandom r = new SplittableRandom(SEED);
    Path file = dir.resolve("fuzz.properties");
    for (int i = 0; i < PRESETS; i++) {
      byte[] bytes = mutate(corpus.get(r.nextInt(corpus.size())), r);
      Files.write(file, bytes);
      try {
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> {
              try {
                PresetParser.parse(file);
              } catch (PresetException e) {
                if (!e.getMessage().contains(file.toString())) {
                  fail("the error does not name the file: " + e.getMessage());
                }
              }
            });
      } catch (Throwable t) {
        fail("preset case " + i + " (seed " + SEED + "): " + t + "\n" + show(bytes), t);
      }
    }
  }

  @Test
  void mangledImagesDecodeOrFailNamingTheFile() throws Exception {
    List<byte[]> corpus = imageCorpus();
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int i = 0; i < IMAGES; i++) {
      byte[] bytes = mutate(corpus.get(r.nextInt(corpus.size())), r);
      Path file = dir.resolve("fuzz-" + (i % 2 == 0 ? "a.png" : "b.jpg"));
      Files.write(file, bytes);
      try {
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              try {
                RgbImage img = ImageFiles.read(file);
                if (img.width() < 1 || img.height() < 1) {
                  fail("empty image");
                }
              } catch (IOException e) {
                if (!e.getMessage().contains(file.toString())) {
                  fail("the error does not name the file: " + e.getMessage());
                }
              }
            });
      } catch (Throwable t) {
        fail("image case " + i + " (seed " + SEED + "): " + t + "\n" + show(bytes), t);
      }
    }
  }

  /** Everything under {@code root}, as relative paths, to see what a run wrote. */
  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void throughTheCliMangledFilesGiveOneMessageAndWriteOnlyIntoTheOutputFolder() throws Exception {
    SplittableRandom r = new SplittableRandom(SEED + 2);
    Path work = Files.createDirectories(dir.resolve("work"));
    Path out = work.resolve("out");
    List<byte[]> presets = presetCorpus();
    List<byte[]> images = imageCorpus();
    byte[] photoPreset =
        """
        name = photo
        seed = photo
        seed.image = fuzz.jpg
        width = 64
        height = 48
        frames = 1
        dream.octaves = 1
        dream.iterations = 1
        encode.preset = ultrafast
        """
            .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < CLI_PRESETS + CLI_IMAGES; i++) {
      boolean image = i >= CLI_PRESETS;
      byte[] bytes;
      Path preset = work.resolve("fuzz.properties");
      if (image) {
        bytes = mutate(images.get(r.nextInt(images.size())), r);
        Files.write(work.resolve("fuzz.jpg"), bytes);
        Files.write(preset, photoPreset);
      } else {
        bytes = mutate(presets.get(r.nextInt(presets.size())), r);
        // A mutation that leaves a valid preset renders one frame at a tenth of the work.
        Files.write(preset, bytes);
      }
      List<String> before = tree(work);
      CliTest.Run run =
          CliTest.run(
              "render",
              preset.toString(),
              "--frames",
              "1",
              "--output",
              out.toString(),
              "--model-mirror",
              Shared.models().toString());
      String what = (image ? "image" : "preset") + " case " + i + " (seed " + SEED + ")";
      if (run.code() != 0 && (run.code() != 1 || !run.err().startsWith("error: "))) {
        fail(what + ": exit " + run.code() + ", " + run.err() + "\n" + show(bytes));
      }
      if (run.err().contains("\tat ") || run.err().contains("Exception")) {
        fail(what + ": a stack trace or exception name: " + run.err() + "\n" + show(bytes));
      }
      for (String p : tree(work)) {
        if (!before.contains(p) && !p.startsWith("out")) {
          fail(what + ": wrote " + p + " outside the output folder");
        }
      }
    }
  }
}
