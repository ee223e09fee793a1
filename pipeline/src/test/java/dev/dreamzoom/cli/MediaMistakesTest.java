package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Wavs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soundtrack or source video that cannot be read is one message naming the key and the file,
 * before anything is written: a file that is not audio (or not video), a folder, a missing file, a
 * silent track, an offset past the end, a video that is sound only. The bad tracks given to {@code
 * dreamzoom audio} are refused the same way.
 */
@Tag("slow")
class MediaMistakesTest {
  @TempDir Path dir;

  private Path wav(String name, double seconds, double amplitude) throws Exception {
    float[] x = new float[(int) (seconds * 8000)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * 440 * i / 8000.0));
    }
    return Wavs.write(dir.resolve(name), x, 8000, 1);
  }

  private void refused(String audioLines, String key, String file, String why) throws Exception {
    Path preset =
        Files.writeString(
            dir.resolve("p.properties"),
            "name = p\nwidth = 64\nheight = 36\nframes = 4\n" + audioLines);
    Path out = dir.resolve("out");
    CliTest.Run r = CliTest.run("render", preset.toString(), "--output", out.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(
        r.err().contains(key + ": ") && r.err().contains(file) && r.err().contains(why), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(Files.exists(out.resolve("p")), "nothing written for " + file);
  }

  @Test
  void eachBadTrackIsOneMessageNamingTheKeyAndTheFile() throws Exception {
    Files.writeString(dir.resolve("notes.mp3"), "not music\n");
    refused("audio = notes.mp3\n", "audio", "notes.mp3", "cannot read");
    Files.createDirectories(dir.resolve("album.ogg"));
    refused("audio = album.ogg\n", "audio", "album.ogg", "is a folder");
    refused("audio = gone.flac\n", "audio", "gone.flac", "file not found");
    wav("quiet.wav", 3, 0);
    refused("audio = quiet.wav\n", "audio", "quiet.wav", "is silent");
    wav("tone.wav", 3, 0.5);
    refused("audio = tone.wav\naudio.offset = 3.5\n", "audio.offset", "tone.wav", "past the end");

    CliTest.Run a = CliTest.run("audio", dir.resolve("notes.mp3").toString());
    assertEquals(1, a.code(), a.err());
    assertTrue(a.err().contains("notes.mp3") && a.err().contains("cannot read"), a.err());
    CliTest.Run past = CliTest.run("audio", dir.resolve("tone.wav").toString(), "--offset", "3.5");
    assertEquals(2, past.code(), past.err());
    assertTrue(past.err().contains("--offset") && past.err().contains("past the end"), past.err());
  }

  /**
   * The same for a source video: sound only, a folder, not a video, missing, a start past its end.
   */
  @Test
  void eachBadSourceVideoIsOneMessageNamingTheKeyAndTheFile() throws Exception {
    wav("song.wav", 1, 0.5);
    refused("seed = video\nseed.video = song.wav\n", "seed.video", "song.wav", "no video stream");
    Files.createDirectories(dir.resolve("clips"));
    refused("seed = video\nseed.video = clips\n", "seed.video", "clips", "is a folder");
    Files.writeString(dir.resolve("walk.mp4"), "not a video\n");
    refused("seed = video\nseed.video = walk.mp4\n", "seed.video", "walk.mp4", "cannot read");
    refused("seed = video\nseed.video = gone.mov\n", "seed.video", "gone.mov", "file not found");
    refused("seed = video\n", "seed", "p.properties", "needs seed.video");
  }

  @Test
  void aTrackShorterThanTheClipIsAWarningNamingTheFrameAndTheClipStillRenders() throws Exception {
    wav("short.wav", 1, 0.5);
    Path preset =
        Files.writeString(
            dir.resolve("s.properties"),
            "name = s\nwidth = 64\nheight = 36\nfps = 4\n"
                + "frames = 8\ndream.octaves = 1\ndream.iterations = 1\naudio = short.wav\nmotion.zoom = 1 + 0.02*rms\n"
                + "encode.preset = veryfast\n");
    CliTest.Run r =
        CliTest.run(
            "render",
            preset.toString(),
            "--output",
            dir.resolve("out").toString(),
            "--model-mirror",
            dev.dreamzoom.testing.Shared.models().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue((r.out() + r.err()).contains("ends at frame 4 of 8"), r.out() + r.err());
  }
}
