package io.facegate.fleet;

import java.util.Random;

/**
 * Random embeddings for the fleet tests: what matters here is that each is distinct, not what it
 * looks like.
 */
public final class Vectors {
  public static final int DIM = 192;
  public static final String MODEL = "test-model";

  private final Random random;

  public Vectors(long seed) {
    this.random = new Random(seed);
  }

  public float[] next() {
    float[] v = new float[DIM];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
