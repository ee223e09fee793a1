/**
 * The FFmpeg and OpenCV boundary: every byte of audio or video that goes in or out, in three parts.
 *
 * <p>Encode, frames to clips: {@link dev.dreamzoom.media.Clips} is the entry: every format, the
 * poster and the preview; {@code FrameSequence} (loops, blends), {@code MotionInterpolation}
 * (FFmpeg's {@code minterpolate}), {@code VideoEncoder} (H.264, VP9) with {@code Bt709Yuv} (RGB to
 * yuv420p with the matrix the clips are tagged with), {@code GifEncoder} and {@code Palette} (pure
 * Java), {@link dev.dreamzoom.media.VideoInfo} (decode and check), {@code Soundtrack}.
 *
 * <p>Decode, the media read in: {@link dev.dreamzoom.media.AudioDecoder} (soundtracks for the audio
 * analysis) and {@link dev.dreamzoom.media.VideoReader} (a source video's frames, upright, by
 * time); {@code FfmpegLog} routes FFmpeg's log through SLF4J for both sides.
 *
 * <p>Flow: {@link dev.dreamzoom.media.OpticalFlow} (OpenCV's DIS optical flow between video
 * frames).
 *
 * <p>The one stage that may use JavaCV/FFmpeg and OpenCV. May use {@code files}, {@code image} and
 * {@code preset} (its {@code EncodeSpec}). Must not use TensorFlow or any stage above it.
 */
package dev.dreamzoom.media;
