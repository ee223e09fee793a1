import dev.dreamzoom.image.ImageFiles;
import dev.dreamzoom.image.RgbImage;
import dev.dreamzoom.media.VideoReader;
import dev.dreamzoom.testing.VideoMeasures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How strongly, and how steadily, sets of video-dream settings dream real footage: for each clip
 * and each settings file, renders the first FRAMES frames at 320x180 and 10 fps and prints the
 * mean change from the source (levels) and the frame-to-frame flicker beyond the source's own, as
 * cli/VideoRenderTest measures them (testing.VideoMeasures), and the seconds per frame.
 *
 * <p>Run from the checkout after the tests were compiled (mvn test-compile):
 * java -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" scripts/VideoLooks.java
 * OUT_DIR SETTINGS.properties... -- CLIP...
 */
public class VideoLooks {
  static final int W = 320;
  static final int H = 180;
  static final int FPS = 10;
  static final int FRAMES = 30;

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    List<Path> settings = new ArrayList<>();
    List<Path> clips = new ArrayList<>();
    boolean afterDashes = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--")) {
        afterDashes = true;
      } else {
        (afterDashes ? clips : settings).add(Path.of(args[i]).toAbsolutePath());
      }
    }
    System.out.printf("%-14s %-22s %10s %10s %10s%n", "clip", "settings", "change", "flicker+", "s/frame");
    for (Path clip : clips) {
      List<RgbImage> source = new ArrayList<>();
      try (VideoReader r = VideoReader.open(clip, 0, FPS, W, H)) {
        for (int t = 0; t < FRAMES; t++) {
          source.add(r.frame(t));
        }
      }
      double sourceFlicker = VideoMeasures.flicker(source);
      for (Path s : settings) {
        String name =
            clip.getFileName().toString().replaceAll("\\W", "_")
                + "-"
                + s.getFileName().toString().replace(".properties", "");
        Path preset = out.resolve(name + ".properties");
        Files.createDirectories(out);
        Files.writeString(
            preset,
            Files.readString(s)
                + "\nname = %s\nseed = video\nseed.video = %s\nwidth = %d\nheight = %d\nfps = %d\nframes = %d\nencode.format = gif\n"
                    .formatted(name, clip, W, H, FPS, FRAMES));
        long t0 = System.nanoTime();
        int code =
            new dev.dreamzoom.cli.Cli()
                .run(
                    new String[] {"render", preset.toString(), "--output", out.toString()},
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                    System.err);
        double seconds = (System.nanoTime() - t0) / 1e9 / FRAMES;
        if (code != 0) {
          throw new IllegalStateException("render of " + preset + " failed: " + code);
        }
        List<RgbImage> dreamed = new ArrayList<>();
        try (Stream<Path> f = Files.list(out.resolve(name).resolve("frames"))) {
          for (Path p : f.filter(x -> x.toString().endsWith(".png")).sorted().toList()) {
            dreamed.add(ImageFiles.read(p));
          }
        }
        System.out.printf(
            "%-14s %-22s %10.2f %10.2f %10.2f%n",
            clip.getFileName(),
            s.getFileName(),
            VideoMeasures.change(dreamed, source),
            VideoMeasures.flicker(dreamed) - sourceFlicker,
            seconds);
      }
    }
  }
}
