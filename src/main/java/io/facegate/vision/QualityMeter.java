package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/** Measures {@link FaceQuality}: geometry from the key points, pixels from the aligned crop. */
public final class QualityMeter {
  /**
   * The central part of the crop: cheeks, eyes, nose and mouth, without the warp's black borders.
   */
  private static final Rect CENTRE = new Rect(24, 24, 64, 64);

  public FaceQuality measure(Detection face, Mat alignedBgr) {
    double sharpness;
    double brightness;
    try (Mat grey = new Mat();
        Mat laplacian = new Mat();
        Mat mean = new Mat();
        Mat std = new Mat()) {
      cvtColor(alignedBgr, grey, COLOR_BGR2GRAY);
      try (Mat centre = new Mat(grey, CENTRE)) {
        Laplacian(centre, laplacian, CV_64F);
        meanStdDev(laplacian, mean, std);
        double deviation = std.createIndexer().getDouble(0);
        sharpness = deviation * deviation;
        meanStdDev(centre, mean, std);
        brightness = mean.createIndexer().getDouble(0);
      }
    }
    return new FaceQuality(
        Math.min(face.width(), face.height()),
        sharpness,
        brightness,
        roll(face),
        yaw(face),
        face.score());
  }

  private static double roll(Detection face) {
    Point right = face.keypoint(Detection.RIGHT_EYE);
    Point left = face.keypoint(Detection.LEFT_EYE);
    return Math.toDegrees(Math.atan2(left.y() - right.y(), left.x() - right.x()));
  }

  /**
   * A turned head moves the nose tip sideways from the midpoint of the eyes, measured along the eye
   * line (so roll does not count) in units of the eye distance; atan(2x) maps it to roughly
   * degrees. On the shared photos frontal portraits give up to 36, profile shots about 60. (The ear
   * points were tried first and did not separate profiles from portraits.)
   */
  private static double yaw(Detection face) {
    Point right = face.keypoint(Detection.RIGHT_EYE);
    Point left = face.keypoint(Detection.LEFT_EYE);
    Point nose = face.keypoint(Detection.NOSE);
    double eyeDistance = distance(right, left);
    if (eyeDistance == 0) {
      return 0;
    }
    double midX = (right.x() + left.x()) / 2;
    double midY = (right.y() + left.y()) / 2;
    // project the nose offset onto the eye line so head roll does not count as yaw
    double ux = (left.x() - right.x()) / eyeDistance;
    double uy = (left.y() - right.y()) / eyeDistance;
    double offset = ((nose.x() - midX) * ux + (nose.y() - midY) * uy) / eyeDistance;
    return Math.toDegrees(Math.atan(offset * 2));
  }

  private static double distance(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
