/**
 * The application layer: everything a command does, built from a spec or a request, so that
 * {@code cli} only parses arguments and prints. {@link dev.dreamzoom.app.PreparedRender} turns a
 * validated preset into a ready render (network, objective checked, step, dreamer, renderer,
 * seed); {@link dev.dreamzoom.app.RenderJob} starts, resumes or skips one preset and
 * {@link dev.dreamzoom.app.BatchRun} a queue of them; {@link dev.dreamzoom.app.FrameRepair}
 * verifies and repairs; {@link dev.dreamzoom.app.Reencode} rebuilds clips;
 * {@link dev.dreamzoom.app.StillDream}, {@link dev.dreamzoom.app.Atlas} and
 * {@link dev.dreamzoom.app.Preview} dream stills; {@link dev.dreamzoom.app.RenderStatus} and
 * {@link dev.dreamzoom.app.Gallery} report; {@link dev.dreamzoom.app.Inspection} classifies;
 * {@link dev.dreamzoom.app.PrecisionChoice} resolves {@code dream.precision};
 * {@link dev.dreamzoom.app.Benchmark} measures; {@code MemoryBudget} refuses sizes beyond this
 * process's memory before any work.
 *
 * <p>May use every stage below it. Must not use {@code cli}, TensorFlow (the model and dream
 * stages wrap it) or JavaCV (the encode stage wraps it).
 */
package dev.dreamzoom.app;
