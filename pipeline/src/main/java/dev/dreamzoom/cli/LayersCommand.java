package dev.dreamzoom.cli;

import dev.dreamzoom.model.LayerInfo;
import dev.dreamzoom.model.ModelException;
import dev.dreamzoom.model.Network;
import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code layers MODEL}: the layer names a preset can use, with their channel counts. */
final class LayersCommand implements Command {
  @Override
  public String name() {
    return "layers";
  }

  @Override
  public String synopsis() {
    return "MODEL [--all] [--model-mirror DIR] [--threads N]";
  }

  @Override
  public String summary() {
    return "list a model's layers (activation tensors) with their aliases and channel counts";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(
        Option.builder()
            .longOpt("all")
            .desc(
                "every 4-D float tensor (convolutions, bias adds such as inception5h's *_pre_relu, pools),"
                    + " not only activations")
            .build());
    return Args.withCommon(o);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err)
      throws UsageException, ModelException {
    CommandLine cl = Args.parse(options(), args);
    String model = Args.positional(cl, "MODEL")[0];
    Network network = Network.load(Args.modelStore(cl).resolve(model));
    List<LayerInfo> layers = network.layers(cl.hasOption("all"));
    int width = Math.max(5, layers.stream().mapToInt(l -> l.name().length()).max().orElse(5));
    int aliasWidth =
        Math.max(
            7,
            layers.stream().mapToInt(l -> String.join(", ", l.aliases()).length()).max().orElse(7));
    String row = "%-" + width + "s  %-" + aliasWidth + "s  %8s  %s%n";
    out.printf(row, "layer", "aliases", "channels", "op");
    for (LayerInfo l : layers) {
      out.printf(
          row,
          l.name(),
          l.aliases().isEmpty() ? "-" : String.join(", ", l.aliases()),
          l.channels(),
          l.op());
    }
    out.println("input: " + network.entry().input());
    List<String> recommended = network.entry().layers();
    if (!recommended.isEmpty()) {
      out.println("default deepdream layers: " + String.join(", ", recommended));
    }
    if (network.entry().filters() != null) {
      out.println("default filters: " + network.entry().filters());
    }
    return 0;
  }
}
