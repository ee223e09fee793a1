package dev.dreamzoom.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conversions against published values, not against themselves: CIELAB of sRGB colours under
 * D65 as Bruce Lindbloom's calculator (brucelindbloom.com, sRGB, D65, no adaptation) and the CIE
 * formulas give them, HSV as image tools show it (hue in degrees, saturation and value scaled to
 * 0..255 here), and both back to the same RGB.
 */
class ColorSpaceTest {
  @ParameterizedTest
  @CsvSource({
      "255, 255, 255, 100.0000,    0.0000,    0.0000",
      "0,   0,   0,     0.0000,    0.0000,    0.0000",
      "255, 0,   0,    53.2408,   80.0925,   67.2032",
      "0,   255, 0,    87.7347,  -86.1827,   83.1793",
      "0,   0,   255,  32.2970,   79.1875, -107.8602",
      "128, 128, 128,  53.5850,    0.0000,    0.0000",
      "255, 255, 0,    97.1393,  -21.5537,   94.4780"})
  void cielabIsThePublishedD65Value(float r, float g, float b, double l, double a, double bb) {
    double[] lab = new double[3];
    ColorSpace.LAB.fromRgb(r, g, b, lab);
    assertArrayEquals(new double[] {l, a, bb}, lab, 0.01);
    float[] back = new float[3];
    ColorSpace.LAB.toRgb(lab, back, 0);
    assertArrayEquals(new float[] {r, g, b}, back, 0.01f);
  }

  @ParameterizedTest
  @CsvSource({
      "255, 0,   0,     0.0, 255, 255",
      "0,   255, 0,   120.0, 255, 255",
      "0,   0,   255, 240.0, 255, 255",
      "255, 255, 0,    60.0, 255, 255",
      "0,   128, 128, 180.0, 255, 128",
      "128, 0,   128, 300.0, 255, 128",
      "255, 128, 0,    30.1176, 255, 255",
      "100, 100, 100,   0.0,   0, 100"})
  void hsvIsWhatImageToolsShow(float r, float g, float b, double h, double s, double v) {
    double[] hsv = new double[3];
    ColorSpace.HSV.fromRgb(r, g, b, hsv);
    assertArrayEquals(new double[] {h, s, v}, hsv, 0.001);
    float[] back = new float[3];
    ColorSpace.HSV.toRgb(hsv, back, 0);
    assertArrayEquals(new float[] {r, g, b}, back, 0.001f);
  }
}
