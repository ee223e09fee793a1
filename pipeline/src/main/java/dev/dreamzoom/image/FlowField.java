package dev.dreamzoom.image;

/**
 * Where each pixel of one picture is found in another: pixel (x, y) of the first lies at {@code (x
 * + dx, y + dy)} in the second. Plain data, so the stages that warp along it need no native
 * library.
 *
 * @param dx horizontal displacement per pixel, row-major
 * @param dy vertical displacement per pixel, row-major
 */
public record FlowField(int width, int height, float[] dx, float[] dy) {
  public FlowField {
    if (width < 1 || height < 1 || dx.length != width * height || dy.length != width * height) {
      throw new IllegalArgumentException(
          "a flow field of "
              + width
              + "x"
              + height
              + " needs that many"
              + " displacements, got "
              + dx.length
              + " and "
              + dy.length);
    }
  }

  /**
   * The displacement at a position, bilinearly between pixels and clamped at the edges: {dx, dy}.
   */
  public float[] at(double x, double y) {
    double cx = Math.max(0, Math.min(width - 1, x));
    double cy = Math.max(0, Math.min(height - 1, y));
    int x0 = (int) Math.min(width - 2, Math.floor(cx));
    int y0 = (int) Math.min(height - 2, Math.floor(cy));
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    int x1 = Math.min(width - 1, x0 + 1);
    int y1 = Math.min(height - 1, y0 + 1);
    double fx = cx - x0;
    double fy = cy - y0;
    return new float[] {lerp(dx, x0, y0, x1, y1, fx, fy), lerp(dy, x0, y0, x1, y1, fx, fy)};
  }

  private float lerp(float[] v, int x0, int y0, int x1, int y1, double fx, double fy) {
    double top = v[y0 * width + x0] * (1 - fx) + v[y0 * width + x1] * fx;
    double bottom = v[y1 * width + x0] * (1 - fx) + v[y1 * width + x1] * fx;
    return (float) (top * (1 - fy) + bottom * fy);
  }
}
