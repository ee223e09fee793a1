/**
 * The frame loop: {@link dev.dreamzoom.render.Renderer} moves the previous frame with the camera,
 * hands it to a {@link dev.dreamzoom.render.FrameDreamer} and the result to a frame sink; it starts
 * at any frame, stops between frames on request, and with {@code render.cadence} dreams every N-th
 * frame and makes the frames between ({@code CameraMove.between}).
 *
 * <p>May use {@code frames}, {@code image} and {@code motion}. Must not use TensorFlow, JavaCV or
 * the dream stage (it sees dreaming only through {@code FrameDreamer}).
 */
package dev.dreamzoom.render;
