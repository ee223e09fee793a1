/**
 * The camera: {@link dev.dreamzoom.motion.Camera} is one frame's move as one inverse mapping
 * (perspective tilt, zoom, rotation, translation about a pivot); {@link dev.dreamzoom.motion.Warp}
 * samples it once (bilinear; reflect, replicate or wrap borders) and, as a {@link
 * dev.dreamzoom.motion.CameraMove}, carries frames forward and backward for {@code render.cadence};
 * {@link dev.dreamzoom.motion.FlowCarry} is the other {@code CameraMove}: over a video, the
 * previous dream carried along the video's optical flow and blended with its frame.
 *
 * <p>May use {@code image} and {@code preset}. Must not use TensorFlow, JavaCV or any stage above
 * it.
 */
package dev.dreamzoom.motion;
