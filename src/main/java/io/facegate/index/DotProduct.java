package io.facegate.index;

import org.slf4j.LoggerFactory;

/**
 * The float dot product every search uses (exact scan and graph alike), through the JDK Vector API
 * when the JVM was started with {@code --add-modules jdk.incubator.vector}, else a scalar loop.
 * {@code java -jar} alone cannot enable the incubating module, so the flag goes on the command
 * line.
 */
public final class DotProduct {
  interface Kernel {
    /** Dot product of {@code q} with {@code m[offset .. offset + q.length)}. */
    float dot(float[] q, float[] m, int offset);
  }

  static final Kernel KERNEL = choose();

  private DotProduct() {}

  /** Cosine of two L2-normalized vectors of the same length. */
  public static float dot(float[] a, float[] b) {
    return KERNEL.dot(a, b, 0);
  }

  /** {@code q} against the row of {@code q.length} floats at {@code offset} of a matrix. */
  static float dot(float[] q, float[] m, int offset) {
    return KERNEL.dot(q, m, offset);
  }

  /** Which kernel runs: "vector-api" or "scalar" (logged at start, shown by bench-index). */
  static String kind() {
    return KERNEL instanceof Scalar ? "scalar" : "vector-api";
  }

  private static Kernel choose() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        return (Kernel)
            Class.forName("io.facegate.index.VectorApiDot").getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        LoggerFactory.getLogger(DotProduct.class)
            .warn("Vector API present but unusable ({}); scalar dot product", e.toString());
      }
    }
    return new Scalar();
  }

  /**
   * Eight independent sums: C2 does not vectorize a float reduction (it must keep the order of
   * additions), but it overlaps independent chains, so more of them keep the multiply-add units
   * busy.
   */
  static final class Scalar implements Kernel {
    @Override
    public float dot(float[] q, float[] m, int offset) {
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      int i = 0;
      for (int end = q.length - 7; i < end; i += 8) {
        int o = offset + i;
        s0 += q[i] * m[o];
        s1 += q[i + 1] * m[o + 1];
        s2 += q[i + 2] * m[o + 2];
        s3 += q[i + 3] * m[o + 3];
        s4 += q[i + 4] * m[o + 4];
        s5 += q[i + 5] * m[o + 5];
        s6 += q[i + 6] * m[o + 6];
        s7 += q[i + 7] * m[o + 7];
      }
      for (; i < q.length; i++) {
        s0 += q[i] * m[offset + i];
      }
      return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
  }
}
