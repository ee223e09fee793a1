package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.audio.MusicVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The music's variables and the time-shaping functions in schedules, over a made-up soundtrack
 * whose values are known: bass 1 on frames 10..19, a hit on frames 5 and 40.
 */
class MusicScheduleTest {
  private static final int FPS = 10;

  @TempDir Path dir;

  private static final Sound SOUND =
      new Sound() {
        @Override
        public int frames() {
          return 100;
        }

        @Override
        public double value(MusicVariable variable, int t) {
          if (t < 0 || t >= frames()) {
            return 0;
          }
          return switch (variable) {
            case BASS -> t >= 10 && t < 20 ? 1 : 0;
            case HIT -> t == 5 || t == 40 ? 1 : 0;
            default -> 0.25;
          };
        }
      };

  private static Schedule schedule(String text) throws ScheduleException {
    return Schedule.parse(text, Interpolation.LINEAR, new Timeline(FPS, SOUND), 100);
  }

  @Test
  void variablesReadTheMusicAtTheFrame() throws Exception {
    Schedule zoom = schedule("1.005 + 0.03*bass");
    assertEquals(1.005, zoom.at(9), 1e-12);
    assertEquals(1.035, zoom.at(10), 1e-12);
    assertEquals(1.005, zoom.at(20), 1e-12);
    assertEquals(0.25, schedule("rms").at(3), 0);
  }

  @Test
  void pulseJumpsOnAHitAndDecaysByEEveryDecaySeconds() throws Exception {
    Schedule p = schedule("pulse(hit, 0.5)");
    assertEquals(0, p.at(4), 0);
    assertEquals(1, p.at(5), 0);
    assertEquals(Math.exp(-1), p.at(10), 1e-9);
    assertEquals(1, p.at(40), 0);
  }

  @Test
  void smoothRisesWithTheAttackAndFallsWithTheRelease() throws Exception {
    Schedule s = schedule("smooth(bass, 0.1, 1)");
    // One frame at fps 10 is one attack constant: 1 - 1/e of the way up.
    assertEquals(1 - Math.exp(-1), s.at(10), 1e-9);
    assertTrue(s.at(19) > 0.999);
    // Ten frames of release (one second): down to 1/e of where it was.
    assertEquals(s.at(19) * Math.exp(-1), s.at(29), 1e-9);
  }

  @Test
  void aheadReadsLaterFrames() throws Exception {
    Schedule a = schedule("ahead(bass, 0.5)");
    assertEquals(1, a.at(5), 0);
    assertEquals(0, a.at(15), 0);
    // Further than the clip's length is a mistake, named (issue 34: 1e9 s was an index out of
    // bounds).
    TimeShaping.BadTime e =
        assertThrows(TimeShaping.BadTime.class, () -> schedule("ahead(bass, -100)").at(50));
    assertTrue(e.getMessage().contains("further than the clip's length"), e.getMessage());
  }

  /** A resumed render asks from frame N first; the filtered values must be those of a full run. */
  @Test
  void smoothingIsTheSameWhateverOrderFramesAreAskedIn() throws Exception {
    Schedule forward = schedule("smooth(bass, 0.3, 0.7) + pulse(hit, 0.2)");
    double[] expected = new double[100];
    for (int t = 0; t < 100; t++) {
      expected[t] = forward.at(t);
    }
    Schedule resumed = schedule("smooth(bass, 0.3, 0.7) + pulse(hit, 0.2)");
    for (int t = 60; t < 100; t++) {
      assertEquals(expected[t], resumed.at(t), 0, "frame " + t);
    }
    for (int t = 0; t < 60; t++) {
      assertEquals(expected[t], resumed.at(t), 0, "frame " + t);
    }
  }

  /** An objective switches on the music: weights in parentheses are expressions read per frame. */
  @Test
  void objectiveWeightsMayFollowTheMusic() throws Exception {
    ObjectiveSchedule o =
        ObjectiveSchedule.parseObjective(
            "(1 - bass)*layer(a) + 2*(bass)*layer(b) - 0.1*tv",
            0,
            dir,
            new Timeline(FPS, SOUND),
            100);
    assertEquals(3, o.terms().size());
    assertArrayEquals(new float[] {1, 0, -0.1f}, o.weightsAt(9));
    assertArrayEquals(new float[] {0, 2, -0.1f}, o.weightsAt(10));
    // Keyed sums cross-fade as before, each side read at the frame.
    ObjectiveSchedule keyed =
        ObjectiveSchedule.parseObjective(
            "0:(layer(a)), 12:((pulse(hit, 0.5))*layer(b))", 4, dir, new Timeline(FPS, SOUND), 100);
    assertArrayEquals(new float[] {1, 0}, keyed.weightsAt(11));
    assertArrayEquals(new float[] {0, 1}, keyed.weightsAt(40));
    assertEquals(Math.exp(-0.2), keyed.weightsAt(41)[1], 1e-6);

    Path preset =
        Files.writeString(
            dir.resolve("o.properties"),
            "objective = (1/(bass - 1))*layer(a)\n" + "audio = song.ogg\nframes = 30\n");
    Files.write(dir.resolve("song.ogg"), new byte[] {1});
    PresetException e =
        assertThrows(
            PresetException.class, () -> PresetParser.parse(preset, (r, t, f, x) -> SOUND));
    assertTrue(
        e.getMessage().contains("objective") && e.getMessage().contains("frame 10"),
        e.getMessage());
  }

  /** Each smooth or pulse keeps a value per frame: a million-frame clip may not hold thousands. */
  @Test
  void timeShapingIsBoundedPerValue() throws Exception {
    String eight = "smooth(bass, 0.1, 0.2) + ".repeat(8) + "0";
    schedule(eight);
    ScheduleException e =
        assertThrows(
            ScheduleException.class, () -> schedule(eight.replace("+ 0", "+ pulse(hit, 1)")));
    assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
  }

  @Test
  void aMusicVariableWithoutAudioNamesTheKeyToSet() throws Exception {
    Path preset = Files.writeString(dir.resolve("p.properties"), "motion.zoom = 1 + 0.1*bass\n");
    PresetException e = assertThrows(PresetException.class, () -> PresetParser.parse(preset));
    assertTrue(
        e.getMessage().contains("motion.zoom") && e.getMessage().contains("set audio ="),
        e.getMessage());
  }

  @Test
  void framesAutoTakesTheTracksLengthAndAShortTrackIsAWarningNamingTheFrame() throws Exception {
    Files.write(dir.resolve("song.ogg"), new byte[] {1});
    AtomicInteger calls = new AtomicInteger();
    Media sounds =
        (render, track, fps, offset) -> {
          calls.incrementAndGet();
          assertEquals(dir.resolve("song.ogg").toRealPath(), track);
          assertEquals(2.5, offset, 0);
          return SOUND;
        };
    Path auto =
        Files.writeString(
            dir.resolve("a.properties"),
            "audio = song.ogg\naudio.offset = 2.5\nframes = auto\nmotion.zoom = 1 + 0.01*bass\n");
    RenderSpec spec = PresetParser.parse(auto, sounds);
    assertEquals(100, spec.frames());
    assertEquals(track(spec), spec.encode().audio());
    assertEquals(2.5, spec.encode().audioStart(), 0);
    assertEquals(1.01, spec.motion().zoom().at(12), 1e-12);

    Path longer =
        Files.writeString(
            dir.resolve("b.properties"), "audio = song.ogg\naudio.offset = 2.5\nframes = 150\n");
    RenderSpec b = PresetParser.parse(longer, sounds);
    assertTrue(
        b.warnings().stream()
            .anyMatch(
                w ->
                    w.severity() == Problem.Severity.WARNING
                        && w.line() == 3
                        && "frames".equals(w.key())
                        && w.message().contains("ends at frame 100")),
        b.warnings().toString());
    assertEquals(2, calls.get());
  }

  /** Issue 38 item 5: audio.end makes an excerpt; frames = auto renders from the offset to it. */
  @Test
  void audioEndMakesAnExcerptAndAnEndThatCannotBeIsNamed() throws Exception {
    Files.write(dir.resolve("song.ogg"), new byte[] {1});
    Media sounds = (render, track, fps, offset) -> SOUND;
    // SOUND gives 100 frames from the offset: 2.5 s to 5.83 s at 30 fps.
    RenderSpec excerpt =
        PresetParser.parse(
            Files.writeString(
                dir.resolve("e.properties"),
                "audio = song.ogg\naudio.offset = 2.5\naudio.end = 4.5\nframes = auto\n"),
            sounds);
    assertEquals(60, excerpt.frames(), "2 s at 30 fps");
    assertEquals(60, excerpt.mediaFrames());
    assertEquals(2.5, excerpt.encode().audioStart(), 0);

    for (String[] bad :
        new String[][] {
          {
            "audio.offset = 2.5\naudio.end = 2.5\n",
            "line 3: audio.end: 2.5 s is not after audio.offset (2.5 s)"
          },
          {
            "audio.offset = 2.5\naudio.end = 10\n",
            "line 3: audio.end: 10.0 s is past the end of song.ogg (5.83 s)"
          },
          {
            "audio.offset = 2.5\naudio.end = 4.5\nframes = 80\n",
            "line 4: frames: 80 frames need 2.67 s of music"
                + " from audio.offset, and audio.end leaves 2.00 s (60 frames); give frames = auto or at most 60"
          }
        }) {
      Path p = Files.writeString(dir.resolve("bad.properties"), "audio = song.ogg\n" + bad[0]);
      PresetException e = assertThrows(PresetException.class, () -> PresetParser.parse(p, sounds));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
    RenderSpec silent =
        PresetParser.parse(Files.writeString(dir.resolve("s.properties"), "audio.end = 4\n"));
    assertEquals(
        List.of(
            "line 1: audio.end: has no effect without audio = <a soundtrack>; set audio, or remove"
                + " audio.end"),
        silent.warnings().stream().map(Problem::toString).toList());
  }

  /** Issue 38 item 4: named stems, each analysed like the track and read as stem.variable. */
  @Test
  void stemsAreReadByNameAndMustBeTheTracksLength() throws Exception {
    for (String f : new String[] {"song.ogg", "drums.ogg", "short.ogg"}) {
      Files.write(dir.resolve(f), new byte[] {1});
    }
    Sound drums =
        new Sound() {
          @Override
          public int frames() {
            return 100;
          }

          @Override
          public double value(MusicVariable variable, int t) {
            return variable == MusicVariable.HIT && t % 10 == 0 ? 1 : 0;
          }
        };
    Media media =
        (render, track, fps, offset) ->
            switch (track.getFileName().toString()) {
              case "drums.ogg" -> drums;
              case "short.ogg" -> Sound.silent(50);
              default -> SOUND;
            };
    RenderSpec spec =
        PresetParser.parse(
            Files.writeString(
                dir.resolve("stems.properties"),
                "audio = song.ogg\naudio.drums = drums.ogg\nframes = auto\nmotion.zoom = 1 + 0.01*drums.hit + 0.001*hit\n"),
            media);
    assertEquals(1.01, spec.motion().zoom().at(20), 1e-12, "a drum hit, not the track's");
    assertEquals(1.001, spec.motion().zoom().at(5), 1e-12, "the track's hit, not the drums'");
    assertEquals(
        dir.resolve("drums.ogg").toRealPath(),
        spec.inputs().get("audio.drums"),
        "a source of the render");

    for (String[] bad :
        new String[][] {
          {
            "audio = song.ogg\naudio.drums = short.ogg\n",
            "line 2: audio.drums: short.ogg lasts 1.67 s from"
                + " audio.offset and song.ogg 3.33 s: a stem is the track's length"
          },
          {
            "audio.drums = drums.ogg\n", "line 1: audio.drums: a stem goes with its song: set audio"
          },
          {
            "audio = song.ogg\nmotion.zoom = 1 + 0.1*vocals.rms\n",
            "'vocals.rms' reads a stem named vocals: set" + " audio.vocals = <its file>"
          },
          {
            "audio = song.ogg\naudio.drums = drums.ogg\nmotion.zoom = 1 + drums.loud\n",
            "unknown music variable 'loud' of stem drums (use rms bass"
          }
        }) {
      Path p = Files.writeString(dir.resolve("bad.properties"), bad[0]);
      PresetException e = assertThrows(PresetException.class, () -> PresetParser.parse(p, media));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  void audioMistakesNameTheKeyAndFile() throws Exception {
    Path missing = Files.writeString(dir.resolve("m.properties"), "audio = nowhere.mp3\n");
    PresetException e =
        assertThrows(
            PresetException.class, () -> PresetParser.parse(missing, (r, t, f, o) -> SOUND));
    assertTrue(
        e.getMessage().contains("audio") && e.getMessage().contains("nowhere.mp3"), e.getMessage());

    Files.write(dir.resolve("song.ogg"), new byte[] {1});
    Path past =
        Files.writeString(dir.resolve("p.properties"), "audio = song.ogg\naudio.offset = 500\n");
    Sound none =
        new Sound() {
          @Override
          public int frames() {
            return 0;
          }

          @Override
          public double value(MusicVariable variable, int t) {
            return 0;
          }
        };
    e = assertThrows(PresetException.class, () -> PresetParser.parse(past, (r, t, f, o) -> none));
    assertTrue(
        e.getMessage().contains("audio.offset") && e.getMessage().contains("song.ogg"),
        e.getMessage());

    Path auto = Files.writeString(dir.resolve("x.properties"), "frames = auto\n");
    e = assertThrows(PresetException.class, () -> PresetParser.parse(auto));
    assertTrue(
        e.getMessage().contains("frames") && e.getMessage().contains("audio"), e.getMessage());
  }

  private Path track(RenderSpec spec) throws Exception {
    return dir.resolve("song.ogg").toRealPath();
  }
}
