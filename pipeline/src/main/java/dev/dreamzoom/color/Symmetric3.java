package dev.dreamzoom.color;

/**
 * 3 x 3 symmetric matrices (row-major double[9]): products, and functions of them through the
 * eigendecomposition (cyclic Jacobi rotations, exact enough for colour covariances).
 */
final class Symmetric3 {
  private Symmetric3() {}

  static double[] multiply(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
        }
      }
    }
    return c;
  }

  /** {@code m^p} for a symmetric positive semi-definite {@code m}; tiny eigenvalues are floored. */
  static double[] power(double[] m, double p) {
    double[] a = m.clone();
    double[] v = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    for (int sweep = 0; sweep < 50; sweep++) {
      double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
      if (off < 1e-20) {
        break;
      }
      for (int pq = 0; pq < 3; pq++) {
        int i = pq == 2 ? 1 : 0;
        int j = pq == 0 ? 1 : 2;
        double aij = a[i * 3 + j];
        if (Math.abs(aij) < 1e-30) {
          continue;
        }
        double theta = (a[j * 3 + j] - a[i * 3 + i]) / (2 * aij);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
          t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        rotate(a, v, i, j, c, s);
      }
    }
    double[] out = new double[9];
    for (int k = 0; k < 3; k++) {
      double lambda = Math.pow(Math.max(a[k * 3 + k], 1e-9), p);
      for (int r = 0; r < 3; r++) {
        for (int col = 0; col < 3; col++) {
          out[r * 3 + col] += lambda * v[r * 3 + k] * v[col * 3 + k];
        }
      }
    }
    return out;
  }

  /** a ← Jᵀ a J and v ← v J for the rotation J in the (i, j) plane. */
  private static void rotate(double[] a, double[] v, int i, int j, double c, double s) {
    double[] j3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    j3[i * 3 + i] = c;
    j3[j * 3 + j] = c;
    j3[i * 3 + j] = s;
    j3[j * 3 + i] = -s;
    double[] jt = {j3[0], j3[3], j3[6], j3[1], j3[4], j3[7], j3[2], j3[5], j3[8]};
    double[] r = multiply(jt, multiply(a, j3));
    System.arraycopy(r, 0, a, 0, 9);
    double[] nv = multiply(v, j3);
    System.arraycopy(nv, 0, v, 0, 9);
  }
}
