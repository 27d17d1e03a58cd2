package io.facegate.liveness;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.DFT_COMPLEX_OUTPUT;
import static org.bytedeco.opencv.global.opencv_core.dft;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facegate.vision.Detection;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cheap single-image cues of a presentation attack, measured on the face box scaled to a fixed size
 * so faces near and far compare: a screen's pixel grid and a print's halftone add energy at the
 * highest frequencies (moire), a screen or paper flattens colour and adds glare. Evaluation only:
 * {@link PassiveCuesOnSharedClipsTest} shows none of them separates the shared material.
 */
final class PassiveCues {
  static final int SIDE = Sharpness.SIDE;

  /** The cues of one face, in the order of {@link #NAMES}. */
  static final String[] NAMES = {"high-frequency share", "sharpness", "saturation", "glare share"};

  private PassiveCues() {}

  static double[] of(Mat bgr, Detection face) {
    try (Mat box = new Mat(bgr, Sharpness.inside(face, bgr));
        Mat small = new Mat();
        Mat grey = new Mat();
        Mat hsv = new Mat()) {
      resize(box, small, new Size(SIDE, SIDE), 0, 0, INTER_AREA);
      cvtColor(small, grey, COLOR_BGR2GRAY);
      cvtColor(small, hsv, COLOR_BGR2HSV);
      return new double[] {
        highFrequencyShare(grey), Sharpness.ofGrey(grey), saturation(hsv), glare(hsv)
      };
    }
  }

  /**
   * Spectral energy above half the Nyquist frequency over the energy between a tenth and half of it
   * (the lowest frequencies are the face's shading, not its texture).
   */
  static double highFrequencyShare(Mat grey) {
    try (Mat floats = new Mat();
        Mat spectrum = new Mat()) {
      grey.convertTo(floats, CV_32F);
      dft(floats, spectrum, DFT_COMPLEX_OUTPUT, 0);
      FloatBuffer f = spectrum.createBuffer();
      double high = 0, mid = 0;
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          double fy = Math.min(y, SIDE - y) / (SIDE / 2.0),
              fx = Math.min(x, SIDE - x) / (SIDE / 2.0);
          double radius = Math.hypot(fx, fy);
          int at = 2 * (y * SIDE + x);
          double power = f.get(at) * f.get(at) + f.get(at + 1) * f.get(at + 1);
          if (radius > 0.5) {
            high += power;
          } else if (radius > 0.1) {
            mid += power;
          }
        }
      }
      return high / Math.max(mid, 1e-9);
    }
  }

  /** Mean HSV saturation (0-1). */
  static double saturation(Mat hsv) {
    ByteBuffer p = hsv.createBuffer();
    double sum = 0;
    for (int i = 0; i < SIDE * SIDE; i++) {
      sum += (p.get(3 * i + 1) & 0xff) / 255.0;
    }
    return sum / (SIDE * SIDE);
  }

  /** Share of near-white, unsaturated pixels: specular glare off paper or glass. */
  static double glare(Mat hsv) {
    ByteBuffer p = hsv.createBuffer();
    int count = 0;
    for (int i = 0; i < SIDE * SIDE; i++) {
      count += (p.get(3 * i + 2) & 0xff) >= 245 && (p.get(3 * i + 1) & 0xff) < 40 ? 1 : 0;
    }
    return (double) count / (SIDE * SIDE);
  }
}
