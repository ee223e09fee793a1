package dev.dreamzoom.model;

import java.util.Map;
import org.tensorflow.proto.GraphDef;

/**
 * A network in the one form the dream step takes, a frozen GraphDef, whatever it came as.
 *
 * @param input the input tensor the source names (a SavedModel's signature, the graph built from
 *     HDF5), or null where the source does not say
 * @param aliases friendly layer names the source implies, → tensor names
 */
public record ImportedGraph(GraphDef graphDef, String input, Map<String, String> aliases) {
  public ImportedGraph {
    aliases = Map.copyOf(aliases);
  }
}
