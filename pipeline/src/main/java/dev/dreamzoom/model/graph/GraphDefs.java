package dev.dreamzoom.model.graph;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Reading a GraphDef's wiring: node inputs ({@code name}, {@code name:port}, {@code ^name}) and
 * what feeds what.
 */
public final class GraphDefs {
  private GraphDefs() {}

  /** The node an input names: {@code a:1} and {@code ^a} are node {@code a}. */
  public static String node(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  public static Map<String, NodeDef> byName(GraphDef def) {
    Map<String, NodeDef> nodes = new HashMap<>();
    def.getNodeList().forEach(n -> nodes.put(n.getName(), n));
    return nodes;
  }

  /**
   * The names of {@code from} and every node they depend on through data inputs, and through
   * control inputs too where {@code control}.
   */
  public static Set<String> ancestors(
      Map<String, NodeDef> nodes, Collection<String> from, boolean control) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(from);
    while (!todo.isEmpty()) {
      NodeDef n = nodes.get(todo.pop());
      if (n == null || !seen.add(n.getName())) {
        continue;
      }
      for (String in : n.getInputList()) {
        if (control || !in.startsWith("^")) {
          todo.push(node(in));
        }
      }
    }
    return seen;
  }
}
