package dev.dreamzoom.cli;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.Dreamer;
import dev.dreamzoom.dream.Probe;
import dev.dreamzoom.frames.ContactSheet;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.seed.Seeds;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code atlas MODEL LAYER}: one filter visualization per channel, side by side, to pick filters by eye. */
final class AtlasCommand implements Command {
  @Override
  public String name() {
    return "atlas";
  }

  @Override
  public String synopsis() {
    return "MODEL LAYER [--channels 0-15] [--size PX] [--iterations N] [--seed N] [--out FILE.png]"
        + " [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "visualize several channels of a layer on one labelled PNG";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("channels").hasArg().argName("LIST")
        .desc("channels, e.g. 0-15 or 3,7,20-23 (default 0-15)").build());
    o.addOption(Option.builder().longOpt("size").hasArg().argName("PX")
        .desc("side of each square tile (default 160)").build());
    o.addOption(Option.builder().longOpt("iterations").hasArg().argName("N")
        .desc("iterations per growth step (default 12)").build());
    o.addOption(Option.builder().longOpt("seed").hasArg().argName("N")
        .desc("random seed of the noise and jitter (default 42)").build());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
        .desc("where to write it (default: output/atlas-<model>-<layer>.png)").build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, IOException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    String[] pos = Args.positional(cl, "MODEL", "LAYER");
    List<Integer> channels = parseChannels(cl.getOptionValue("channels", "0-15"));
    int size = Args.intValue(cl, "size", 64, 1024, 160);
    int iterations = Args.intValue(cl, "iterations", 1, 500, 12);
    long seed = Args.intValue(cl, "seed", Integer.MIN_VALUE, Integer.MAX_VALUE, 42);
    Path target = cl.hasOption("out") ? Path.of(cl.getOptionValue("out"))
        : RenderCommand.defaultOutputRoot().resolve(
            "atlas-" + pos[0].replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + pos[1].replaceAll("[^A-Za-z0-9._-]", "_") + ".png");

    Network network = Network.load(Args.modelStore(cl).resolve(pos[0]));
    List<Term> targets = channels.stream().map(c -> (Term) new Term.Channel(new Target(pos[1], c))).toList();
    List<BufferedImage> tiles = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    long t0 = System.nanoTime();
    int specific = 0;
    try (DreamStep step = new DreamStep(network, targets, new DreamStep.Options(Args.threads(cl), true, false));
        Probe probe = new Probe(network, Args.threads(cl))) {
      Dreamer dreamer = new Dreamer(step);
      RgbImage noise = Seeds.faintFractal(size, size, seed);
      float[] before = probe.activation(noise, pos[1], true).channelMeans();
      for (int i = 0; i < targets.size(); i++) {
        float[] weights = new float[targets.size()];
        weights[i] = 1;
        Dreamer.Settings s = new Dreamer.Settings(1, 1.4, iterations, 2.0, size / 16, 0.5, 0, weights);
        RgbImage tile = dreamer.grow(noise, s, 6, 1.3, seed + i, loss -> { });
        tiles.add(ImageFiles.toBufferedImage(tile));
        int c = channels.get(i);
        labels.add("#" + c);
        Specificity sp = Specificity.of(before, probe.activation(tile, pos[1], true).channelMeans(), c);
        specific += sp.rank() == 1 ? 1 : 0;
        out.printf("channel %d (%d/%d): rose %+.2f, rank %d of %d%s%n", c, i + 1, targets.size(),
            sp.rise(), sp.rank(), before.length,
            sp.rank() == 1 ? "" : String.format(" (channel %d rose %+.2f)", sp.leader(), sp.leaderRise()));
      }
    }
    out.printf("%d of %d channels rose more than any other channel of the layer when visualized"
        + " (pre-activation means, relative to the seed noise)%n", specific, tiles.size());
    ImageFiles.writePngAtomically(
        ContactSheet.grid(tiles, labels, (int) Math.ceil(Math.sqrt(tiles.size()))), target);
    out.printf("wrote %s (%d channels of %s) in %.1f s%n", target, tiles.size(), pos[1],
        (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  /**
   * How specifically a visualization excites its channel: the channel's rise in mean
   * pre-activation from the seed noise to the visualization, and its rank among all channels'
   * rises (1 = rose most).
   */
  record Specificity(double rise, int rank, int leader, double leaderRise) {
    static Specificity of(float[] before, float[] after, int channel) {
      double own = after[channel] - before[channel];
      int rank = 1;
      int leader = channel;
      double leaderRise = own;
      for (int k = 0; k < after.length; k++) {
        double rise = after[k] - before[k];
        if (k != channel && rise >= own) {
          rank++;
        }
        if (rise > leaderRise) {
          leader = k;
          leaderRise = rise;
        }
      }
      return new Specificity(own, rank, leader, leaderRise);
    }
  }

  /** {@code 0-15}, {@code 3,7,20-23}: sorted, without repeats. */
  static List<Integer> parseChannels(String spec) throws UsageException {
    TreeSet<Integer> out = new TreeSet<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      try {
        int dash = p.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
        if (from < 0 || to < from || to - from > 1024) {
          throw new UsageException("--channels: bad range '" + p + "'");
        }
        for (int c = from; c <= to; c++) {
          out.add(c);
        }
      } catch (NumberFormatException e) {
        throw new UsageException("--channels: expected numbers or ranges like 0-15, got '" + p + "'");
      }
    }
    if (out.isEmpty() || out.size() > 256) {
      throw new UsageException("--channels: give 1 to 256 channels");
    }
    return List.copyOf(out);
  }
}
