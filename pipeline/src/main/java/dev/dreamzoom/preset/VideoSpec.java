package dev.dreamzoom.preset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A source video that a render dreams over, frame by frame ({@code seed = video}).
 *
 * @param file anything FFmpeg decodes
 * @param start seconds into the video where frame 0 is
 * @param end seconds where it stops; 0 = its end
 * @param rate frames per second taken from the video (frame t is the picture at start + t/rate):
 *     {@code video.fps}, or the clip's fps when that is 0, so the clip plays in real time
 * @param blend per frame, the share of the previous dream carried along the flow into frame t
 */
public record VideoSpec(Path file, double start, double end, double rate, Param blend) {
  public VideoSpec {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(blend, "blend");
    if (!(start >= 0) || !(end == 0 || end > start) || !(rate > 0)) {
      throw new IllegalArgumentException(
          "video span and rate: start " + start + ", end " + end + ", rate " + rate);
    }
  }
}
