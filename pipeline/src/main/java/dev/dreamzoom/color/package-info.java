/**
 * Colour coherence: {@link dev.dreamzoom.color.ColorCoherence} moves each dreamed frame's colour
 * statistics toward a reference's ({@code Stats} in CIELAB, RGB or HSV through {@code ColorSpace},
 * or per-channel histograms), so a long clip keeps its palette.
 *
 * <p>May use {@code image} and {@code preset} (its spec). Must not use TensorFlow, JavaCV or any
 * stage above it.
 */
package dev.dreamzoom.color;
