package dev.dreamzoom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.Mask;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.VideoReader;
import dev.dreamzoom.model.Segmenter;
import dev.dreamzoom.testing.DebianPackages;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dream.mask = background} over real street footage with people walking: OpenCV's {@code
 * vtest.avi} (Debian's {@code opencv-doc}, OpenCV's sample data: Apache-2.0 and BSD-3-Clause per
 * the package's copyright file). The people stay the video's own pixels while the street dreams,
 * and a render killed with -9 resumes to the same bytes.
 */
@Tag("slow")
class VideoMaskTest {
  static final Path STREET = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

  private static final int W = 320;
  private static final int H = 240;
  private static final int FRAMES = 9;

  @TempDir Path dir;

  private static List<Path> frames(Path render) throws Exception {
    try (Stream<Path> s = Files.list(render.resolve("frames"))) {
      return s.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
  }

  @Test
  void thePeopleStayTheVideosOwnWhileTheStreetDreamsAndAKilledRenderResumesExactly()
      throws Exception {
    DebianPackages.requireFile(STREET, "opencv-doc");
    Path preset =
        Files.writeString(
            dir.resolve("street.properties"),
            """
            name = street
            seed = video
            seed.video = %s
            width = %d
            height = %d
            frames = %d
            fps = 10
            dream.mask = background
            dream.iterations = 4
            dream.step = 1.5
            video.blend = 0.7
            encode.format = gif
            """
                .formatted(STREET, W, H, FRAMES));
    Path out = dir.resolve("out");
    CliTest.Run r = CliTest.render(preset, out);
    assertEquals(0, r.code(), r.err());
    List<Path> frames = frames(out.resolve("street"));
    assertEquals(FRAMES, frames.size());

    // The people as the network sees them in each source frame (every frame here, not every 4th),
    // at least 2 pixels inside their outline, and the street at least 2 pixels outside it, so that
    // the feathered edge and the flow's lag at the edge count for neither.
    double personChange = 0;
    double streetChange = 0;
    int personPixels = 0;
    try (VideoReader video = VideoReader.open(STREET, 0, 10, W, H);
        Segmenter net = Segmenter.open(Shared.segmentation())) {
      for (int t = 0; t < FRAMES; t++) {
        RgbImage source = video.frame(t);
        Mask subject = net.subject(source);
        float[] outline = new float[W * H];
        for (int i = 0; i < outline.length; i++) {
          outline[i] = subject.at(i % W, i / W) >= 0.5 ? 1 : 0;
        }
        Mask core = new Mask(W, H, outline).feathered(4);
        Mask away = new Mask(W, H, outline).inverted().feathered(4);
        RgbImage frame = ImageFiles.read(frames.get(t));
        double[] change = new double[2];
        int[] count = new int[2];
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            int in = core.at(x, y) == 1 ? 0 : away.at(x, y) == 1 ? 1 : -1;
            if (in < 0) {
              continue;
            }
            for (int c = 0; c < 3; c++) {
              change[in] += Math.abs(frame.get(x, y, c) - source.get(x, y, c)) / 3;
            }
            count[in]++;
          }
        }
        personPixels += count[0];
        personChange += count[0] == 0 ? 0 : change[0] / count[0] / FRAMES;
        streetChange += change[1] / count[1] / FRAMES;
      }
    }
    System.out.printf(
        "people (%d pixels over %d frames): %.2f levels from the video; street: %.2f%n",
        personPixels, FRAMES, personChange, streetChange);
    assertTrue(personPixels > FRAMES * 20, "people found: " + personPixels + " pixels");
    Margins.atMost("the people's mean change from the video (levels)", personChange, 3);
    Margins.atLeast("the street's mean change from the video (levels)", streetChange, 6);

    // Killed after frame 6's PNG, before its checkpoint: frame 6 lies between two segmented frames,
    // so the resumed render carries the mask from frame 4 as the first one did.
    Subprocess.assertResumesExactly("png:6", preset, "street", out, dir);
  }
}
