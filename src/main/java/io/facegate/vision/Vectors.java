package io.facegate.vision;

/** Small vector helpers for L2-normalized embeddings. */
public final class Vectors {
  private Vectors() {}

  /** Scales in place to unit length and returns the same array. */
  public static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float inv = sum > 0 ? (float) (1 / Math.sqrt(sum)) : 0;
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
