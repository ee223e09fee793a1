/**
 * The dream core, in tensorflow/lucid's four concerns. <b>Objectives</b>: {@code Objectives}
 * implements {@code Term.Visitor}, each term as graph ops (guide and style features computed once
 * by {@code References} with {@link dev.dreamzoom.dream.Probe}). <b>Parameterization</b>: {@code
 * NetworkInput} (image → jitter roll → (p − offset)/scale, spliced in place of the network's
 * input). <b>Transforms</b> (lucid's robustness transforms, not the camera): the jitter roll, the
 * octaves and the moving tiles ({@link dev.dreamzoom.dream.Tiles}, which alone decides whether a
 * scale is tiled). <b>The loop</b>: {@code UpdateRule} (normalize, step, decay, clip; the gradient
 * blur's kernel) and {@code Ascent} (whole-frame and tiled iterations).
 *
 * <p>Four nouns, from small to large: {@link dev.dreamzoom.dream.DreamStep} is the graph, built
 * once, that takes one gradient step; {@link dev.dreamzoom.dream.OctaveDreamer} runs its iterations
 * over the octaves of one image (or grows a visualization); {@link
 * dev.dreamzoom.dream.ScheduledDreamer} dreams frame t with the preset's schedules at t; the
 * renderer sees that only as its {@code render.FrameDreamer}. {@link
 * dev.dreamzoom.dream.PrecisionCheck} compares one float32 and bfloat16 gradient.
 *
 * <p>May use TensorFlow, {@code model}, {@code preset} and {@code image}. Must not use JavaCV,
 * files on disk beyond reading reference images, or any stage above it.
 */
package dev.dreamzoom.dream;
