package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.cli.Main;
import dev.dreamzoom.testing.DebianPackages;
import dev.dreamzoom.testing.Held;
import dev.dreamzoom.testing.Shared;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output root's index.html, opened from file:// in a real headless Chromium (Debian's,
 * installed by the test when missing): one card per render folder, newest first, with their states,
 * frame counts, posters, previews and contact sheets actually loading; and a screenshot, kept as
 * target/gallery-screenshot.png to look at.
 */
@Tag("slow")
class GalleryTest {
  @TempDir Path dir;

  private Path preset(String name, int frames) throws Exception {
    Path p = dir.resolve(name + ".properties");
    Files.writeString(
        p,
        """
        name = %s
        random.seed = %d
        width = 192
        height = 108
        frames = %d
        dream.octaves = 2
        dream.iterations = 4
        encode.preset = ultrafast
        """
            .formatted(name, name.hashCode() & 0xffff, frames));
    return p;
  }

  private Process dreamzoom(Path log, List<String> jvm, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--model-mirror", Shared.models().toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private void render(String name, int frames) throws Exception {
    Path log = dir.resolve(name + ".log");
    Process p =
        dreamzoom(
            log,
            List.of(),
            "render",
            preset(name, frames).toString(),
            "--output",
            dir.resolve("out").toString());
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), Files.readString(log));
    Thread.sleep(1100); // distinct manifest times, to the second, for the order
  }

  private static String chromium(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium finished");
    return out;
  }

  @Test
  void theGalleryShowsEveryRenderNewestFirstAndItsMediaLoads() throws Exception {
    DebianPackages.require(List.of("chromium"), "chromium");
    Path out = dir.resolve("out");
    render("first-light", 4);
    // A render killed after frame 3 of 8: partial, shown with its latest frame.
    Path log = dir.resolve("cut.log");
    Process cut =
        dreamzoom(
            log,
            List.of("-Ddreamzoom.test.hold=frame:3"),
            "render",
            preset("cut-short", 8).toString(),
            "--output",
            out.toString());
    Held.await(out.resolve("cut-short/held"), cut, log);
    cut.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Files.delete(out.resolve("cut-short/held"));
    Thread.sleep(1100);
    render("second-wind", 6);

    Path index = out.resolve("index.html");
    String html = Files.readString(index);
    assertFalse(
        Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(),
        "nothing from the network");

    String dom = chromium("--virtual-time-budget=8000", "--dump-dom", index.toUri().toString());
    Matcher card =
        Pattern.compile(
                "<article class=\"card [^\"]*\" data-name=\"([^\"]+)\" data-state=\"([^\"]+)\""
                    + " data-frames=\"([^\"]+)\">(.*?)</article>",
                Pattern.DOTALL)
            .matcher(dom);
    List<String> seen = new ArrayList<>();
    while (card.find()) {
      String name = card.group(1);
      String body = card.group(4);
      seen.add(name + " " + card.group(2) + " " + card.group(3));
      assertTrue(
          body.matches("(?s).*<img class=\"poster\"[^>]*data-loaded=\"true\".*"),
          name + " poster: " + body);
      assertFalse(body.contains("missing"), name + ": " + body);
      if (!name.equals("cut-short")) {
        assertTrue(
            body.matches("(?s).*<video class=\"preview\"[^>]*data-loaded=\"true\".*"),
            name + " preview: " + body);
        assertTrue(
            body.matches("(?s).*<img class=\"sheet\"[^>]*data-loaded=\"true\".*"),
            name + " sheet: " + body);
        assertTrue(body.contains(name + ".mp4\">" + name + ".mp4</a>"), body);
      }
      assertTrue(body.contains("name = " + name), "the preset's text: " + body);
    }
    assertEquals(
        List.of("second-wind finished 6/6", "cut-short partial 3/8", "first-light finished 4/4"),
        seen,
        dom.length() > 3000 ? dom.substring(0, 3000) : dom);

    Path shot = Path.of("target/gallery-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    chromium(
        "--virtual-time-budget=8000",
        "--window-size=1280,900",
        "--screenshot=" + shot,
        index.toUri().toString());
    assertTrue(Files.size(shot) > 10_000, "a screenshot of the page");
  }

  /**
   * Folders named as a hostile or careless user names them still give cards whose links are
   * relative files, percent-encoded, that load: none becomes a {@code javascript:} URL, a query or
   * a fragment.
   */
  @Test
  void foldersWithHostileNamesGiveLinksThatLoadAndNeverRunScript() throws Exception {
    DebianPackages.require(List.of("chromium"), "chromium");
    Path out = dir.resolve("out");
    render("plain", 2);
    List<String> names =
        List.of(
            "javascript:alert(document.domain)",
            "night #1",
            "q?x=1",
            "half%20done",
            "caf\u00e9 ' \" <b>");
    for (String name : names) {
      Path copy = out.resolve(name);
      try (var files = Files.walk(out.resolve("plain"))) {
        for (Path p : files.toList()) {
          Files.copy(p, copy.resolve(out.resolve("plain").relativize(p).toString()));
        }
      }
    }
    Path index = Gallery.write(out);
    String html = Files.readString(index);
    Matcher link = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    int links = 0;
    while (link.find()) {
      String url = link.group(1);
      assertTrue(
          url.startsWith("./")
              && !url.contains(":")
              && !url.contains("?")
              && !url.contains("#")
              && !url.contains(" "),
          url);
      Path file =
          out.resolve(
              java.net.URLDecoder.decode(
                  url.substring(2).replace("+", "%2B"), StandardCharsets.UTF_8));
      assertTrue(Files.isRegularFile(file), url + " → " + file);
      links++;
    }
    assertTrue(links >= 4 * (names.size() + 1), links + " links");

    String dom = chromium("--virtual-time-budget=8000", "--dump-dom", index.toUri().toString());
    Matcher card =
        Pattern.compile(
                "<article class=\"card [^\"]*\" data-name=\"([^\"]+)\"[^>]*>(.*?)</article>",
                Pattern.DOTALL)
            .matcher(dom);
    int cards = 0;
    while (card.find()) {
      String body = card.group(2);
      assertTrue(
          body.matches("(?s).*<img class=\"poster\"[^>]*data-loaded=\"true\".*"),
          card.group(1) + ": " + body);
      assertTrue(
          body.matches("(?s).*<video class=\"preview\"[^>]*data-loaded=\"true\".*"),
          card.group(1) + ": " + body);
      assertFalse(body.contains("href=\"javascript:"), body);
      cards++;
    }
    assertEquals(names.size() + 1, cards, dom.length() > 3000 ? dom.substring(0, 3000) : dom);
  }
}
