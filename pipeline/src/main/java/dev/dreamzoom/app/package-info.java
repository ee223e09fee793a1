/**
 * The application layer: everything a command does, built from a spec or a request, so that {@code
 * cli} only parses arguments and prints. {@link dev.dreamzoom.app.PreparedRender} turns a validated
 * preset into a ready render (network, objective checked, step, dreamer, renderer, seed); {@link
 * dev.dreamzoom.app.RenderJob} starts, resumes or skips one preset and {@link
 * dev.dreamzoom.app.BatchRun} a queue of them; {@link dev.dreamzoom.app.FrameRepair} verifies and
 * repairs; {@link dev.dreamzoom.app.Reencode} rebuilds clips; {@link dev.dreamzoom.app.StillDream},
 * {@link dev.dreamzoom.app.Atlas} and {@link dev.dreamzoom.app.Preview} dream stills; {@link
 * dev.dreamzoom.app.RenderStatus} and {@link dev.dreamzoom.app.Gallery} report; {@link
 * dev.dreamzoom.app.Inspection} classifies; {@link dev.dreamzoom.app.PrecisionChoice} resolves
 * {@code dream.precision}; {@link dev.dreamzoom.app.Benchmark} measures; {@code MemoryBudget}
 * refuses sizes beyond this process's memory before any work. The media a render reads: {@link
 * dev.dreamzoom.app.MediaFiles} analyses a soundtrack once and keeps the analysis under {@code
 * state/}, {@link dev.dreamzoom.app.SoundReport} is {@code dreamzoom audio}'s analysis, CSV and
 * plot, {@code VideoFrames} a video seed's frames at the clip's times, {@code FrameMasks} each
 * frame's {@code dream.mask} (the segmentation network run on the seed or every 4th video frame),
 * and {@link dev.dreamzoom.app.Sources} records every source file in the manifest and refuses one
 * that changed.
 *
 * <p>May use every stage below it. Must not use {@code cli}, TensorFlow (the model and dream stages
 * wrap it) or JavaCV (the media stage wraps it).
 */
package dev.dreamzoom.app;
