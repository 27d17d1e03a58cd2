package io.facegate.index;

/** Arithmetic on float vectors. */
public final class Vectors {
  private Vectors() {}

  /**
   * Dot product with four independent sums: the JIT does not vectorize a single float reduction
   * (it must keep the addition order), but it overlaps four chains, which is about twice as fast.
   */
  public static float dot(float[] a, float[] b) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (int end = a.length - 3; i < end; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
