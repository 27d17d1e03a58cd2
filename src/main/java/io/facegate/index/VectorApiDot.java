package io.facegate.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot product with the incubating JDK Vector API (fused multiply-add over the widest lanes the CPU
 * has). Only loaded, by name, when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorApiDot implements DotProduct.Kernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  @Override
  public float dot(float[] q, float[] m, int offset) {
    FloatVector sum = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(q.length); i < bound; i += SPECIES.length()) {
      sum =
          FloatVector.fromArray(SPECIES, q, i)
              .fma(FloatVector.fromArray(SPECIES, m, offset + i), sum);
    }
    float s = sum.reduceLanes(VectorOperators.ADD);
    for (; i < q.length; i++) {
      s += q[i] * m[offset + i];
    }
    return s;
  }
}
