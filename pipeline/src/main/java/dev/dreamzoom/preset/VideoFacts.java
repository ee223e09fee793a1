package dev.dreamzoom.preset;

/**
 * What the parser needs to know of a source video: its length, for {@code frames = auto}, and
 * whether it has sound, which becomes the clip's.
 *
 * @param duration seconds of video
 * @param fps the source's own frame rate
 */
public record VideoFacts(double duration, double fps, boolean hasAudio) {}
