package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Shrinks an image with averaging, close to OpenCV's INTER_AREA at a fraction of its cost. At a
 * ratio that is not a whole number INTER_AREA takes its slow general path (on a 854x480 frame
 * longer than the short-range detector's own run); at a whole ratio it takes a fast one. So the
 * image is first sampled bilinearly to a whole multiple (at most {@value #MAX_SAMPLES}) of the
 * target size, then averaged down by that whole ratio: each target pixel is the mean of up to 4x4
 * samples spread over its area.
 */
final class AreaShrink {
  private static final int MAX_SAMPLES = 4;

  private AreaShrink() {}

  /** {@code source} resized to {@code width} x {@code height} into {@code target}. */
  static void to(Mat source, Mat target, int width, int height) {
    double ratio = Math.max((double) source.cols() / width, (double) source.rows() / height);
    int samples = (int) Math.min(MAX_SAMPLES, Math.ceil(ratio));
    if (samples <= 1) {
      resize(source, target, new Size(width, height), 0, 0, INTER_LINEAR);
      return;
    }
    try (Mat sampled = new Mat()) {
      resize(source, sampled, new Size(width * samples, height * samples), 0, 0, INTER_LINEAR);
      resize(sampled, target, new Size(width, height), 0, 0, INTER_AREA);
    }
  }
}
