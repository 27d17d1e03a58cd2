package io.facegate.index;

import java.util.Random;

/**
 * Synthetic face-like embeddings: each identity is a random unit vector, each photo of it the
 * identity plus Gaussian noise, normalized. With sigma 0.059 at 192-D two photos of one person have
 * cosine about 0.6 and strangers 0 +- 0.07, like real face embeddings (design/index.md). Shared by
 * the index tests and the {@code bench-index} command, so both measure the same kind of data.
 */
public final class SyntheticFaces {
  public static final int DIM = 192;
  private static final double SIGMA = 0.059;

  private final Random random;

  public SyntheticFaces(long seed) {
    this.random = new Random(seed);
  }

  public float[] identity() {
    return unit(gaussian(1.0));
  }

  public float[] photoOf(float[] identity) {
    float[] v = gaussian(SIGMA);
    for (int i = 0; i < DIM; i++) {
      v[i] += identity[i];
    }
    return unit(v);
  }

  private float[] gaussian(double sigma) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
    return v;
  }

  /** Plain double-precision dot product: the test's independent reference. */
  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
