/**
 * Rewrites of a frozen GraphDef, each a function from one GraphDef to another: {@link
 * dev.dreamzoom.model.graph.Bfloat16} (compute in bfloat16), {@link
 * dev.dreamzoom.model.graph.HeadPool} (a global pool for any input size), {@link
 * dev.dreamzoom.model.graph.GradientRewrites} (2015 ops without gradients replaced), {@link
 * dev.dreamzoom.model.graph.FunctionInliner} (TF2 function calls inlined); {@link
 * dev.dreamzoom.model.graph.GraphCost} counts a forward pass's FLOPs for {@code bench}.
 *
 * <p>Part of the model stage: may use TensorFlow and {@code model}. Must not use any stage above
 * the model stage.
 */
package dev.dreamzoom.model.graph;
