package dev.dreamzoom.preset;

import java.util.List;

/**
 * What a preset's soundtrack does at each frame of its clip, as schedule expressions read it:
 * frame 0 is {@code audio.offset} seconds into the track, and every variable is 0 before it and
 * after the track's end.
 */
public interface Sound {
  /** The names an expression may use, each documented in the README's music section. */
  List<String> VARIABLES = List.of("rms", "bass", "mid", "high", "onset", "hit", "beat", "bpm");

  /** Frames from the offset to the track's end, at the clip's rate: what {@code frames = auto} gives. */
  int frames();

  /**
   * @param variable one of {@link #VARIABLES}
   * @param t a frame of the clip, counted from the offset
   */
  double value(String variable, int t);
}
