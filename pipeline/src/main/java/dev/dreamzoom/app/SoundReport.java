package dev.dreamzoom.app;

import dev.dreamzoom.audio.MusicVariable;
import dev.dreamzoom.audio.SoundAnalysis;
import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.media.AudioDecoder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A soundtrack analysed per frame for {@code dreamzoom audio}: decoded (FFmpeg), analysed, and
 * written as a CSV (one row per frame), a Deforum-style keyframe string, or a plot of the curves
 * with the beats marked.
 */
public final class SoundReport {
  /** The plot's height in pixels: 110 per panel and the title. */
  static final int HEIGHT = 960;

  private SoundReport() {}

  /**
   * @return the analysis, with no frames when {@code offset} lies at or past the track's end
   * @throws IOException naming the file when it cannot be read as audio or is silent
   */
  public static SoundAnalysis analyse(Path file, int fps, double offset) throws IOException {
    // The track is analysed as it is decoded, never held whole; its loudest sample is noted on the
    // way.
    long[] count = {0};
    float[] peak = {0};
    SoundAnalysis a =
        SoundAnalysis.of(
            piece ->
                AudioDecoder.decode(
                    file,
                    SoundAnalysis.RATE,
                    (buffer, n) -> {
                      for (int i = 0; i < n; i++) {
                        peak[0] = Math.max(peak[0], Math.abs(buffer[i]));
                      }
                      count[0] += n;
                      piece.accept(buffer, n);
                    }),
            fps,
            offset,
            0);
    if (count[0] == 0) {
      throw new IOException(file + " holds no audio samples");
    }
    if (peak[0] < 1e-4) {
      throw new IOException(
          file + " is silent (its loudest sample is below -80 dB): nothing to follow");
    }
    return a;
  }

  /** One row per frame: {@code frame,time,rms,bass,mid,high,onset,hit,beat,bpm}. */
  public static void writeCsv(SoundAnalysis a, Path out) throws IOException {
    String text = csv(a);
    AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * {@link #writeCsv}'s text. Values are single-precision, written as the shortest decimal that
   * reads back to the same float, so a render's kept analysis reads back exactly.
   */
  static String csv(SoundAnalysis a) {
    StringBuilder b =
        new StringBuilder("frame,time,")
            .append(String.join(",", MusicVariable.keys()))
            .append('\n');
    for (int t = 0; t < a.frames(); t++) {
      b.append(t)
          .append(',')
          .append(String.format(Locale.ROOT, "%.4f", a.offset() + (double) t / a.fps()));
      for (MusicVariable v : MusicVariable.values()) {
        b.append(',').append(Float.toString((float) a.value(v, t)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** {@code 0:(0.1200), 1:(0.3500), ...}: the variable at every frame, for other tools. */
  public static String keyframes(SoundAnalysis a, MusicVariable variable) {
    StringBuilder b = new StringBuilder();
    for (int t = 0; t < a.frames(); t++) {
      b.append(t == 0 ? "" : ", ")
          .append(t)
          .append(":(")
          .append(String.format(Locale.ROOT, "%.4f", a.value(variable, t)))
          .append(')');
    }
    return b.toString();
  }

  /**
   * The curves over time, one panel each over a shared time axis, the beats as thin vertical lines
   * in every panel and the picked onsets as dots on the onset curve; at most {@code seconds} from
   * the offset (0 = all), so that a long track can be read in parts.
   */
  public static void plot(SoundAnalysis a, String title, double seconds, Path png)
      throws IOException {
    int frames =
        seconds > 0 ? (int) Math.min(a.frames(), Math.round(seconds * a.fps())) : a.frames();
    double end = a.offset() + (double) frames / a.fps();
    NumberAxis secondsAxis = new NumberAxis("seconds");
    secondsAxis.setAutoRangeIncludesZero(false);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(secondsAxis);
    plot.setGap(6);
    List<MusicVariable> curves = MusicVariable.curves();
    Color[] colours = {
      Color.DARK_GRAY,
      new Color(0xc0392b),
      new Color(0x27ae60),
      new Color(0x2980b9),
      new Color(0x8e44ad),
      new Color(0xd35400),
      new Color(0x16a085),
      new Color(0xb7950b)
    };
    for (int i = 0; i < curves.size(); i++) {
      MusicVariable v = curves.get(i);
      XYSeriesCollection data = new XYSeriesCollection();
      XYSeries curve = new XYSeries(v.key());
      XYSeries hits = new XYSeries("hit");
      for (int t = 0; t < frames; t++) {
        double time = a.offset() + (double) t / a.fps();
        curve.add(time, a.value(v, t));
        if (v == MusicVariable.ONSET && a.value(MusicVariable.HIT, t) > 0) {
          hits.add(time, a.value(MusicVariable.ONSET, t));
        }
      }
      data.addSeries(curve);
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
      renderer.setSeriesPaint(0, colours[i % colours.length]);
      renderer.setSeriesStroke(0, new BasicStroke(1.4f));
      if (v == MusicVariable.ONSET) {
        data.addSeries(hits);
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesShapesVisible(1, true);
        renderer.setSeriesPaint(1, Color.BLACK);
      }
      NumberAxis axis = new NumberAxis(v.key());
      axis.setRange(0, 1.05);
      axis.setTickUnit(new NumberTickUnit(0.5));
      XYPlot panel = new XYPlot(data, null, axis, renderer);
      panel.setBackgroundPaint(Color.WHITE);
      panel.setRangeGridlinePaint(new Color(0xdddddd));
      for (double beat : a.beats()) {
        if (beat >= a.offset() && beat < end) {
          panel.addDomainMarker(new ValueMarker(beat, new Color(0, 0, 0, 70), new BasicStroke(1f)));
        }
      }
      for (double change : a.sections()) {
        if (change >= a.offset() && change < end) {
          panel.addDomainMarker(new ValueMarker(change, new Color(0xe67e22), new BasicStroke(3f)));
        }
      }
      plot.add(panel, 1);
    }
    JFreeChart chart =
        new JFreeChart(
            String.format(
                Locale.ROOT,
                "%s: %.1f BPM (beats: grey lines), %d onsets"
                    + " (dots), %d sections (orange lines at each change)",
                title,
                a.bpm(),
                a.onsets().length,
                a.sections().length + 1),
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    int width = (int) Math.max(1000, Math.min(6000, (end - a.offset()) * 60));
    boolean jpeg = png.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g");
    AtomicFiles.write(
        png,
        o -> {
          if (jpeg) {
            ChartUtils.writeChartAsJPEG(o, 0.92f, chart, width, HEIGHT);
          } else {
            ChartUtils.writeChartAsPNG(o, chart, width, HEIGHT);
          }
        });
  }
}
