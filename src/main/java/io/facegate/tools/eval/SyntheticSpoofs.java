package io.facegate.tools.eval;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Presentation attacks simulated on real photos, for measuring the anti-spoofing score honestly
 * where no real attack footage exists. SYNTHETIC: they imitate two cues a camera sees when shown a
 * screen or a print (screen: coarser pixels plus moire interference; print: halftone dots), not
 * everything a real attack looks like.
 */
public final class SyntheticSpoofs {
  private SyntheticSpoofs() {}

  /**
   * A phone or monitor replay: the photo at a third of its resolution, pixel grid, moire stripes.
   */
  public static Mat screen(Mat bgr) {
    try (Mat small = new Mat();
        Mat blocky = new Mat();
        Mat floats = new Mat();
        Mat pattern = stripes(bgr, 7.3, 0.35, 0.12)) {
      resize(
          bgr,
          small,
          new Size(Math.max(1, bgr.cols() / 3), Math.max(1, bgr.rows() / 3)),
          0,
          0,
          INTER_AREA);
      resize(small, blocky, bgr.size(), 0, 0, INTER_NEAREST);
      blocky.convertTo(floats, CV_32F);
      Mat out = new Mat();
      try (MatVector channels = new MatVector()) {
        split(floats, channels);
        for (long c = 0; c < channels.size(); c++) {
          multiply(channels.get(c), pattern, channels.get(c));
        }
        merge(channels, floats);
      }
      floats.convertTo(out, CV_8U, 0.9, 20); // a screen's raised black level
      return out;
    }
  }

  /**
   * A colour print: each channel reduced to a dot screen at its own angle, then slightly blurred.
   */
  public static Mat print(Mat bgr) {
    Mat out = new Mat();
    try (Mat floats = new Mat();
        MatVector channels = new MatVector()) {
      bgr.convertTo(floats, CV_32F, 1 / 255.0, 0);
      split(floats, channels);
      double[] angles = {0.26, 1.31, 0.79};
      for (int c = 0; c < 3; c++) {
        halftone(channels.get(c), angles[c], 4.0);
      }
      merge(channels, floats);
      GaussianBlur(floats, floats, new Size(3, 3), 0.8);
      floats.convertTo(out, CV_8U, 235, 10); // paper is not pure white, ink not pure black
    }
    return out;
  }

  private static void halftone(Mat channel, double angle, double period) {
    try (FloatIndexer px = channel.createIndexer()) {
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      for (long y = 0; y < px.size(0); y++) {
        for (long x = 0; x < px.size(1); x++) {
          double u = (x * cos + y * sin) * 2 * Math.PI / period;
          double v = (-x * sin + y * cos) * 2 * Math.PI / period;
          double dot = (Math.cos(u) + Math.cos(v) + 2) / 4; // 0..1 cell profile
          px.put(y, x, px.get(y, x) > dot ? 1f : 0f);
        }
      }
    }
  }

  /** 1 + depth * sin(...) stripes at a slight angle, the beat between sensor and screen grids. */
  private static Mat stripes(Mat like, double period, double angle, double depth) {
    Mat pattern = new Mat(like.rows(), like.cols(), CV_32FC1, Scalar.all(1));
    try (FloatIndexer px = pattern.createIndexer()) {
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      for (long y = 0; y < px.size(0); y++) {
        for (long x = 0; x < px.size(1); x++) {
          px.put(y, x, (float) (1 + depth * Math.sin((x * cos + y * sin) * 2 * Math.PI / period)));
        }
      }
    }
    return pattern;
  }
}
