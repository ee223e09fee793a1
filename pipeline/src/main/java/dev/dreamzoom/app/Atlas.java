package dev.dreamzoom.app;

import dev.dreamzoom.dream.DreamStep;
import dev.dreamzoom.dream.OctaveDreamer;
import dev.dreamzoom.dream.Probe;
import dev.dreamzoom.frames.ContactSheet;
import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.model.Network;
import dev.dreamzoom.preset.PresetSchema;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.preset.Term;
import dev.dreamzoom.seed.Seeds;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One filter visualization per channel of a layer, on one labelled PNG, with how specifically each
 * excites its own channel: what {@code dreamzoom atlas} does.
 */
public final class Atlas {
  /** Steps by which each visualization grows from a small canvas, and their size ratio. */
  private static final int GROWTH = 6;

  private static final double GROWTH_SCALE = 1.3;

  /** Each visualization's step size, in intensity levels. */
  private static final double STEP = 2.0;

  private Atlas() {}

  /**
   * @param size side of each square tile, pixels
   * @param iterations iterations per growth step
   * @param threads TensorFlow compute threads; 0 = all cores
   */
  public record Request(
      String model,
      String layer,
      List<Integer> channels,
      int size,
      int iterations,
      long seed,
      Path out,
      int threads) {
    public Request {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(layer, "layer");
      Objects.requireNonNull(out, "out");
      channels = List.copyOf(channels);
      if (channels.isEmpty()) {
        throw new IllegalArgumentException("no channels");
      }
    }
  }

  /** What the atlas reports: each channel as it is done. */
  @FunctionalInterface
  public interface Listener {
    void channel(int index, int count, Specificity specificity);
  }

  /**
   * @param specific channels that rose more than any other channel of the layer
   */
  public record Result(Path file, int channels, int specific, double seconds) {}

  /**
   * How specifically a visualization excites its channel: the channel's rise in mean pre-activation
   * from the seed noise to the visualization, and its rank among all channels' rises (1 = rose
   * most), with the channel that rose most.
   */
  public record Specificity(
      int channel, double rise, int rank, int of, int leader, double leaderRise) {
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
      return new Specificity(channel, own, rank, after.length, leader, leaderRise);
    }
  }

  public static Result run(Request r, ModelStore store, Listener listener)
      throws IOException, ModelException {
    Network network = Network.load(store.resolve(r.model()));
    List<Term> targets =
        r.channels().stream().map(c -> (Term) new Term.Channel(new Target(r.layer(), c))).toList();
    List<BufferedImage> tiles = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    long t0 = System.nanoTime();
    int specific = 0;
    try (DreamStep step =
            new DreamStep(network, targets, new DreamStep.Options(r.threads(), true, false));
        Probe probe = new Probe(network, r.threads())) {
      OctaveDreamer dreamer = new OctaveDreamer(step);
      RgbImage noise = Seeds.faintFractal(r.size(), r.size(), r.seed());
      float[] before = probe.activation(noise, r.layer(), true).channelMeans();
      for (int i = 0; i < targets.size(); i++) {
        float[] weights = new float[targets.size()];
        weights[i] = 1;
        OctaveDreamer.Settings s =
            OctaveDreamer.Settings.oneScale(
                r.iterations(), STEP, r.size() / 16, PresetSchema.FILTERS_BLUR, 0, weights);
        RgbImage tile = dreamer.grow(noise, s, GROWTH, GROWTH_SCALE, r.seed() + i, loss -> {});
        tiles.add(ImageFiles.toBufferedImage(tile));
        int c = r.channels().get(i);
        labels.add("#" + c);
        Specificity sp =
            Specificity.of(before, probe.activation(tile, r.layer(), true).channelMeans(), c);
        specific += sp.rank() == 1 ? 1 : 0;
        listener.channel(i, targets.size(), sp);
      }
    }
    ImageFiles.writePngAtomically(
        ContactSheet.grid(tiles, labels, (int) Math.ceil(Math.sqrt(tiles.size()))), r.out());
    return new Result(r.out(), tiles.size(), specific, (System.nanoTime() - t0) / 1e9);
  }
}
