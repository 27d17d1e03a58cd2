package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;

import java.util.List;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A look at the frame with its edges extended, when the whole frame shows no face: the detector was
 * trained on whole faces and often misses one the photo's edge cuts through the middle. The edge
 * pixels are repeated outwards so the cut face continues plausibly instead of ending at a hard
 * border.
 */
final class EdgePadding {
  /** Each side is extended by this share of the frame's long side. */
  private static final double MARGIN = 0.25;

  /**
   * A larger frame is shrunk to this long side first: the detectors see at most 256 px anyway, and
   * the extended copy's memory stays small whatever the photo's size (the decode budget counts only
   * the decoded pixels).
   */
  private static final int LONG_SIDE = 1024;

  private EdgePadding() {}

  /**
   * The faces {@code detector} finds in the extended frame, in the frame's own pixels (a box may
   * reach past the frame's edges).
   */
  static List<Detection> detect(Mat bgr, Function<Mat, List<Detection>> detector) {
    float shrink = Math.min(1f, LONG_SIDE / (float) Math.max(bgr.cols(), bgr.rows()));
    try (Mat small = new Mat();
        Mat padded = new Mat()) {
      Mat source = bgr;
      if (shrink < 1) {
        AreaShrink.to(
            bgr,
            small,
            Math.max(1, Math.round(bgr.cols() * shrink)),
            Math.max(1, Math.round(bgr.rows() * shrink)));
        source = small;
      }
      int margin = (int) Math.round(Math.max(source.cols(), source.rows()) * MARGIN);
      copyMakeBorder(source, padded, margin, margin, margin, margin, BORDER_REPLICATE);
      return detector.apply(padded).stream()
          .map(f -> f.translated(-margin, -margin).scaled(1 / shrink))
          .toList();
    }
  }
}
