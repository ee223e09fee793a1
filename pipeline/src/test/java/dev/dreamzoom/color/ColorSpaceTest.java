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
    "LAB, 255, 255, 255, 100.0000,    0.0000,    0.0000",
    "LAB, 0,   0,   0,     0.0000,    0.0000,    0.0000",
    "LAB, 255, 0,   0,    53.2408,   80.0925,   67.2032",
    "LAB, 0,   255, 0,    87.7347,  -86.1827,   83.1793",
    "LAB, 0,   0,   255,  32.2970,   79.1875, -107.8602",
    "LAB, 128, 128, 128,  53.5850,    0.0000,    0.0000",
    "LAB, 255, 255, 0,    97.1393,  -21.5537,   94.4780",
    "HSV, 255, 0,   0,     0.0, 255, 255",
    "HSV, 0,   255, 0,   120.0, 255, 255",
    "HSV, 0,   0,   255, 240.0, 255, 255",
    "HSV, 255, 255, 0,    60.0, 255, 255",
    "HSV, 0,   128, 128, 180.0, 255, 128",
    "HSV, 128, 0,   128, 300.0, 255, 128",
    "HSV, 255, 128, 0,    30.1176, 255, 255",
    "HSV, 100, 100, 100,   0.0,   0, 100"
  })
  void conversionsGiveThePublishedValuesAndComeBack(
      ColorSpace space, float r, float g, float b, double x, double y, double z) {
    double[] got = new double[3];
    space.fromRgb(r, g, b, got);
    assertArrayEquals(new double[] {x, y, z}, got, 0.01, space + " of " + r + ", " + g + ", " + b);
    float[] back = new float[3];
    space.toRgb(got, back, 0);
    assertArrayEquals(new float[] {r, g, b}, back, 0.01f, space + " back to RGB");
  }
}
