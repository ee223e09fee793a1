/**
 * Queues of presets: {@link dev.dreamzoom.batch.PresetQueue} reads a queue (a folder or a list
 * file) and shares it among farm workers; {@link dev.dreamzoom.batch.Summary} is the table a batch
 * ends with. The loop that renders a queue is {@code app.BatchRun}.
 *
 * <p>Uses only the JDK. Must not use any other stage.
 */
package dev.dreamzoom.batch;
