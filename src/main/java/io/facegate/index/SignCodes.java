package io.facegate.index;

import java.util.Arrays;
import java.util.Random;

/**
 * Binary codes for the shortlist (SimHash): bit b of a vector's code is the sign of its projection
 * on a fixed random direction b, so for any two vectors the chance that a bit differs is their
 * angle / pi, whatever the data's shape (the signs of the raw components only have that property
 * for isotropic data). How many directions real faces need is measured in
 * docs/index-measurements.md. The directions live only in memory, as do the codes, so the seed may
 * change freely.
 */
final class SignCodes {
  private static final long SEED = 20261123L;

  /**
   * Longs per code: one bit per direction; as many directions as dimensions rounded up to 64, at
   * least 256.
   */
  final int words;

  private final int dim;

  /** words * 64 directions of {@code dim} floats, row after row. */
  private final float[] directions;

  SignCodes(int dim) {
    this.dim = dim;
    this.words = Math.max(4, (dim + 63) / 64);
    this.directions = new float[words * 64 * dim];
    Random random = new Random(SEED);
    for (int i = 0; i < directions.length; i++) {
      directions[i] = (float) random.nextGaussian();
    }
    for (int first = 0; first < words * 64; first += dim) {
      orthonormalize(first, Math.min(words * 64, first + dim));
    }
  }

  /**
   * Gram-Schmidt over directions [from, to), at most {@code dim} of them: orthogonal directions
   * give less correlated bits.
   */
  private void orthonormalize(int from, int to) {
    double[] row = new double[dim];
    for (int i = from; i < to; i++) {
      for (int k = 0; k < dim; k++) {
        row[k] = directions[i * dim + k];
      }
      for (int j = from; j < i; j++) {
        double along = 0;
        for (int k = 0; k < dim; k++) {
          along += row[k] * directions[j * dim + k];
        }
        for (int k = 0; k < dim; k++) {
          row[k] -= along * directions[j * dim + k];
        }
      }
      double norm = 0;
      for (double v : row) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < dim; k++) {
        directions[i * dim + k] = (float) (row[k] / norm);
      }
    }
  }

  /** Writes the code of {@code vector} into {@code out[at .. at + words)}. */
  void encode(float[] vector, long[] out, int at) {
    Arrays.fill(out, at, at + words, 0L);
    for (int b = 0; b < words * 64; b++) {
      if (DotProduct.dot(vector, directions, b * dim) > 0) {
        out[at + (b >>> 6)] |= 1L << b;
      }
    }
  }
}
