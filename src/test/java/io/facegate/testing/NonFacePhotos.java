package io.facegate.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Images with no face in them, drawn from a seed: noise, gradients, checkerboards, random shapes,
 * and the hard kind, "face-like" smooth skin-toned blobs with two dark dots (and sometimes a
 * mouth), which is what fools a face detector. The caller closes each image.
 */
public final class NonFacePhotos {
  public enum Kind {
    NOISE,
    GRADIENT,
    CHECKERBOARD,
    SHAPES,
    FACE_LIKE
  }

  private NonFacePhotos() {}

  /** The {@code index}-th image of {@code kind}: the same index always gives the same image. */
  public static Mat generate(Kind kind, int index) {
    Random random = new Random(kind.ordinal() * 1_000_003L + index);
    int width = 160 + random.nextInt(320), height = 160 + random.nextInt(320);
    Mat image = new Mat(height, width, CV_8UC3, colour(random));
    switch (kind) {
      case NOISE -> noise(image, random);
      case GRADIENT -> gradient(image, random);
      case CHECKERBOARD -> checkerboard(image, random);
      case SHAPES -> shapes(image, random);
      case FACE_LIKE -> faceLike(image, random);
    }
    return image;
  }

  private static void noise(Mat image, Random random) {
    byte[] pixels = new byte[image.rows() * image.cols() * 3];
    int spread = 20 + random.nextInt(236);
    int base = random.nextInt(256 - spread + 1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (base + random.nextInt(spread));
    }
    image.data().put(pixels);
    if (random.nextBoolean()) {
      int kernel = 1 + 2 * random.nextInt(6);
      GaussianBlur(image, image, new Size(kernel, kernel), 0);
    }
  }

  private static void gradient(Mat image, Random random) {
    double angle = random.nextDouble() * 2 * Math.PI;
    double cos = Math.cos(angle), sin = Math.sin(angle);
    int[] from = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int[] to = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int w = image.cols(), h = image.rows();
    double span = Math.abs(cos) * w + Math.abs(sin) * h;
    byte[] pixels = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double t = ((x - w / 2.0) * cos + (y - h / 2.0) * sin) / span + 0.5;
        for (int c = 0; c < 3; c++) {
          pixels[(y * w + x) * 3 + c] = (byte) Math.round(from[c] + (to[c] - from[c]) * t);
        }
      }
    }
    image.data().put(pixels);
  }

  private static void checkerboard(Mat image, Random random) {
    int cell = 4 + random.nextInt(60);
    Scalar other = colour(random);
    for (int y = 0; y < image.rows(); y += cell) {
      for (int x = (y / cell) % 2 * cell; x < image.cols(); x += 2 * cell) {
        rectangle(image, new Rect(x, y, cell, cell), other, FILLED, LINE_AA, 0);
      }
    }
  }

  private static void shapes(Mat image, Random random) {
    int count = 3 + random.nextInt(20);
    int w = image.cols(), h = image.rows();
    for (int i = 0; i < count; i++) {
      Point a = new Point(random.nextInt(w), random.nextInt(h));
      Point b = new Point(random.nextInt(w), random.nextInt(h));
      int thickness = random.nextBoolean() ? FILLED : 1 + random.nextInt(8);
      switch (random.nextInt(3)) {
        case 0 ->
            circle(
                image,
                a,
                5 + random.nextInt(Math.min(w, h) / 3),
                colour(random),
                thickness,
                LINE_AA,
                0);
        case 1 -> rectangle(image, a, b, colour(random), thickness, LINE_AA, 0);
        default -> line(image, a, b, colour(random), 1 + random.nextInt(10), LINE_AA, 0);
      }
    }
  }

  /**
   * A smooth oval in a skin-like or pumpkin-like tone, two dark dots for eyes, sometimes a nose and
   * a mouth.
   */
  private static void faceLike(Mat image, Random random) {
    int w = image.cols(), h = image.rows();
    int rx = (int) (Math.min(w, h) * (0.18 + random.nextDouble() * 0.25));
    int ry = (int) (rx * (1.0 + random.nextDouble() * 0.45));
    Point centre =
        new Point(w / 2 + random.nextInt(w / 5) - w / 10, h / 2 + random.nextInt(h / 5) - h / 10);
    Scalar skin =
        random.nextBoolean()
            ? new Scalar(
                60 + random.nextInt(80), 110 + random.nextInt(80), 170 + random.nextInt(80), 0)
            : new Scalar(random.nextInt(60), 90 + random.nextInt(80), 200 + random.nextInt(56), 0);
    ellipse(
        image, centre, new Size(rx, ry), random.nextInt(20) - 10, 0, 360, skin, FILLED, LINE_AA, 0);
    int eyeDx = (int) (rx * (0.3 + random.nextDouble() * 0.2)),
        eyeDy = (int) (ry * (0.1 + random.nextDouble() * 0.25));
    int eyeR = Math.max(2, (int) (rx * (0.06 + random.nextDouble() * 0.1)));
    Scalar dark = new Scalar(random.nextInt(60), random.nextInt(60), random.nextInt(60), 0);
    circle(
        image, new Point(centre.x() - eyeDx, centre.y() - eyeDy), eyeR, dark, FILLED, LINE_AA, 0);
    circle(
        image, new Point(centre.x() + eyeDx, centre.y() - eyeDy), eyeR, dark, FILLED, LINE_AA, 0);
    if (random.nextBoolean()) {
      line(
          image,
          new Point(centre.x(), centre.y()),
          new Point(centre.x(), centre.y() + ry / 5),
          dark,
          2,
          LINE_AA,
          0);
    }
    if (random.nextBoolean()) {
      int mouthY = centre.y() + (int) (ry * (0.35 + random.nextDouble() * 0.2));
      ellipse(
          image,
          new Point(centre.x(), mouthY),
          new Size(rx / 3, Math.max(1, ry / 12)),
          0,
          0,
          180,
          dark,
          2 + random.nextInt(3),
          LINE_AA,
          0);
    }
    int kernel = 1 + 2 * random.nextInt(5);
    GaussianBlur(image, image, new Size(kernel, kernel), 0);
  }

  private static Scalar colour(Random random) {
    return new Scalar(random.nextInt(256), random.nextInt(256), random.nextInt(256), 0);
  }
}
