package dev.dreamzoom.app;

import dev.dreamzoom.audio.MusicVariable;
import dev.dreamzoom.audio.SoundAnalysis;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.files.SourceFile;
import dev.dreamzoom.media.VideoReader;
import dev.dreamzoom.preset.Media;
import dev.dreamzoom.preset.Problem;
import dev.dreamzoom.preset.Sound;
import dev.dreamzoom.preset.VideoFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media files a preset names, for its parser: a source video's length read from its header, and
 * soundtracks, each analysed once and kept in its render's {@code state/} folder, as the CSV {@code
 * dreamzoom audio --csv} writes, under a name made of the file's SHA-256, the analysis version, the
 * frame rate and the offset. A resumed render reads the same numbers back (written exactly, as
 * Java's shortest round-trip decimals), so its schedules give the values the first run gave; a
 * changed file, analysis or rate is a new name, never a stale hit.
 */
public final class MediaFiles implements Media {
  /** A kept analysis's file name: what follows its hash and version is its rate and offset. */
  private static final Pattern KEPT = Pattern.compile("audio-[0-9a-f]+-v\\d+-(.*)");

  private final Path outputRoot;
  private final boolean keep;
  private final List<Problem> notes = new ArrayList<>();
  private final java.util.Map<Path, String> fresh = new java.util.LinkedHashMap<>();
  private final java.util.Map<Path, Path> opened = new java.util.LinkedHashMap<>();
  private final java.util.Set<Path> damaged = new java.util.HashSet<>();
  private boolean restarting;

  private MediaFiles(Path outputRoot, boolean keep) {
    this.outputRoot = outputRoot;
    this.keep = keep;
  }

  /** For a render: new analyses are written into its folder by {@link #keepNew(Path)}. */
  public static MediaFiles keeping(Path outputRoot) {
    return new MediaFiles(outputRoot, true);
  }

  /**
   * For commands that only look: a kept analysis is read, a missing one computed and not written.
   */
  public static MediaFiles reading(Path outputRoot) {
    return new MediaFiles(outputRoot, false);
  }

  /**
   * Whether the renders opened from now on start over ({@code --restart}): an analysis an earlier
   * version of dreamzoom kept in the render's folder is then not read, the track is analysed anew.
   */
  public void restarting(boolean restart) {
    this.restarting = restart;
  }

  /**
   * What happened to each track opened since the last call: analysed (and how long it took), read
   * from a render folder, or taken from earlier in this run.
   */
  public List<Problem> takeNotes() {
    List<Problem> taken = List.copyOf(notes);
    notes.clear();
    return taken;
  }

  /**
   * Why a render begun in {@code renderDir} cannot go on with the tracks opened now: it kept an
   * analysis at the same rate and offset, but not this one (the file changed, or this dreamzoom
   * analyses differently), so its next frames would not continue the ones on disk.
   */
  public java.util.Optional<String> changedSince(Path renderDir) throws IOException {
    for (var e : opened.entrySet()) {
      Path cached = e.getKey();
      if (!cached.startsWith(renderDir) || Files.isRegularFile(cached)) {
        continue;
      }
      Matcher own = KEPT.matcher(cached.getFileName().toString());
      String tail = own.matches() ? own.group(1) : cached.getFileName().toString();
      try (var kept = Files.list(cached.getParent())) {
        if (kept.anyMatch(
            f -> {
              Matcher m = KEPT.matcher(f.getFileName().toString());
              return m.matches() && m.group(1).equals(tail);
            })) {
          return java.util.Optional.of(
              "its soundtrack "
                  + e.getValue()
                  + " has changed since it began (or this"
                  + " dreamzoom analyses music differently: analysis v"
                  + SoundAnalysis.VERSION
                  + ")");
        }
      } catch (java.nio.file.NoSuchFileException missing) {
        // No state folder: nothing was kept.
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The newest analysis of an earlier version that {@code renderDir} kept of this track, rate and
   * offset.
   */
  private static Path older(Path renderDir, String sha256, int fps, double offset) {
    for (int v = SoundAnalysis.VERSION - 1; v >= 1; v--) {
      Path f = file(renderDir, sha256, v, fps, offset);
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    return null;
  }

  /** The file a render keeps the analysis of {@code track} in. */
  public static Path file(Path renderDir, String sha256, int fps, double offset) {
    return file(renderDir, sha256, SoundAnalysis.VERSION, fps, offset);
  }

  /** The file a render keeps analysis {@code version} of {@code track} in. */
  private static Path file(Path renderDir, String sha256, int version, int fps, double offset) {
    return renderDir
        .resolve("state")
        .resolve(
            String.format(
                Locale.ROOT,
                "audio-%s-v%d-%dfps-%ss.csv",
                sha256.substring(0, 16),
                version,
                fps,
                Double.toString(offset)));
  }

  /**
   * A source video's length and sound, from its header (decoding it only when the header has no
   * length).
   */
  @Override
  public VideoFacts video(Path file) throws IOException {
    VideoReader.Facts f = VideoReader.probe(file);
    return new VideoFacts(f.duration(), f.fps(), f.hasAudio());
  }

  /**
   * The track's analysis: one made earlier in this run, the one its render kept (of this version,
   * or of the earlier version the render began with, so that its frames continue exactly), or a new
   * one.
   */
  @Override
  public Sound open(String render, Path track, int fps, double offset) throws IOException {
    Path renderDir = outputRoot.resolve(render);
    String sha256 = SourceFile.sha256(track);
    Path cached = file(renderDir, sha256, fps, offset);
    String earlier = fresh.get(cached);
    if (earlier != null) {
      // A batch reads each preset for its estimate, then again to render it: one analysis serves
      // both.
      opened.put(cached, track);
      notes.add(Problem.note("audio: " + track.getFileName() + ": analysed earlier in this run"));
      return parse(earlier, fps, track.toString());
    }
    Path kept =
        Files.isRegularFile(cached)
            ? cached
            : restarting ? null : older(renderDir, sha256, fps, offset);
    if (kept != null) {
      try {
        String text = Files.readString(kept, StandardCharsets.UTF_8);
        Sound s = parse(text, fps, kept.toString());
        opened.put(kept, track);
        if (kept.equals(cached)) {
          if (keep) {
            fresh.put(cached, text);
          }
          notes.add(Problem.note("audio: " + track.getFileName() + ": analysis read from " + kept));
        } else {
          notes.add(
              Problem.note(
                  "audio: "
                      + track.getFileName()
                      + ": this render began with an earlier"
                      + " analysis of the music ("
                      + kept.getFileName()
                      + "); it goes on with that one, so its frames"
                      + " continue exactly (--restart analyses the track anew, as this version does: v"
                      + SoundAnalysis.VERSION
                      + ")"));
        }
        return s;
      } catch (IOException | RuntimeException e) {
        // Damaged state, not the preset's fault: analysed again, and the kept file replaced.
        notes.add(
            Problem.warning(
                "the kept analysis "
                    + kept
                    + " is damaged ("
                    + e.getMessage()
                    + ");"
                    + " analysing "
                    + track.getFileName()
                    + " again"));
        damaged.add(cached);
      }
    }
    opened.put(cached, track);
    long start = System.nanoTime();
    SoundAnalysis a = SoundReport.analyse(track, fps, offset);
    String csv = SoundReport.csv(a);
    notes.add(
        Problem.note(
            String.format(
                Locale.ROOT,
                "audio: %s: %.1f BPM, %d onsets, analysed in %.1f s",
                track.getFileName(),
                a.bpm(),
                a.onsets().length,
                (System.nanoTime() - start) / 1e9)));
    if (keep) {
      fresh.put(cached, csv);
    }
    return parse(csv, fps, track.toString());
  }

  /**
   * Writes the analyses opened for the render in {@code renderDir} into its {@code state/} where
   * they are not there (new, or the folder was moved aside by --restart): called by the render once
   * its folder is ready, so that parsing a preset never creates a folder. Other renders' analyses
   * (a batch's) wait for their own.
   */
  public void keepNew(Path renderDir) throws IOException {
    for (var it = fresh.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getKey().startsWith(renderDir)) {
        continue;
      }
      if (!Files.isRegularFile(e.getKey()) || damaged.remove(e.getKey())) {
        Files.createDirectories(e.getKey().getParent());
        AtomicFiles.write(e.getKey(), o -> o.write(e.getValue().getBytes(StandardCharsets.UTF_8)));
      }
      it.remove();
    }
  }

  /**
   * The per-frame columns of {@link SoundReport#csv}'s text: fresh and kept analyses alike. Columns
   * are found by name, so an earlier version's file reads too; a variable it does not have is 0.
   */
  private static Sound parse(String text, int fps, String source) throws IOException {
    String[] lines = text.split("\n");
    List<String> names = List.of(lines[0].split(","));
    if (names.size() < 3 || !names.subList(0, 2).equals(List.of("frame", "time"))) {
      throw new IOException(source + ": not a music analysis (columns " + names + ")");
    }
    MusicVariable[] variables = new MusicVariable[names.size() - 2];
    for (int c = 0; c < variables.length; c++) {
      String name = names.get(c + 2);
      variables[c] =
          MusicVariable.named(name)
              .orElseThrow(() -> new IOException(source + ": unknown column " + name));
    }
    float[][] columns = new float[MusicVariable.values().length][lines.length - 1];
    for (int t = 1; t < lines.length; t++) {
      String[] cells = lines[t].split(",");
      if (cells.length != names.size()) {
        throw new IOException(
            source + ": line " + (t + 1) + " has " + cells.length + " cells, not " + names.size());
      }
      for (int c = 0; c < variables.length; c++) {
        float v = Float.parseFloat(cells[c + 2]);
        // Levels and phases lie in 0..1, tempo in BPM: anything else is a damaged file.
        if (!(v >= 0 && v <= variables[c].max())) {
          throw new IOException(source + ": " + variables[c].key() + " is " + v + " at frame " + t);
        }
        columns[variables[c].ordinal()][t - 1] = v;
      }
    }
    return new Columns(columns);
  }

  /** The analysis as the parser reads it: exactly the CSV's numbers. */
  private record Columns(float[][] columns) implements Sound {
    @Override
    public int frames() {
      return columns[0].length;
    }

    @Override
    public double value(MusicVariable variable, int t) {
      return t >= 0 && t < frames() ? columns[variable.ordinal()][t] : 0;
    }
  }
}
