package dev.dreamzoom.cli;

import dev.dreamzoom.app.SoundReport;
import dev.dreamzoom.audio.MusicVariable;
import dev.dreamzoom.audio.SoundAnalysis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code audio FILE}: what a soundtrack does per frame: tempo, onsets, curves as CSV, plot or
 * keyframes.
 */
final class AudioCommand implements Command {
  /** Section changes printed in full; a long set's are summed up after these. */
  private static final int SHOWN_CHANGES = 20;

  @Override
  public String name() {
    return "audio";
  }

  @Override
  public String synopsis() {
    return "FILE [--fps N] [--offset S] [--csv OUT.csv] [--plot OUT.png [--seconds S]] [--keyframes VAR]";
  }

  @Override
  public String summary() {
    return "analyse a soundtrack (any file FFmpeg reads) per frame: duration, tempo, onsets; the"
        + " curves "
        + String.join(" ", MusicVariable.keys())
        + " as CSV, a plot, or keyframes";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("fps")
            .hasArg()
            .argName("N")
            .desc("frames per second the curves are sampled at (1..240; default 30, as fps)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("offset")
            .hasArg()
            .argName("S")
            .desc("seconds into the track where frame 0 starts (default 0)")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("csv")
            .hasArg()
            .argName("OUT.csv")
            .desc("write one row per frame: frame,time," + String.join(",", MusicVariable.keys()))
            .build());
    o.addOption(
        Option.builder()
            .longOpt("plot")
            .hasArg()
            .argName("OUT.png|OUT.jpg")
            .desc(
                "draw "
                    + String.join(
                        ", ", MusicVariable.curves().stream().map(MusicVariable::key).toList())
                    + " over time, one panel each, with the beats and onsets"
                    + " marked")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("seconds")
            .hasArg()
            .argName("S")
            .desc(
                "plot only S seconds from the offset (default: to the end), for a readable close-up")
            .build());
    o.addOption(
        Option.builder()
            .longOpt("keyframes")
            .hasArg()
            .argName("VAR")
            .desc(
                "print VAR at every frame as a keyframe string, 0:(v0), 1:(v1), ... (for other tools)")
            .build());
    return o;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    CommandLine cl = Args.parse(options(), args);
    Path file = Path.of(Args.positional(cl, "FILE")[0]);
    int fps = Args.intValue(cl, "fps", 1, 240, 30);
    double offset = Args.doubleValue(cl, "offset", 0, 86_400, 0);
    String name = cl.getOptionValue("keyframes");
    MusicVariable variable =
        name == null
            ? null
            : MusicVariable.named(name)
                .orElseThrow(
                    () ->
                        new UsageException(
                            "--keyframes "
                                + name
                                + ": not a variable; one of "
                                + String.join(", ", MusicVariable.keys())));
    try (var inputs = dev.dreamzoom.files.AtomicFiles.reading(java.util.List.of(file))) {
      return report(cl, file, fps, offset, variable, out);
    }
  }

  private static int report(
      CommandLine cl, Path file, int fps, double offset, MusicVariable variable, PrintStream out)
      throws UsageException, IOException {
    // The places written to are checked before the track is analysed, which can take a while.
    for (String option : new String[] {"csv", "plot"}) {
      if (cl.hasOption(option)) {
        dev.dreamzoom.files.AtomicFiles.checkTarget(Path.of(cl.getOptionValue(option)));
      }
    }
    if (cl.hasOption("plot")
        && !cl.getOptionValue("plot").toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)")) {
      throw new UsageException(
          "--plot "
              + cl.getOptionValue("plot")
              + ": name a .png or .jpg file (the"
              + " plot is written in the format its name says)");
    }
    SoundAnalysis a = SoundReport.analyse(file, fps, offset);
    if (a.frames() == 0) {
      throw new UsageException(
          String.format(
              Locale.ROOT,
              "--offset %s is at or past the end of %s (%.2f s)",
              offset,
              file,
              a.duration()));
    }
    if (variable != null) {
      out.println(SoundReport.keyframes(a, variable));
      return 0;
    }
    out.printf(
        Locale.ROOT,
        "%s: %.2f s, %d frames at %d fps from %.2f s; tempo %.1f BPM, %d beats, %d onsets%n",
        file,
        a.duration(),
        a.frames(),
        fps,
        offset,
        a.bpm(),
        a.beats().length,
        a.onsets().length);
    double[] changes = a.sections();
    out.println(
        changes.length
            + 1
            + " section"
            + (changes.length == 0
                ? ""
                : "s, changing at "
                    + String.join(
                        ", ",
                        Arrays.stream(changes)
                            .limit(SHOWN_CHANGES)
                            .mapToObj(c -> String.format(Locale.ROOT, "%.1f s", c))
                            .toList())
                    + (changes.length > SHOWN_CHANGES
                        ? " and "
                            + (changes.length - SHOWN_CHANGES)
                            + " more (--csv has them all, as the section column)"
                        : "")));
    if (cl.hasOption("csv")) {
      Path csv = Path.of(cl.getOptionValue("csv"));
      SoundReport.writeCsv(a, csv);
      out.println("wrote " + csv);
    }
    if (cl.hasOption("plot")) {
      Path png = Path.of(cl.getOptionValue("plot"));
      SoundReport.plot(
          a, file.getFileName().toString(), Args.doubleValue(cl, "seconds", 0, 86_400, 0), png);
      out.println("wrote " + png);
    }
    return 0;
  }
}
