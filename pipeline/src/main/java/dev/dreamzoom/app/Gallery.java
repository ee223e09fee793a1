package dev.dreamzoom.app;

import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.files.RenderLock;
import dev.dreamzoom.frames.FrameSink;
import dev.dreamzoom.frames.Manifest;
import dev.dreamzoom.frames.RenderFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code index.html} in an output root: one card per render, newest first (by when its manifest was
 * last written: started, resumed or encoded), with its poster (or latest frame), the preview clip
 * playing on hover, the clips, frames done of total, s/frame, model, seed, the preset's text and
 * the contact sheet. Plain HTML and CSS with a few lines of script, every link relative, so it
 * works from {@code file://} with no server and no internet. An image that fails to load is marked
 * on the card rather than shown broken.
 */
public final class Gallery {
  /** The page's file name in the output root. */
  public static final String FILE = "index.html";

  private Gallery() {}

  /** Writes (atomically) the gallery of every render under {@code root}; returns its path. */
  public static Path write(Path root) throws IOException {
    List<Card> cards = new ArrayList<>();
    for (RenderStatus.Entry e : RenderStatus.scan(root, RenderLock.STALE_AFTER)) {
      cards.add(Card.of(root, e));
    }
    cards.sort(Comparator.comparing(Card::updated).reversed().thenComparing(c -> c.entry().name()));
    StringBuilder html = new StringBuilder(GalleryPage.HEAD);
    html.append("<header><h1>dreamzoom renders</h1><p>")
        .append(cards.size())
        .append(cards.size() == 1 ? " render" : " renders")
        .append(" in ")
        .append(esc(root.toAbsolutePath().normalize().toString()))
        .append("</p></header>\n<main>\n");
    for (Card c : cards) {
      c.appendTo(html);
    }
    if (cards.isEmpty()) {
      html.append("<p class=\"empty\">No renders yet.</p>\n");
    }
    html.append("</main>\n").append(GalleryPage.SCRIPT).append("</body>\n</html>\n");
    Path file = root.resolve(FILE);
    AtomicFiles.write(file, out -> out.write(html.toString().getBytes(StandardCharsets.UTF_8)));
    return file;
  }

  /** One render as the page shows it. */
  private record Card(
      RenderStatus.Entry entry,
      Manifest manifest,
      FileTime updated,
      String poster,
      List<String> clips,
      String preview,
      String sheet,
      String preset) {
    /** The card of one render; what cannot be read is left off it, never thrown. */
    static Card of(Path root, RenderStatus.Entry e) {
      RenderFolder folder = new RenderFolder(root, e.name());
      Manifest m = null;
      try {
        m = Manifest.read(folder.manifestFile());
      } catch (IOException | RuntimeException ignored) {
        // The card says the render is damaged, as its status does.
      }
      String name = m == null ? e.name() : m.name();
      String dir = e.name() + "/";
      String poster = null;
      if (Files.isRegularFile(folder.dir().resolve(name + "-poster.png"))) {
        poster = dir + name + "-poster.png";
      } else if (e.done() > 0 && Files.isRegularFile(folder.frames().file(e.done() - 1))) {
        poster = dir + "frames/" + folder.frames().file(e.done() - 1).getFileName();
      }
      List<String> clips = new ArrayList<>();
      for (String ext : List.of("mp4", "webm", "gif")) {
        for (String base : List.of(name, name + ".partial")) {
          if (Files.isRegularFile(folder.dir().resolve(base + "." + ext))) {
            clips.add(dir + base + "." + ext);
          }
        }
      }
      String preview =
          Files.isRegularFile(folder.dir().resolve(name + "-preview.mp4"))
              ? dir + name + "-preview.mp4"
              : null;
      String sheet =
          Files.isRegularFile(folder.dir().resolve("sheet.png")) ? dir + "sheet.png" : null;
      String preset = readable(folder.presetCopy());
      FileTime updated;
      try {
        updated = Files.getLastModifiedTime(folder.manifestFile());
      } catch (IOException ignored) {
        updated = FileTime.fromMillis(0);
      }
      return new Card(e, m, updated, poster, clips, preview, sheet, preset);
    }

    /** A text file's content, or null when it is missing or does not read as UTF-8. */
    private static String readable(Path file) {
      try {
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      } catch (IOException e) {
        return null;
      }
    }

    void appendTo(StringBuilder h) {
      RenderStatus.Entry e = entry;
      String state = e.state().label();
      h.append("<article class=\"card ")
          .append(e.state().name().toLowerCase(Locale.ROOT))
          .append("\" data-name=\"")
          .append(esc(e.name()))
          .append("\" data-state=\"")
          .append(state)
          .append("\" data-frames=\"")
          .append(e.done())
          .append('/')
          .append(e.total())
          .append("\">\n");
      h.append("<div class=\"media\">");
      if (poster != null) {
        h.append("<img class=\"poster\" src=\"")
            .append(esc(url(poster)))
            .append("\" alt=\"")
            .append(esc(e.name()))
            .append("\">");
      } else {
        h.append("<div class=\"noimage\">no frame yet</div>");
      }
      if (preview != null) {
        h.append("<video class=\"preview\" src=\"")
            .append(esc(url(preview)))
            .append("\" muted loop playsinline preload=\"metadata\"></video>");
      }
      h.append("</div>\n<h2>").append(esc(e.name())).append("</h2>\n");
      h.append("<p class=\"state\"><span class=\"badge\">")
          .append(state)
          .append("</span> ")
          .append(e.done())
          .append(" / ")
          .append(e.total())
          .append(" frames");
      if (e.secondsPerFrame() > 0) {
        h.append(String.format(Locale.ROOT, " &middot; %.2f s/frame", e.secondsPerFrame()));
      }
      h.append("</p>\n");
      if (manifest != null) {
        h.append("<p class=\"meta\">model ")
            .append(esc(manifest.metadata().getOrDefault("dreamzoom_model", "?")))
            .append(" &middot; seed ")
            .append(esc(manifest.metadata().getOrDefault("dreamzoom_seed", "?")))
            .append("</p>\n");
      }
      if (!e.note().isBlank()) {
        h.append("<p class=\"note\">").append(esc(e.note())).append("</p>\n");
      }
      if (!clips.isEmpty()) {
        h.append("<p class=\"clips\">");
        for (String c : clips) {
          h.append("<a href=\"")
              .append(esc(url(c)))
              .append("\">")
              .append(esc(c.substring(c.indexOf('/') + 1)))
              .append("</a> ");
        }
        h.append("</p>\n");
      }
      if (sheet != null) {
        h.append("<details><summary>contact sheet</summary><a href=\"")
            .append(esc(url(sheet)))
            .append("\"><img class=\"sheet\" src=\"")
            .append(esc(url(sheet)))
            .append("\" alt=\"contact sheet of ")
            .append(esc(e.name()))
            .append("\"></a></details>\n");
      }
      if (preset != null) {
        h.append("<details><summary>preset</summary><pre>")
            .append(esc(preset))
            .append("</pre></details>\n");
      }
      h.append("</article>\n");
    }
  }

  /**
   * A path relative to the gallery as an href or src: each segment percent-encoded (RFC 3986
   * unreserved characters kept) and the whole led by {@code ./}, so that no folder name can become
   * a scheme ({@code javascript:}), a query ({@code ?}), a fragment ({@code #}) or an escape.
   */
  static String url(String relative) {
    StringBuilder b = new StringBuilder("./");
    byte[] bytes = relative.getBytes(StandardCharsets.UTF_8);
    for (byte x : bytes) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Writes the gallery, logging instead of failing: a render never fails for its gallery. */
  public static void update(Path root, org.slf4j.Logger log) {
    try {
      write(root);
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not update {}: {}", root.resolve(FILE), e.toString());
    } catch (RuntimeException e) {
      log.warn("could not update {} (this is a bug): {}", root.resolve(FILE), e.toString());
    }
  }

  /**
   * {@code target}, then the gallery of {@code root} updated after each frame it stores, so the
   * page shows the latest frame and the count while a render runs. Meant to run on the frame
   * writer's thread, off the dream's. Where frames come faster than the page is written (tiny
   * frames, hundreds of renders in the root), a page that took over 50 ms to write is written again
   * only once ten times that has passed: it never costs the writer more than a tenth of its time.
   */
  /** A page written faster than this is written after every frame, whatever the frame rate. */
  private static final long CHEAP_PAGE_NANOS = 50_000_000L;

  static FrameSink updatingAfter(FrameSink target, Path root, org.slf4j.Logger log) {
    long[] last = {0, 0}; // when the page was last written, and how long that took (ns)
    return FrameSink.withState(
        (index, frame, state) -> {
          target.accept(index, frame, state);
          long now = System.nanoTime();
          if (last[1] < CHEAP_PAGE_NANOS || now - last[0] >= 10 * last[1]) {
            last[0] = now;
            update(root, log);
            last[1] = System.nanoTime() - now;
          }
        });
  }
}
