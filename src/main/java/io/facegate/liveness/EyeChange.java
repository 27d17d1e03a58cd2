package io.facegate.liveness;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * How much more the eyes' appearance departs from their usual look than the rest of the face does,
 * per frame. A region's change is the mean absolute difference from its pixel-wise median over the
 * sequence; the eye change is the smaller of the two eyes' (a blink moves both lids), the face's
 * the largest of its four reference regions', floored at its own median over the sequence (the
 * noise of alignment and compression). A closing lid covers the dark iris and changes the eye's
 * pixels even when the mesh reads it only slightly narrower; a print, moved or bent, changes its
 * eyes no more than its cheeks.
 */
final class EyeChange {
  private EyeChange() {}

  static double[] of(List<FaceRegions> frames) {
    double[] eyes =
        min(change(frames, FaceRegions::rightEye), change(frames, FaceRegions::leftEye));
    double[] face = new double[frames.size()];
    for (int r = 0; r < frames.get(0).references().length; r++) {
      int region = r;
      double[] c = change(frames, f -> f.references()[region]);
      for (int i = 0; i < face.length; i++) {
        face[i] = Math.max(face[i], c[i]);
      }
    }
    double floor = Blinks.percentile(face, 0.5);
    double[] ratio = new double[frames.size()];
    for (int i = 0; i < ratio.length; i++) {
      ratio[i] = eyes[i] / Math.max(Math.max(face[i], floor), 1e-9);
    }
    return ratio;
  }

  private static double[] change(List<FaceRegions> frames, Function<FaceRegions, float[]> region) {
    List<float[]> regions = frames.stream().map(region).toList();
    int n = regions.size(), size = regions.get(0).length;
    float[] usual = new float[size];
    double[] column = new double[n];
    for (int p = 0; p < size; p++) {
      for (int i = 0; i < n; i++) {
        column[i] = regions.get(i)[p];
      }
      Arrays.sort(column);
      usual[p] = (float) column[n / 2];
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      float[] pixels = regions.get(i);
      double sum = 0;
      for (int p = 0; p < size; p++) {
        sum += Math.abs(pixels[p] - usual[p]);
      }
      out[i] = sum / size;
    }
    return out;
  }

  private static double[] min(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.min(a[i], b[i]);
    }
    return out;
  }
}
