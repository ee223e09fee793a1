/**
 * The first frame: fractal or uniform noise, or a cover-cropped photo ({@link
 * dev.dreamzoom.seed.Seeds}).
 *
 * <p>May use {@code image} and {@code preset}. Must not use TensorFlow, JavaCV or any stage above
 * it.
 */
package dev.dreamzoom.seed;
