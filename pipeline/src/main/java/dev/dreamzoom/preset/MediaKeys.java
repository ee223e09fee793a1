package dev.dreamzoom.preset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys that tie a render to media files: the {@code audio} track its schedules read, the source
 * video it dreams over ({@link VideoKeys}), the clip's length they give ({@code frames = auto}),
 * and the soundtrack the clip carries. Read before the per-frame keys, which need the clip's length
 * and music.
 */
final class MediaKeys {
  final Path track;
  final double offset;

  /** The music's per-frame variables; null without a usable track. */
  final Sound sound;

  /** The source video; null unless {@code seed = video} names a usable one. */
  final VideoKeys video;

  final int frames;

  /**
   * The frames of music from the offset to {@code audio.end} (or the track's end); 0 without music.
   */
  final int music;

  /** Each stem's variables by its name ({@code audio.drums} is {@code drums}). */
  final Map<String, Sound> stems;

  /** Each stem's file by its key. */
  final Map<String, Path> stemFiles;

  private static final Pattern STEM = Pattern.compile("audio\\.([a-z][a-z0-9_]*)");

  private MediaKeys(
      Path track,
      double offset,
      Sound sound,
      VideoKeys video,
      int frames,
      int music,
      Map<String, Sound> stems,
      Map<String, Path> stemFiles) {
    this.track = track;
    this.offset = offset;
    this.sound = sound;
    this.video = video;
    this.frames = frames;
    this.music = music;
    this.stems = stems;
    this.stemFiles = stemFiles;
  }

  /** The stem a key names ({@code audio.drums}: {@code drums}), or null for any other key. */
  static String stemName(String key) {
    Matcher m = STEM.matcher(key);
    return m.matches() && !PresetParser.KEYS.contains(key) ? m.group(1) : null;
  }

  static MediaKeys read(
      PresetReader r, SeedSpec.Kind seedKind, Media media, String name, Path dir, int fps) {
    VideoKeys video = VideoKeys.read(r, seedKind, media, dir, fps);
    Path track = r.path("audio", dir);
    double offset = r.number("audio.offset");
    for (String key : new String[] {"audio.offset", "audio.end"}) {
      if (track == null && r.has(key)) {
        r.warn(key, "has no effect without audio = <a soundtrack>; set audio, or remove " + key);
      }
    }
    Sound sound = track == null ? null : sound(r, media, name, track, fps, offset);
    int music = sound == null ? 0 : excerpt(r, sound, track, fps, offset);
    int frames;
    if (!"auto".equalsIgnoreCase(r.string("frames", ""))) {
      frames = r.integer("frames");
    } else if (video != null) {
      frames = video.frames();
    } else {
      frames = sound == null ? 1 : Math.max(1, music);
      if (track == null && seedKind != SeedSpec.Kind.VIDEO) {
        r.error(
            "frames",
            "frames = auto takes the length of the audio track (or of the source video):"
                + " set audio = <a soundtrack>, or give a number of frames");
      }
    }
    if (sound != null && music < sound.frames() && frames > music) {
      r.error(
          "frames",
          frames
              + " frames need "
              + String.format(Locale.ROOT, "%.2f", (double) frames / fps)
              + " s of music from audio.offset, and audio.end leaves "
              + String.format(Locale.ROOT, "%.2f", (double) music / fps)
              + " s ("
              + music
              + " frames); give frames = auto or at most "
              + music);
    } else if (sound != null && frames > sound.frames()) {
      r.warn(
          "frames",
          "the audio track "
              + track.getFileName()
              + " ends at frame "
              + sound.frames()
              + " of "
              + frames
              + " (audio.offset "
              + offset
              + " s); the music's variables are 0 from frame "
              + sound.frames()
              + " on");
    }
    if (video != null && frames > video.frames()) {
      r.error(
          "frames",
          frames
              + " frames need "
              + String.format(Locale.ROOT, "%.2f", frames / video.rate)
              + " s of video from video.start, and "
              + video.file.getFileName()
              + " has "
              + video.frames()
              + " frames' worth; give frames = auto or at most "
              + video.frames());
    }
    Map<String, Sound> stems = new LinkedHashMap<>();
    Map<String, Path> stemFiles = new LinkedHashMap<>();
    for (String key : r.lines().keySet()) {
      String stem = stemName(key);
      if (stem == null) {
        continue;
      }
      Path file = r.path(key, dir);
      Sound s = file == null ? null : stem(r, media, name, key, file, track, sound, fps, offset);
      // A stem that cannot be read is reported once, on its key; expressions read silence.
      stems.put(stem, s != null ? s : Sound.silent(sound != null ? sound.frames() : frames));
      if (file != null) {
        stemFiles.put(key, file);
      }
    }
    return new MediaKeys(track, offset, sound, video, frames, music, stems, stemFiles);
  }

  /**
   * A stem's analysis, from the same offset as the track's; null with the problem recorded on its
   * key when it cannot be read, there is no track, or it is not the track's length.
   */
  private static Sound stem(
      PresetReader r,
      Media media,
      String name,
      String key,
      Path file,
      Path track,
      Sound sound,
      int fps,
      double offset) {
    if (track == null) {
      r.error(
          key,
          "a stem goes with its song: set audio = <the whole mix> too (the clip's soundtrack,"
              + " and the length the stems are checked against)");
      return null;
    }
    String problem =
        fileProblem(file, "a soundtrack; give an audio file (MP3, OGG, FLAC, WAV, M4A)");
    if (problem != null) {
      r.error(key, problem);
      return null;
    }
    Sound s;
    try {
      s = media.open(name, file, fps, offset);
    } catch (IOException e) {
      r.error(key, e.getMessage());
      return null;
    }
    if (sound != null && Math.abs(s.frames() - sound.frames()) > 1) {
      r.error(
          key,
          String.format(
              Locale.ROOT,
              "%s lasts %.2f s from audio.offset and %s %.2f s: a stem is"
                  + " the track's length (export every stem of the song from the start to the end)",
              file.getFileName(),
              (double) s.frames() / fps,
              track.getFileName(),
              (double) sound.frames() / fps));
      return null;
    }
    return s;
  }

  /**
   * The frames from {@code audio.offset} to {@code audio.end} (or to the track's end when it is 0),
   * with an end before the offset or past the track reported on {@code audio.end}.
   */
  private static int excerpt(PresetReader r, Sound sound, Path track, int fps, double offset) {
    double end = r.number("audio.end");
    if (end == 0) {
      return sound.frames();
    }
    int frames = (int) Math.round((end - offset) * fps);
    if (end <= offset || frames < 1) {
      r.error(
          "audio.end",
          String.format(
              Locale.ROOT,
              "%s s is not after audio.offset (%s s) by a frame"
                  + " (%.3f s at fps %d); give an end later in the track, or 0 for its end",
              end,
              offset,
              1.0 / fps,
              fps));
      return sound.frames();
    }
    if (frames > sound.frames()) {
      r.error(
          "audio.end",
          String.format(
              Locale.ROOT,
              "%s s is past the end of %s (%.2f s); give at most"
                  + " that, or 0 for the track's end",
              end,
              track.getFileName(),
              offset + (double) sound.frames() / fps));
      return sound.frames();
    }
    return frames;
  }

  /**
   * The clip's soundtrack and where in it the clip starts: {@code encode.audio} as given, else the
   * analysed track from its offset, else the source video's own sound from {@code video.start}
   * (when the clip plays the video at its own speed).
   */
  Soundtrack soundtrack(PresetReader r, Path dir, int fps) {
    Path audio = r.path("encode.audio", dir);
    String problem = audio == null ? null : fileProblem(audio, "a soundtrack; give an audio file");
    if (problem != null) {
      r.error("encode.audio", problem);
    }
    if (track != null && (audio == null || audio.equals(track))) {
      return new Soundtrack(track, offset);
    }
    if (video != null && audio == null && video.facts.hasAudio()) {
      if (video.rate == fps) {
        return new Soundtrack(video.file, video.start);
      }
      r.warn(
          "video.fps",
          "the clip plays the video at another speed than its own, so its sound is left"
              + " out; set encode.audio to give the clip a soundtrack");
    }
    return new Soundtrack(audio, 0);
  }

  /**
   * Why {@code file} cannot be read as a medium, or null: missing, a folder, or not a regular file
   * (a device such as /dev/zero, or a pipe, which would never end).
   *
   * @param what what a folder is not, and what to give instead
   */
  static String fileProblem(Path file, String what) {
    if (Files.isDirectory(file)) {
      return file + " is a folder, not " + what;
    }
    if (!Files.exists(file)) {
      return "file not found: " + file + " (the path is relative to the preset)";
    }
    if (!Files.isRegularFile(file)) {
      return file + " is not a regular file (a device or a pipe); give a file";
    }
    return null;
  }

  /**
   * @param file null for a silent clip
   */
  record Soundtrack(Path file, double start) {}

  /**
   * The track's analysis, or null with the problem recorded on {@code audio} or {@code
   * audio.offset}.
   */
  private static Sound sound(
      PresetReader r, Media media, String name, Path track, int fps, double offset) {
    String problem =
        fileProblem(track, "a soundtrack; give an audio file (MP3, OGG, FLAC, WAV, M4A)");
    if (problem != null) {
      r.error("audio", problem);
      return null;
    }
    Sound sound;
    try {
      sound = media.open(name, track, fps, offset);
    } catch (IOException e) {
      r.error("audio", e.getMessage());
      return null;
    }
    if (sound.frames() < 1) {
      r.error(
          "audio.offset",
          String.format(
              Locale.ROOT,
              "%s s is past the end of %s, or less than"
                  + " one frame (%.3f s at fps %d) before it: give an offset inside the track, a frame before its"
                  + " end (dreamzoom audio %s prints its length), or a higher fps",
              offset,
              track,
              1.0 / fps,
              fps,
              track.getFileName()));
      return null;
    }
    return sound;
  }
}
