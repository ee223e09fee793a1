/**
 * A render's folder on disk: {@link dev.dreamzoom.frames.RenderFolder} with its {@code Checkpoint}
 * (latest and kept) and {@link dev.dreamzoom.frames.Manifest}; {@code FrameFolder} (atomic PNG
 * frames, written in the background by {@code BackgroundSink}); {@code FrameCheck} (missing,
 * damaged and unexpected frames); {@code ContactSheet} (labelled grids).
 *
 * <p>May use {@code files}, {@code image} and {@code preset}. Must not use TensorFlow, JavaCV or
 * any stage above it.
 */
package dev.dreamzoom.frames;
