/**
 * Frames to clips. {@link dev.dreamzoom.encode.Clips} is the entry: every format, the poster and
 * the preview; {@code FrameSequence} (loops, blends), {@code MotionInterpolation} (FFmpeg's
 * {@code minterpolate}), {@code VideoEncoder} (H.264, VP9) with {@code Bt709Yuv} (RGB to yuv420p
 * with the matrix the clips are tagged with), {@code GifEncoder} and {@code Palette} (pure Java),
 * {@link dev.dreamzoom.encode.VideoInfo} (decode and check), {@code Soundtrack}. The media read in:
 * {@link dev.dreamzoom.encode.AudioDecoder} (soundtracks for the audio analysis), {@link
 * dev.dreamzoom.encode.VideoReader} (a source video's frames, upright, by time) and {@link
 * dev.dreamzoom.encode.OpticalFlow} (OpenCV's DIS flow between them).
 *
 * <p>The one stage that may use JavaCV/FFmpeg and OpenCV. May use {@code
 * files}, {@code image} and {@code preset} (its {@code EncodeSpec}). Must not use TensorFlow or any
 * stage above it.
 */
package dev.dreamzoom.encode;
