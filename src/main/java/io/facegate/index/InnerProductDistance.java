package io.facegate.index;

import com.github.jelmerk.knn.DistanceFunction;

/**
 * 1 - dot product, the graph's distance between L2-normalized vectors: the {@link DotProduct}
 * kernel rather than jelmerk's scalar one, so the graph gains the Vector API too and ranks as the
 * scans do. Stateless: a snapshot records the class only, and the kernel is picked again where it
 * is loaded.
 */
final class InnerProductDistance implements DistanceFunction<float[], Float> {
  private static final long serialVersionUID = 1L;

  @Override
  public Float distance(float[] a, float[] b) {
    return 1f - DotProduct.dot(a, b);
  }
}
