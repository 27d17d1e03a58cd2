package io.facegate.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  public static byte[] jpeg(Mat image) {
    try (BytePointer jpeg = new BytePointer()) {
      imencode(".jpg", image, jpeg);
      byte[] bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
      return bytes;
    }
  }
}
