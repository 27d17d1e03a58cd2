package io.facegate.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Hard cases made in the test from a bundled photo, instead of shipping more photos. */
public final class GeneratedPhotos {
  private GeneratedPhotos() {}

  /**
   * {@code photo} under a Gaussian blur of the given (odd) kernel size, written as JPEG to {@code
   * into}.
   */
  public static Path blurred(Path photo, int kernel, Path into) {
    try (Mat image = imread(photo.toString());
        Mat blurred = new Mat()) {
      GaussianBlur(image, blurred, new Size(kernel, kernel), 0);
      Files.write(into, jpeg(blurred));
      return into;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A printed photo moved and tilted in front of a camera: {@code count} 640x480 JPEG frames, each
   * the photo under a different perspective (shifted, turned, tilted, nearer or farther). A flat
   * picture seen from anywhere: every frame is one homography of every other.
   */
  public static List<byte[]> movedPrint(Path photo, int count) {
    List<byte[]> frames = new ArrayList<>(count);
    try (Mat image = imread(photo.toString())) {
      float w = image.cols(), h = image.rows();
      // The print keeps its proportions: 400 px high in the frame, centred.
      float halfH = 200, halfW = 200 * w / h;
      for (int i = 0; i < count; i++) {
        double t = 2 * Math.PI * i / count;
        float x = (float) (320 + 30 * Math.cos(t)), y = (float) (240 + 20 * Math.sin(t));
        float tilt = (float) (0.15 * halfH * Math.sin(t)), near = (float) (0.05 * Math.cos(2 * t));
        float sw = halfW * (1 + near), sh = halfH * (1 + near);
        float[] to = {
          x - sw, y - sh + tilt, x + sw, y - sh - tilt, x + sw, y + sh + tilt, x - sw, y + sh - tilt
        };
        try (Mat from = corners(0, 0, w, 0, w, h, 0, h);
            Mat target = corners(to);
            Mat transform = getPerspectiveTransform(from, target);
            Mat frame = new Mat()) {
          warpPerspective(image, frame, transform, new Size(640, 480));
          frames.add(jpeg(frame));
        }
      }
    }
    return frames;
  }

  private static Mat corners(float... xy) {
    Mat points = new Mat(4, 2, CV_32F);
    points.<FloatBuffer>createBuffer().put(xy);
    return points;
  }

  public static byte[] jpeg(Mat image) {
    return encoded(".jpg", image);
  }

  /** Lossless, and never decoded at a reduced scale as a large JPEG is. */
  public static byte[] png(Mat image) {
    return encoded(".png", image);
  }

  private static byte[] encoded(String extension, Mat image) {
    try (BytePointer encoded = new BytePointer()) {
      imencode(extension, image, encoded);
      byte[] bytes = new byte[(int) encoded.limit()];
      encoded.get(bytes);
      return bytes;
    }
  }
}
