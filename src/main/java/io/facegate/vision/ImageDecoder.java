package io.facegate.vision;

import io.facegate.vision.ImageRejectedException.Reason;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

/**
 * Photo bytes to an 8-bit, 3-channel BGR {@link Mat}. OpenCV's IMREAD_COLOR turns grayscale,
 * RGBA, CMYK and 16-bit inputs into 8-bit BGR and applies the EXIF orientation. Size and pixel
 * limits are checked on the header first.
 */
public final class ImageDecoder {
  private final ImageLimits limits;

  public ImageDecoder(ImageLimits limits) {
    this.limits = limits;
  }

  /** The caller owns (and must close) the returned Mat. */
  public Mat decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new ImageRejectedException(Reason.BAD_IMAGE, "the image is empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new ImageRejectedException(Reason.TOO_LARGE,
          "the image has " + bytes.length + " bytes; the limit is " + limits.maxBytes());
    }
    ImageHeader header = ImageHeader.read(bytes).orElseThrow(() -> new ImageRejectedException(
        Reason.BAD_IMAGE, "not a JPEG, PNG, BMP or WebP image"));
    if (header.width() <= 0 || header.height() <= 0) {
      throw new ImageRejectedException(Reason.BAD_IMAGE, "the image header gives no size");
    }
    if (header.pixels() > limits.maxPixels()) {
      throw new ImageRejectedException(Reason.TOO_LARGE, "the image is " + header.width() + "x"
          + header.height() + " pixels; the limit is " + limits.maxPixels() + " pixels");
    }
    Mat image;
    try (BytePointer data = new BytePointer(bytes);
         Mat encoded = new Mat(1, bytes.length, CV_8UC1, data)) {
      image = imdecode(encoded, IMREAD_COLOR);
    } catch (RuntimeException e) {
      throw new ImageRejectedException(Reason.BAD_IMAGE, "the " + header.format()
          + " image could not be decoded");
    }
    if (image == null || image.empty()) {
      if (image != null) {
        image.close();
      }
      throw new ImageRejectedException(Reason.BAD_IMAGE, "the " + header.format()
          + " image could not be decoded");
    }
    return image;
  }
}
