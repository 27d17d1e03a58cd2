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

  private EdgePadding() {}

  /**
   * The faces {@code detector} finds in the extended frame, in the frame's own pixels (a box may
   * reach past the frame's edges).
   */
  static List<Detection> detect(Mat bgr, Function<Mat, List<Detection>> detector) {
    int margin = (int) Math.round(Math.max(bgr.cols(), bgr.rows()) * MARGIN);
    try (Mat padded = new Mat()) {
      copyMakeBorder(bgr, padded, margin, margin, margin, margin, BORDER_REPLICATE);
      return detector.apply(padded).stream().map(f -> f.translated(-margin, -margin)).toList();
    }
  }
}
