package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dreamzoom.app.Gallery;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.testing.RenderFolders;
import dev.dreamzoom.testing.Shared;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Render folders damaged at random (manifests, latest and kept checkpoints, locks, frames, preset
 * copies, failure notes, the gallery page), beside healthy renders in one output root: {@code
 * status}, {@code verify}, the gallery, {@code encode} and {@code repair} each give a result or one
 * clean error, never touch a healthy render or anything outside the root; and at the end a real
 * render into that root still succeeds. The seed and case count are printed; a failure names its
 * case and what was done to it.
 */
@Tag("slow")
class RenderFolderFuzzTest {
  private static final long SEED = Long.getLong("dreamzoom.fuzz.seed", 26_0026L);
  private static final int CASES = Integer.getInteger("dreamzoom.fuzz.cases", 150);
  private static final String[] JUNK = {
    "",
    "-1",
    "0",
    "99999999999",
    "../../ESCAPED",
    "/tmp/ABSOLUTE",
    "\\uZZZZ",
    "\u00e4\u00f6",
    "NaN",
    "1e9",
    "mp4,avi",
    "a\\",
    "javascript:alert(1)"
  };
  private static final String[] KEYS = {
    "name",
    "fps",
    "frames",
    "preset.frames",
    "encoded.frames",
    "encode.crf",
    "encode.format",
    "kernels",
    "precision",
    "preset.path",
    "preset.sha256",
    "encode.width"
  };

  @TempDir Path dir;

  @Test
  void damagedFoldersNeverStopTheOthersNorWriteOutsideTheRoot() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path sentinel = outside.resolve("sentinel.png");
    ImageFiles.writePngAtomically(RgbImage.filled(20, 20, 99), sentinel);
    for (String h : new String[] {"healthy-a", "healthy-b"}) {
      RenderFolders.make(root, h, 6, h.endsWith("a") ? 6 : 3);
    }
    Map<String, String> healthy = hashes(root.resolve("healthy-a"));
    healthy.putAll(hashes(root.resolve("healthy-b")));
    Map<String, String> outsideBefore = hashes(outside);

    SplittableRandom r = new SplittableRandom(SEED);
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      String name = "v" + c;
      Path v = RenderFolders.make(root, name, 6, r.nextInt(7));
      List<String> done = new ArrayList<>();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        done.add(mutate(root, v, name, sentinel, r));
      }
      String where = "case " + c + " (seed " + SEED + ": " + String.join("; ", done) + "): ";
      check(where + "status", CliTest.run("status", root.toString()), true, failures);
      CliTest.Run st = CliTest.run("status", root.toString());
      if (!st.out().matches("(?s).*\\nhealthy-a\\s+finished\\s+6/6 .*")
          || !st.out().matches("(?s).*\\nhealthy-b\\s+partial\\s+3/6 .*")) {
        failures.add(where + "status lost a healthy render: " + st.out());
      }
      check(where + "verify", CliTest.run("verify", v.toString()), false, failures);
      try {
        String page = Files.readString(Gallery.write(root));
        if (!page.contains("data-name=\"healthy-a\"")
            || !page.contains("data-name=\"healthy-b\"")) {
          failures.add(where + "the gallery lost a healthy render");
        }
      } catch (Exception e) {
        failures.add(where + "gallery: " + e);
      }
      if (c % 10 == 0) {
        check(where + "encode", CliTest.run("encode", v.toString()), false, failures);
        check(
            where + "repair",
            CliTest.run("repair", v.toString(), "--model-mirror", Shared.models().toString()),
            false,
            failures);
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " failures in " + CASES + " cases:\n" + String.join("\n", failures));
    }
    assertEquals(
        healthy,
        merged(hashes(root.resolve("healthy-a")), hashes(root.resolve("healthy-b"))),
        "the healthy renders are untouched");
    assertEquals(outsideBefore, hashes(outside), "nothing outside the root changed");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(
          List.of("outside", "root"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    System.out.printf(
        "render-folder fuzz: %d damaged folders (seed %d) beside 2 healthy ones%n", CASES, SEED);

    // A healthy render into this root, with every damaged folder still in it, finishes.
    Path preset = dir.resolve("outside/alive.properties");
    Files.writeString(
        preset,
        "name = alive\nwidth = 64\nheight = 64\nframes = 2\ndream.octaves = 1\n"
            + "dream.iterations = 1\nencode.preset = ultrafast\n");
    CliTest.Run alive = CliTest.render(preset, root);
    assertEquals(0, alive.code(), alive.out() + alive.err());
    assertTrue(Files.isRegularFile(root.resolve("alive/alive.mp4")));
    assertArrayEquals(
        Files.readAllBytes(sentinel), Files.readAllBytes(outside.resolve("sentinel.png")));
  }

  /** One result: a result, or exactly one clean error line; never a stack trace or "a bug". */
  private static void check(
      String where, CliTest.Run run, boolean mustSucceed, List<String> failures) {
    String err = run.err().strip();
    boolean clean =
        !err.contains("this is a bug")
            && !err.contains("\tat ")
            && !err.contains("Exception")
            && (err.isEmpty() || (err.startsWith("error: ") && err.lines().count() == 1));
    if (!clean || (mustSucceed && run.code() != 0) || run.code() > 1) {
      failures.add(where + ": exit " + run.code() + ", " + err.replace("\n", "\\n"));
    }
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new TreeMap<>(a);
    m.putAll(b);
    return m;
  }

  private static Map<String, String> hashes(Path folder) throws Exception {
    Map<String, String> h = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        h.put(
            p.toString(),
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return h;
  }

  /** Damages one file of render {@code v} (or the root's files about it); returns what it did. */
  private static String mutate(Path root, Path v, String name, Path sentinel, SplittableRandom r)
      throws Exception {
    List<Path> frames;
    try (Stream<Path> s =
        Files.isDirectory(v.resolve("frames")) ? Files.list(v.resolve("frames")) : Stream.empty()) {
      frames = s.sorted().toList();
    }
    List<Path> kept;
    try (Stream<Path> s =
        Files.isDirectory(v.resolve("state/keep"))
            ? Files.list(v.resolve("state/keep"))
            : Stream.empty()) {
      kept = s.sorted().toList();
    }
    Path manifest = v.resolve("manifest.properties");
    Path latest = v.resolve("state/checkpoint.bin");
    switch (r.nextInt(12)) {
      case 0 -> {
        String key = KEYS[r.nextInt(KEYS.length)];
        String value = JUNK[r.nextInt(JUNK.length)];
        if (Files.isRegularFile(manifest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          String text = Files.readString(manifest, StandardCharsets.ISO_8859_1);
          Files.writeString(
              manifest,
              text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$", "")
                  + key
                  + "="
                  + value
                  + "\n",
              StandardCharsets.ISO_8859_1);
        }
        return "manifest " + key + "=" + value;
      }
      case 1 -> {
        return damageBytes(manifest, r, "manifest");
      }
      case 2 -> {
        return damageBytes(latest, r, "latest checkpoint");
      }
      case 3 -> {
        if (kept.isEmpty()) {
          Files.createDirectories(v.resolve("state/keep"));
          Files.write(
              v.resolve("state/keep/" + (r.nextBoolean() ? "999999.bin" : "00000x.bin")),
              new byte[] {1});
          return "junk kept checkpoint name";
        }
        return damageBytes(kept.get(r.nextInt(kept.size())), r, "kept checkpoint");
      }
      case 4 -> {
        // A latest checkpoint that reads, but of another size or frame count.
        byte[] header =
            ByteBuffer.allocate(28)
                .putInt(0x445a434b)
                .putInt(1)
                .putInt(1 + r.nextInt(1000))
                .putInt(r.nextBoolean() ? 1 << 16 : 7)
                .putInt(r.nextBoolean() ? 1 << 16 : 5)
                .array();
        Files.createDirectories(latest.getParent());
        Files.deleteIfExists(latest);
        Files.write(latest, header);
        return "latest checkpoint header lies";
      }
      case 5 -> {
        Path lock = root.resolve(name + ".lock");
        dev.dreamzoom.files.AtomicFiles.deleteTree(lock);
        switch (r.nextInt(3)) {
          case 0 -> Files.write(lock, new byte[] {0, 1, 2, (byte) 0xff});
          case 1 -> Files.writeString(lock, "pid=-1\nhost=\nheartbeat=99999999999999\n");
          default -> Files.createDirectories(lock);
        }
        return "junk lock";
      }
      case 6 -> {
        if (frames.isEmpty()) {
          Files.createDirectories(v.resolve("frames/000002.png"));
          return "a folder named as a frame";
        }
        return damageBytes(frames.get(r.nextInt(frames.size())), r, "frame");
      }
      case 7 -> {
        if (frames.isEmpty()) {
          return "no frame to link";
        }
        Path f = frames.get(r.nextInt(frames.size()));
        Files.delete(f);
        Files.createSymbolicLink(f, sentinel);
        return "frame " + f.getFileName() + " linked outside";
      }
      case 8 -> {
        return damageBytes(v.resolve("preset.properties"), r, "preset copy");
      }
      case 9 -> {
        Path failed = v.resolve("state/failed.txt");
        Files.createDirectories(failed.getParent());
        byte[] junk = new byte[r.nextInt(300)];
        r.nextBytes(junk);
        Files.write(failed, junk);
        return "binary failure note";
      }
      case 10 -> {
        byte[] junk = new byte[r.nextInt(2000)];
        r.nextBytes(junk);
        Files.write(root.resolve(Gallery.FILE), junk);
        return "junk gallery page";
      }
      default -> {
        Files.deleteIfExists(manifest);
        Files.createSymbolicLink(manifest, sentinel);
        return "manifest linked to a file outside";
      }
    }
  }

  /** Truncates, flips, empties, replaces by a folder, or removes {@code file}. */
  private static String damageBytes(Path file, SplittableRandom r, String what) throws Exception {
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return what + " absent (or a link, left alone)";
    }
    byte[] b = Files.readAllBytes(file);
    switch (r.nextInt(5)) {
      case 0 -> {
        Files.write(file, java.util.Arrays.copyOf(b, r.nextInt(Math.max(1, b.length))));
        return what + " truncated";
      }
      case 1 -> {
        for (int i = 0; i < 1 + r.nextInt(6) && b.length > 0; i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
        Files.write(file, b);
        return what + " bytes flipped";
      }
      case 2 -> {
        Files.write(file, new byte[0]);
        return what + " emptied";
      }
      case 3 -> {
        Files.delete(file);
        Files.createDirectories(file);
        return what + " replaced by a folder";
      }
      default -> {
        Files.delete(file);
        return what + " deleted";
      }
    }
  }
}
