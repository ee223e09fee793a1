package dev.dreamzoom.preset;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of real presets and schedules: every input must give either a valid
 * result or the parser's own clean error, never any other exception. A failure prints the seed and
 * the input, so it can be replayed with {@code -Dfuzz.seed=N}.
 */
class ParserFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261122L);
  private static final String[] TOKENS = {
    "(",
    ")",
    ":",
    ",",
    "#",
    "=",
    "\\\n",
    "\n",
    "-",
    "+",
    "*",
    "/",
    "%",
    "^",
    ".",
    " ",
    "\t",
    "1e999",
    "-1e999",
    "NaN",
    "Infinity",
    "999999999999",
    "2147483648",
    "-0",
    "0",
    "1",
    "0.5",
    "t",
    "s",
    "T",
    "pi",
    "sin(",
    "pow(",
    "clamp(",
    "min(",
    "log(0)",
    "sqrt(-1)",
    "1/0",
    "((((((((",
    "))))",
    "0:(",
    "10:(",
    "#999999",
    ":-1",
    "#-1",
    "\u0000",
    "\u00e9",
    "\uffff",
    "width",
    "height",
    "frames = ",
    "fps = ",
    "motion.zoom = ",
    "dream.layers = ",
    "mode = filters",
    "filters = ",
    "seed = photo",
    "seed.image = ../x.png",
    "name = ../up",
    "name = /abs",
    "model = ",
    ".interp = cubic",
    "encode.crf = ",
    "filters.crossfade = ",
    "objective = ",
    "layer(",
    "channel(",
    "neuron(",
    "class(",
    "guide(",
    "style(",
    "content(",
    "tv",
    "l2",
    "0.5*",
    "-",
    "1e-3*",
  };

  @TempDir Path dir;

  private static String mutate(String s, SplittableRandom r) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(7)) {
        case 0 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 1 -> {
          if (b.length() > 0) {
            int end = Math.min(b.length(), at + 1 + r.nextInt(12));
            b.delete(Math.min(at, b.length() - 1), end);
          }
        }
        case 2 -> b.insert(at, (char) r.nextInt(32, 127));
        case 3 -> b.setLength(Math.min(b.length(), at));
        case 4 -> {
          String[] lines = b.toString().split("\n", -1);
          int i = r.nextInt(lines.length);
          b.insert(Math.min(at, b.length()), lines[i] + "\n");
        }
        case 5 -> b.insert(at, Integer.toString(r.nextInt(-100, 1_000_000)));
        // Long repetitions find limits that small edits never reach (nesting depth, key counts).
        default -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)].repeat(r.nextInt(100, 5_000)));
      }
    }
    return b.toString();
  }

  private static List<String> presetCorpus() throws Exception {
    List<String> corpus = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("presets"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
        corpus.add(Files.readString(p));
      }
    }
    return corpus;
  }

  @Test
  void presetParserGivesASpecOrACleanError() throws Exception {
    List<String> corpus = presetCorpus();
    SplittableRandom r = new SplittableRandom(SEED);
    Path file = dir.resolve("fuzz.properties");
    int specs = 0;
    for (int i = 0; i < 10_000; i++) {
      String text = mutate(corpus.get(r.nextInt(corpus.size())), r);
      try {
        RenderSpec spec = PresetParser.parse(text, file);
        spec.motion().zoom().at(spec.frames() - 1);
        specs++;
      } catch (PresetException expected) {
        // A clean, reported error.
      } catch (Throwable t) {
        fail("case " + i + " (seed " + SEED + ") threw " + t + " for:\n" + text, t);
      }
    }
    if (specs == 0) {
      fail("no mutated preset was valid: the mutations are too destructive to test both paths");
    }
  }

  @Test
  void scheduleParsersGiveAValueOrACleanError() {
    String[] corpus = {
      "0:(1.02), 120:(1.05), 240:(1.0+0.01*sin(t/24))",
      "1.0 + 0.01*sin(2*pi*s/10)",
      "clamp(t/T, 0, 1) ^ 2",
      "0:(0), 100:(min(t, 50) % 7)",
      "-(-(-1))",
    };
    String[] targets = {"0:a#1, 90:(b#2:0.5, c), 180:d", "a:1.0, b#3:-0.5", "0:(x)"};
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int i = 0; i < 10_000; i++) {
      String text = mutate(corpus[r.nextInt(corpus.length)], r);
      try {
        Schedule s = Schedule.parse(text, Interpolation.values()[r.nextInt(3)], 30, 300);
        for (int t : new int[] {0, 1, 150, 299, 100_000}) {
          s.at(t);
        }
      } catch (ScheduleException expected) {
        // A clean error with a position.
      } catch (Throwable t) {
        fail("schedule case " + i + " (seed " + SEED + ") threw " + t + " for: " + text, t);
      }
      String targetText = mutate(targets[r.nextInt(targets.length)], r);
      try {
        ObjectiveSchedule ts =
            ObjectiveSchedule.parseTargets(targetText, r.nextInt(0, 50), r.nextBoolean());
        ts.weightsAt(r.nextInt(0, 1000));
      } catch (ScheduleException expected) {
        // A clean error with a position.
      } catch (Throwable t) {
        fail("target case " + i + " (seed " + SEED + ") threw " + t + " for: " + targetText, t);
      }
    }
  }

  /** Objective expressions: a valid schedule, or a clean error that names a position. */
  @Test
  void mutatedObjectivesParseOrFailCleanly() {
    String[] corpus = {
      "0:(layer(conv2d_9) + 0.5*class(banana)), 150:(style(art/starry.jpg, conv2d_3, conv2d_5)"
          + " + 2*content(conv2d_9) - 0.01*tv)",
      "channel(a/b#3) - 1e-3*l2 + neuron(c#1)",
      "guide(g.png, conv2d_5)",
      "class(955)"
    };
    SplittableRandom r = new SplittableRandom(SEED + 2);
    for (int i = 0; i < 10_000; i++) {
      String text = mutate(corpus[r.nextInt(corpus.length)], r);
      try {
        ObjectiveSchedule o = ObjectiveSchedule.parseObjective(text, r.nextInt(0, 50), dir);
        o.weightsAt(r.nextInt(0, 1000));
        o.targets();
      } catch (ScheduleException expected) {
        if (!expected.getMessage().startsWith("at position ")) {
          fail(
              "objective case "
                  + i
                  + " (seed "
                  + SEED
                  + "): no position in "
                  + expected.getMessage());
        }
      } catch (Throwable t) {
        fail("objective case " + i + " (seed " + SEED + ") threw " + t + " for: " + text, t);
      }
    }
  }
}
