package dev.dreamzoom.preset;

import dev.dreamzoom.audio.MusicVariable;

/**
 * What a preset's soundtrack does at each frame of its clip, as schedule expressions read it: frame
 * 0 is {@code audio.offset} seconds into the track, and every variable is 0 before it and after the
 * track's end.
 */
public interface Sound {
  /**
   * Frames from the offset to the track's end, at the clip's rate: what {@code frames = auto}
   * gives.
   */
  int frames();

  /**
   * @param t a frame of the clip, counted from the offset
   */
  double value(MusicVariable variable, int t);

  /** Silence for {@code frames} frames: the stand-in for a track that is set but unusable. */
  static Sound silent(int frames) {
    return new Sound() {
      @Override
      public int frames() {
        return frames;
      }

      @Override
      public double value(MusicVariable variable, int t) {
        return 0;
      }
    };
  }
}
