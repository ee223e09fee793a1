package dev.dreamzoom.motion;

/**
 * One frame's camera move, as an inverse mapping from each pixel of the new frame to where it was
 * in the previous one: a perspective tilt of the picture plane about the pivot (a homography: the
 * plane turns, the camera stays), then zoom, rotation and translation about the pivot. Composed
 * into one mapping, so the frame is sampled once, however many of these it uses.
 *
 * @param zoom scale factor (&gt; 1 magnifies, i.e. flies in)
 * @param degrees counter-clockwise rotation of the content
 * @param tx content shift to the right, in pixels
 * @param ty content shift downwards, in pixels
 * @param cx the pivot of zoom, rotation and tilt, as a fraction of the width (0.5 = centre)
 * @param cy the pivot as a fraction of the height
 * @param tiltX degrees the camera pitches: positive brings the top of the picture closer
 * @param tiltY degrees the camera yaws: positive brings the right side closer
 */
public record Camera(
    double zoom,
    double degrees,
    double tx,
    double ty,
    double cx,
    double cy,
    double tiltX,
    double tiltY) {
  /** Zoom, rotation and translation about the centre. */
  public static Camera of(double zoom, double degrees, double tx, double ty) {
    return new Camera(zoom, degrees, tx, ty, 0.5, 0.5, 0, 0);
  }

  /** Computes source positions for a {@code w x h} frame. */
  Mapping mapping(int w, int h) {
    return new Mapping(w, h);
  }

  /** The inverse mapping for one frame size. */
  final class Mapping {
    private final double px;
    private final double py;
    private final double cos;
    private final double sin;
    private final boolean tilted;

    /** The tilt's homography, row-major, and its inverse. */
    private final double[] h;

    private final double[] hi;

    private Mapping(int w, int h) {
      px = cx * (w - 1);
      py = cy * (h - 1);
      double a = Math.toRadians(degrees);
      // Inverse of "rotate by a, scale by zoom, then translate": undo translation, rotate by -a
      // (image y points down, so counter-clockwise on screen is -a in these coordinates), unscale.
      cos = Math.cos(a) / zoom;
      sin = Math.sin(a) / zoom;
      tilted = tiltX != 0 || tiltY != 0;
      this.h = tilted ? tilt(Math.max(w, h)) : null;
      hi = tilted ? inverse(this.h) : null;
    }

    /**
     * The picture plane at distance {@code f} (a camera of about 53 degrees' field of view), turned
     * about the pivot by R = Ry(tiltY) Rx(tiltX): its point (u, v) lies at u e1 + v e2 + (0, 0, f),
     * with e1, e2 R's first two columns, and is seen at f (x, y) / z. That is the homography H = [f
     * e1x, f e2x, 0; f e1y, f e2y, 0; e1z, e2z, f].
     */
    private double[] tilt(double f) {
      double ax = Math.toRadians(tiltX);
      double ay = Math.toRadians(tiltY);
      double[] e1 = {Math.cos(ay), 0, -Math.sin(ay)};
      double[] e2 = {Math.sin(ay) * Math.sin(ax), Math.cos(ax), Math.cos(ay) * Math.sin(ax)};
      return new double[] {f * e1[0], f * e2[0], 0, f * e1[1], f * e2[1], 0, e1[2], e2[2], f};
    }

    private static double[] inverse(double[] m) {
      double det =
          m[0] * (m[4] * m[8] - m[5] * m[7])
              - m[1] * (m[3] * m[8] - m[5] * m[6])
              + m[2] * (m[3] * m[7] - m[4] * m[6]);
      return new double[] {
        (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det,
            (m[1] * m[5] - m[2] * m[4]) / det,
        (m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det,
            (m[2] * m[3] - m[0] * m[5]) / det,
        (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det,
            (m[0] * m[4] - m[1] * m[3]) / det
      };
    }

    /** Where pixel {@code (x, y)} of the new frame comes from; writes {sx, sy} into {@code out}. */
    void source(double x, double y, double[] out) {
      double u = x - px;
      double v = y - py;
      if (tilted) {
        project(hi, u, v, out);
        u = out[0];
        v = out[1];
      }
      double dx = u - tx;
      double dy = v - ty;
      out[0] = px + cos * dx - sin * dy;
      out[1] = py + sin * dx + cos * dy;
    }

    /**
     * The inverse of {@link #source}: where point {@code (x, y)} of the previous frame goes in the
     * new one.
     */
    void destination(double x, double y, double[] out) {
      double ex = x - px;
      double ey = y - py;
      // (cos, sin) is the rotation divided by the zoom; its inverse is the transpose over its norm.
      double n = cos * cos + sin * sin;
      double u = (cos * ex + sin * ey) / n + tx;
      double v = (-sin * ex + cos * ey) / n + ty;
      if (tilted) {
        project(h, u, v, out);
        u = out[0];
        v = out[1];
      }
      out[0] = px + u;
      out[1] = py + v;
    }

    /**
     * {@link #source} as one homography, row-major: so that many frames' moves compose into one.
     */
    double[] matrix() {
      double[] m = {1, 0, -px, 0, 1, -py, 0, 0, 1};
      if (tilted) {
        m = times(hi, m);
      }
      m = times(new double[] {1, 0, -tx, 0, 1, -ty, 0, 0, 1}, m);
      m = times(new double[] {cos, -sin, 0, sin, cos, 0, 0, 0, 1}, m);
      return times(new double[] {1, 0, px, 0, 1, py, 0, 0, 1}, m);
    }

    static double[] times(double[] a, double[] b) {
      double[] c = new double[9];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
        }
      }
      return c;
    }

    private static void project(double[] m, double u, double v, double[] out) {
      double a = m[0] * u + m[1] * v + m[2];
      double b = m[3] * u + m[4] * v + m[5];
      double c = m[6] * u + m[7] * v + m[8];
      // Rays at or beyond the plane's horizon never meet it: send them far outside.
      out[0] = c > 1e-12 ? a / c : 1e9;
      out[1] = c > 1e-12 ? b / c : 1e9;
    }
  }
}
