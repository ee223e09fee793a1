package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.preset.ObjectiveSchedule;
import dev.dreamzoom.preset.Target;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;

/** The catalog's aliases and defaults checked against the real MobileNet graphs in ../shared. */
@Tag("slow")
class CatalogNetworksTest {
  @TempDir Path cache;

  @Test
  void mobileNetAliasesAndDefaultTargetsExistInTheRealGraphs() throws Exception {
    ModelStore store = new ModelStore(ModelCatalog.load(), cache, Shared.models());
    for (String name : List.of("mobilenet_v1_0.75_224_quantized", "mobilenet_v1_0.25_224")) {
      Network network = Network.load(store.resolve(name));
      Set<String> nodes =
          network.graphDef().getNodeList().stream()
              .map(NodeDef::getName)
              .collect(Collectors.toSet());
      assertEquals(27, network.aliases().size(), name);
      network
          .aliases()
          .forEach(
              (alias, tensor) ->
                  assertTrue(nodes.contains(tensor), name + ": alias " + alias + " → " + tensor));

      List<Target> defaults =
          new ArrayList<>(
              ObjectiveSchedule.parseTargets(network.entry().filters(), 30, true).targets());
      network.entry().layers().forEach(l -> defaults.add(Target.layer(l)));
      assertEquals(
          List.of(), network.targetProblems(defaults), name + ": default targets are valid");
    }
  }
}
