package io.facegate.index;

/** Arithmetic on float vectors. */
public final class Vectors {
  private Vectors() {}

  /** Dot product: the Vector API when the JVM enables it, else an 8-accumulator scalar loop ({@link Dot}). */
  public static float dot(float[] a, float[] b) {
    return Dot.dot(a, b);
  }
}
