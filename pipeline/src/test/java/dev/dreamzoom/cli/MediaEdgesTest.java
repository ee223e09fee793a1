package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.testing.Shared;
import dev.dreamzoom.testing.Wavs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 34's items 1, 4, 5 and 6: what commands write and where (never over a device, a pipe, a
 * folder or their own input), and the smaller mistakes around tracks that each got a wrong message,
 * a crash or silence before.
 */
@Tag("slow")
class MediaEdgesTest {
  @TempDir static Path dir;
  static Path song;

  @BeforeAll
  static void track() throws Exception {
    float[] x = new float[4 * 8000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((i / 2000 % 2 == 0 ? 0.6 : 0.1) * Math.sin(2 * Math.PI * 110 * i / 8000.0));
    }
    song = Wavs.write(dir.resolve("song.wav"), x, 8000, 1);
  }

  private static void refusedNaming(CliTest.Run r, int code, String... words) {
    String all = r.out() + r.err();
    assertEquals(code, r.code(), all);
    for (String w : words) {
      assertTrue(all.contains(w), "'" + w + "' in: " + all);
    }
    assertFalse(
        all.contains("\tat ") || all.contains("this is a bug") || all.contains(".tmp"), all);
  }

  /**
   * Item 1: a device, a pipe, a folder or the track itself as --csv or --plot is refused,
   * untouched.
   */
  @Test
  void audioNeverWritesOverADeviceAPipeAFolderOrItsOwnTrack() throws Exception {
    byte[] music = Files.readAllBytes(song);
    refusedNaming(
        CliTest.run("audio", song.toString(), "--csv", song.toString()), 1, "song.wav", "input");
    refusedNaming(
        CliTest.run("audio", song.toString(), "--plot", dir.resolve("./song.wav").toString()),
        1,
        "song.wav",
        "input");
    assertArrayEquals(music, Files.readAllBytes(song), "the track is untouched");
    refusedNaming(
        CliTest.run("audio", song.toString(), "--csv", "/dev/full"),
        1,
        "/dev/full",
        "not a regular file");
    assertFalse(Files.isRegularFile(Path.of("/dev/full")), "/dev/full is still a device");
    Path fifo = dir.resolve("pipe.csv");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    refusedNaming(
        CliTest.run("audio", song.toString(), "--csv", fifo.toString()),
        1,
        "pipe.csv",
        "not a regular file");
    assertFalse(Files.isRegularFile(fifo));
    Path folder = Files.createDirectories(dir.resolve("plots"));
    refusedNaming(
        CliTest.run("audio", song.toString(), "--csv", folder.toString()),
        1,
        "plots",
        "is a folder");
  }

  /** Item 6: --plot p.jpg wrote PNG bytes; it writes a JPEG, and refuses a name of neither kind. */
  @Test
  void thePlotIsWrittenInTheFormatItsNameSays() throws Exception {
    Path jpg = dir.resolve("p.jpg");
    assertEquals(0, CliTest.run("audio", song.toString(), "--plot", jpg.toString()).code());
    byte[] b = Files.readAllBytes(jpg);
    assertTrue((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8, "JPEG's magic number");
    refusedNaming(
        CliTest.run("audio", song.toString(), "--plot", dir.resolve("p.gif").toString()),
        2,
        ".png or .jpg");
  }

  private static CliTest.Run render(String name, String lines, String... extra) throws Exception {
    Path p =
        Files.writeString(
            dir.resolve(name + ".properties"),
            "name = "
                + name
                + "\nwidth = 32\nheight = 32\ndream.octaves = 1\ndream.iterations = 1\nencode.preset = ultrafast\n"
                + lines);
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "render",
                p.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--model-mirror",
                Shared.models().toString()));
    args.addAll(List.of(extra));
    return CliTest.run(args.toArray(String[]::new));
  }

  /**
   * Item 7: FFmpeg talked to the terminal (its Input #0 dump up to four times a render, a line per
   * damaged slice). It is quiet unless --verbose, and concealed errors are one summary line.
   */
  @Test
  void ffmpegSpeaksThroughTheLogOnlyWhenAsked() throws Exception {
    Path clip =
        new dev.dreamzoom.testing.TestVideos(64, 40).clip(dir.resolve("v"), "box", 24, 8, null);
    byte[] b = Files.readAllBytes(clip);
    for (int i = b.length / 2; i < b.length / 2 + 600; i++) {
      b[i] = (byte) (i * 31);
    }
    Files.write(clip, b);
    Path preset =
        Files.writeString(
            dir.resolve("v/box.properties"),
            String.join(
                "\n",
                "name = box",
                "seed = video",
                "seed.video = box.mp4",
                "width = 64",
                "height = 40",
                "fps = 8",
                "frames = auto",
                "dream.octaves = 1",
                "dream.iterations = 1",
                "encode.preset = ultrafast",
                ""));
    String[] quiet = new String[2];
    for (String mode : new String[] {"quiet", "verbose"}) {
      Path log = dir.resolve("v/" + mode + ".log");
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "render",
                  preset.toString(),
                  "--output",
                  dir.resolve("v/out-" + mode).toString(),
                  "--model-mirror",
                  Shared.models().toString()));
      if (mode.equals("verbose")) {
        args.add("--verbose");
      }
      Process p = Subprocess.start(log, args.toArray(String[]::new));
      assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS));
      quiet[mode.equals("quiet") ? 0 : 1] = Files.readString(log);
    }
    assertFalse(
        quiet[0].contains("Input #0") || quiet[0].contains("Stream #0"), "no dump: " + quiet[0]);
    long ffmpegLines =
        quiet[0]
            .lines()
            .filter(
                l ->
                    l.contains("error while decoding")
                        || l.contains("slice")
                        || l.contains("concealing"))
            .filter(l -> !l.contains("FFmpeg met"))
            .count();
    assertEquals(0, ffmpegLines, quiet[0]);
    assertTrue(quiet[1].contains("Input #0"), "--verbose shows FFmpeg's lines: " + quiet[1]);
    if (quiet[1].contains("concealing") || quiet[1].contains("error while decoding")) {
      assertTrue(
          quiet[0].contains("FFmpeg met") && quiet[0].contains("box.mp4"),
          "one summary line: " + quiet[0]);
    }
  }

  /**
   * A video whose file promises more than it decodes (moov first, cut in half) fails part-way into
   * the work; every command that decodes it says so in one message naming the file, never "this is
   * a bug" (preview met it as an unchecked exception that only render unwrapped).
   */
  @Test
  void aVideoThatDecodesOnlyPartWayIsOneMessageInPreviewAndRender() throws Exception {
    Path clip =
        new dev.dreamzoom.testing.TestVideos(64, 40).clip(dir.resolve("half"), "box", 24, 8, null);
    byte[] b = Files.readAllBytes(clip);
    Files.write(clip, java.util.Arrays.copyOf(b, b.length / 2));
    Path preset =
        Files.writeString(
            dir.resolve("half/box.properties"),
            String.join(
                "\n",
                "name = box",
                "seed = video",
                "seed.video = box.mp4",
                "width = 64",
                "height = 40",
                "fps = 8",
                "frames = 24",
                "dream.octaves = 1",
                "dream.iterations = 1",
                "encode.preset = ultrafast",
                ""));
    CliTest.Run preview =
        CliTest.run(
            "preview",
            preset.toString(),
            "--frame",
            "22",
            "--exact",
            "--out",
            dir.resolve("half/p.png").toString(),
            "--model-mirror",
            Shared.models().toString());
    refusedNaming(preview, 1, "box.mp4");
    CliTest.Run render =
        CliTest.run(
            "render",
            preset.toString(),
            "--output",
            dir.resolve("half/out").toString(),
            "--model-mirror",
            Shared.models().toString());
    refusedNaming(render, 1, "box.mp4");
  }

  /**
   * Items 4 and 6: times in smooth, pulse and ahead that cannot be used are named, not a crash or a
   * 0.
   */
  @Test
  void timesThatCannotBeUsedAreNamed() throws Exception {
    refusedNaming(
        render(
            "a",
            "audio = song.wav\nframes = auto\n"
                + "motion.zoom = 1 + 0.01*ahead(smooth(bass,0.1,0.2), 1e9)\n"),
        1,
        "motion.zoom",
        "ahead",
        "clip's length");
    refusedNaming(
        render(
            "b", "audio = song.wav\nframes = 4\nmotion.zoom = 1 + 0.01*smooth(bass, -0.1, 0.2)\n"),
        1,
        "motion.zoom",
        "attack_s is -0.1");
    refusedNaming(
        render("c", "audio = song.wav\nframes = 4\ndream.step = 1 + pulse(hit, 0)\n"),
        1,
        "dream.step",
        "decay_s is 0");
    // The same in an objective's weights, which are read per frame as any schedule.
    refusedNaming(
        render(
            "i",
            "audio = song.wav\nframes = 4\n"
                + "objective = (1 + smooth(bass, -0.1, 0.2))*layer(conv2d_9)\n"),
        1,
        "objective",
        "attack_s is -0.1");
  }

  /** Item 6: the offset's range, a track shorter than a frame, an offset without a track. */
  @Test
  void offsetsAndShortTracksGetTheRightMessage() throws Exception {
    refusedNaming(
        render("d", "audio = song.wav\naudio.offset = 1e9\nframes = auto\n"),
        1,
        "audio.offset",
        "0 to 86400");
    float[] blip = new float[800];
    for (int i = 0; i < blip.length; i++) {
      blip[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
    }
    Wavs.write(dir.resolve("blip.wav"), blip, 8000, 1);
    refusedNaming(
        render("e", "audio = blip.wav\nfps = 1\nframes = auto\n"),
        1,
        "audio.offset",
        "less than one frame");
    CliTest.Run r = render("f", "audio.offset = 2\nframes = 1\n");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        (r.out() + r.err()).contains("audio.offset") && (r.out() + r.err()).contains("no effect"),
        r.out() + r.err());
  }

  /** Item 6: a pipe or a device as the track is named as such, not "not found". */
  @Test
  void aPipeOrADeviceAsTheTrackIsNamed() throws Exception {
    Path fifo = dir.resolve("live.wav");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    refusedNaming(
        render("g", "audio = live.wav\nframes = 4\n"),
        1,
        "audio",
        "live.wav",
        "not a regular file");
    refusedNaming(
        render("h", "audio = /dev/zero\nframes = 4\n"),
        1,
        "audio",
        "/dev/zero",
        "not a regular file");
  }

  /**
   * Item 6: the bundled music preset without its track says so once, not "set audio" three more
   * times.
   */
  @Test
  void aMissingTrackIsOneProblemNotFour() throws Exception {
    Files.copy(Path.of("presets/music-pulse.properties"), dir.resolve("music-pulse.properties"));
    CliTest.Run r =
        CliTest.run(
            "render",
            dir.resolve("music-pulse.properties").toString(),
            "--output",
            dir.resolve("out").toString());
    refusedNaming(r, 1, "audio", "file not found");
    assertFalse(r.err().contains("set audio"), r.err());
  }

  /**
   * Items 5 and 6: damaged analysis state is analysed again, not blamed on the preset; --frames
   * past the music's end is a warning; encode --fps of a render with music is refused; status gives
   * a failed preset's whole reason.
   */
  @Test
  void damagedStateFramesPastTheMusicEncodeRatesAndStatus() throws Exception {
    CliTest.Run first =
        render(
            "m",
            "audio = song.wav\nfps = 4\nframes = auto\nmotion.zoom = 1 + 0.02*bass\n",
            "--frames",
            "2");
    assertEquals(0, first.code(), first.err());
    Path state = dir.resolve("out/m/state");
    Path csv;
    try (var s = Files.list(state)) {
      csv =
          s.filter(f -> f.getFileName().toString().startsWith("audio-")).findFirst().orElseThrow();
    }
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
    lines.set(6, lines.get(6).replaceFirst("^(\\d+,[^,]+,[^,]+,)[^,]+", "$1NaN"));
    Files.write(csv, lines);
    CliTest.Run resumed =
        render("m", "audio = song.wav\nfps = 4\nframes = auto\nmotion.zoom = 1 + 0.02*bass\n");
    assertEquals(0, resumed.code(), resumed.out() + resumed.err());
    assertTrue(resumed.out().contains("damaged") && resumed.out().contains("again"), resumed.out());
    assertFalse(Files.readString(csv).contains("NaN"), "the kept analysis was written again");

    CliTest.Run past = render("n", "audio = song.wav\nfps = 2\nframes = auto\n", "--frames", "10");
    assertEquals(0, past.code(), past.err());
    assertTrue(
        past.out().contains("--frames 10 runs past the end of the music from song.wav (frame 8"),
        past.out());

    refusedNaming(
        CliTest.run("encode", dir.resolve("out/m").toString(), "--fps", "8"),
        2,
        "--fps 8",
        "2.00x as fast",
        "--interpolate 2");

    Path queue = Files.writeString(dir.resolve("queue.txt"), "broken.properties\n");
    Files.writeString(dir.resolve("broken.properties"), "name = broken\nwidth = 33\n");
    CliTest.Run status =
        CliTest.run("status", dir.resolve("out").toString(), "--queue", queue.toString());
    assertTrue(
        status.out().contains("width") && status.out().contains("must be even"), status.out());
  }
}
