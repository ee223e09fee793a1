package dev.dreamzoom.dream;

/**
 * Where a scale is cut into tiles, and the plain-Java cuts and rolls that moving tiles need. The
 * one place that decides whether a scale is tiled ({@link #needed}): the loop and the benchmark
 * both ask it.
 */
public final class Tiles {
  private Tiles() {}

  /**
   * Whether a {@code width x height} scale computes its gradient in tiles of at most {@code tile}
   * pixels a side; 0 never tiles.
   */
  public static boolean needed(int width, int height, int tile) {
    return tile > 0 && (width > tile || height > tile);
  }

  /**
   * Inner tile boundaries fall on multiples of this: the networks' overall stride (32 for
   * MobileNet, VGG, Inception), so a tile samples the same grid of positions the whole frame does
   * and its gradient equals the whole frame's away from the seams.
   */
  static final int ALIGN = 32;

  /**
   * Boundaries of about equal pieces of {@code 0..n}, none longer than {@code tile}, the inner ones
   * on multiples of {@link #ALIGN}: the {@code ceil(n / ALIGN)} grid cells are shared out as evenly
   * as whole cells allow.
   */
  static int[] cuts(int n, int tile) {
    int cells = (n + ALIGN - 1) / ALIGN;
    int perPiece = Math.max(1, tile / ALIGN);
    int pieces = (cells + perPiece - 1) / perPiece;
    int[] c = new int[pieces + 1];
    for (int i = 1; i < pieces; i++) {
      c[i] = (int) Math.round((double) i * cells / pieces) * ALIGN;
    }
    c[pieces] = n;
    return c;
  }

  /** The image shifted down by {@code dy} and right by {@code dx}, wrapping around. */
  static float[] roll(float[] src, int w, int h, int dy, int dx) {
    float[] out = new float[src.length];
    for (int y = 0; y < h; y++) {
      int ty = Math.floorMod(y + dy, h);
      for (int x = 0; x < w; x++) {
        int tx = Math.floorMod(x + dx, w);
        System.arraycopy(src, (y * w + x) * 3, out, (ty * w + tx) * 3, 3);
      }
    }
    return out;
  }

  /** The {@code tw x th} piece of a {@code w}-wide image at {@code (x0, y0)}. */
  static float[] cut(float[] src, int w, int x0, int y0, int tw, int th) {
    float[] part = new float[tw * th * 3];
    for (int y = 0; y < th; y++) {
      System.arraycopy(src, ((y0 + y) * w + x0) * 3, part, y * tw * 3, tw * 3);
    }
    return part;
  }
}
