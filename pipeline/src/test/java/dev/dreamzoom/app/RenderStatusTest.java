package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.testing.RenderFolders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The morning report and the gallery over a large output root with damaged folders in it. */
class RenderStatusTest {
  @TempDir Path root;

  /** Ten ways a folder is damaged, each with the file its reason must name. */
  private Map<String, String> damage() throws Exception {
    Map<String, String> named = new LinkedHashMap<>();
    Path d = root.resolve("render-0007");
    Files.writeString(
        d.resolve("manifest.properties"), "name=\\uZZZZ\n", StandardCharsets.ISO_8859_1);
    named.put("render-0007", "manifest.properties");
    d = root.resolve("render-0031");
    byte[] noise = new byte[700];
    new java.util.Random(31).nextBytes(noise);
    Files.write(d.resolve("manifest.properties"), noise);
    named.put("render-0031", "manifest.properties");
    d = root.resolve("render-0058");
    Files.writeString(
        d.resolve("manifest.properties"),
        Files.readString(d.resolve("manifest.properties")).replaceAll("(?m)^fps=.*$", ""));
    named.put("render-0058", "manifest.properties");
    d = root.resolve("render-0090");
    Files.writeString(
        d.resolve("manifest.properties"),
        Files.readString(d.resolve("manifest.properties"))
            .replaceAll("(?m)^name=.*$", "name=../../ESCAPED"));
    named.put("render-0090", "manifest.properties");
    d = root.resolve("render-0123");
    Files.writeString(
        d.resolve("manifest.properties"),
        Files.readString(d.resolve("manifest.properties"))
            .replaceAll("(?m)^encode.crf=.*$", "encode.crf=999"));
    named.put("render-0123", "manifest.properties");
    d = root.resolve("render-0150");
    byte[] ck = Files.readAllBytes(d.resolve("state/checkpoint.bin"));
    Files.write(d.resolve("state/checkpoint.bin"), java.util.Arrays.copyOf(ck, ck.length / 2));
    named.put("render-0150", "checkpoint.bin");
    d = root.resolve("render-0177");
    Files.write(
        d.resolve("state/checkpoint.bin"), "not a checkpoint".getBytes(StandardCharsets.UTF_8));
    named.put("render-0177", "checkpoint.bin");
    d = root.resolve("render-0201");
    // A header claiming 60000x60000 pixels: refused from the header, before anything is allocated.
    Files.write(
        d.resolve("state/checkpoint.bin"),
        ByteBuffer.allocate(28)
            .putInt(0x445a434b)
            .putInt(1)
            .putInt(4)
            .putInt(60000)
            .putInt(60000)
            .array());
    named.put("render-0201", "checkpoint.bin");
    d = root.resolve("render-0250");
    Files.delete(d.resolve("manifest.properties"));
    Files.createDirectories(d.resolve("manifest.properties"));
    named.put("render-0250", "manifest.properties");
    d = root.resolve("render-0299");
    Files.delete(d.resolve("state/checkpoint.bin"));
    Files.createDirectories(d.resolve("state/checkpoint.bin"));
    named.put("render-0299", "checkpoint.bin");
    return named;
  }

  @Test
  void statusListsThreeHundredRendersWithTenDamagedInUnderThreeSeconds() throws Exception {
    for (int i = 0; i < 300; i++) {
      RenderFolders.make(root, String.format("render-%04d", i), 6, i % 3 == 0 ? 6 : 1 + i % 5);
    }
    Map<String, String> damaged = damage();
    // Non-UTF-8 preset copy and a garbage lock: read by the gallery and status, damage nothing.
    Files.write(
        root.resolve("render-0002/preset.properties"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
    Files.writeString(root.resolve("render-0004.lock"), "\u0000\u0001garbage");

    long start = System.nanoTime();
    List<RenderStatus.Entry> entries = RenderStatus.scan(root, RenderLock.STALE_AFTER);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("status over %d render folders: %.3f s%n", entries.size(), seconds);
    assertEquals(300, entries.size());
    assertTrue(seconds < 3, "status took " + seconds + " s");
    Map<String, RenderStatus.Entry> byName =
        entries.stream().collect(Collectors.toMap(RenderStatus.Entry::name, e -> e));
    for (Map.Entry<String, String> d : damaged.entrySet()) {
      RenderStatus.Entry e = byName.get(d.getKey());
      assertEquals(RenderStatus.State.DAMAGED, e.state(), d.getKey() + ": " + e);
      assertTrue(
          e.note().contains(root.resolve(d.getKey()).toString()) && e.note().contains(d.getValue()),
          d.getKey() + " names its file: " + e.note());
    }
    assertEquals(10, entries.stream().filter(e -> e.state() == RenderStatus.State.DAMAGED).count());
    assertEquals(RenderStatus.State.FINISHED, byName.get("render-0003").state());
    assertEquals(RenderStatus.State.PARTIAL, byName.get("render-0004").state());
    assertEquals(5, byName.get("render-0004").done());

    start = System.nanoTime();
    Path page = Gallery.write(root);
    double gallery = (System.nanoTime() - start) / 1e9;
    System.out.printf("gallery over %d render folders: %.3f s%n", entries.size(), gallery);
    String html = Files.readString(page);
    assertEquals(300, html.split("<article class=\"card ", -1).length - 1);
    assertTrue(gallery < 3, "the gallery took " + gallery + " s");
  }
}
