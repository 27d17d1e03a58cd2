package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.facegate.vision.ImageRejectedException.Reason;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Photo bytes to an 8-bit, 3-channel BGR {@link Mat}. OpenCV's IMREAD_COLOR turns grayscale, RGBA,
 * CMYK and 16-bit inputs into 8-bit BGR and applies the EXIF orientation. The file's whole
 * structure and its size limits are checked first ({@link ImageHeader#read}), and the decoded
 * pixels are reserved in the shared {@link DecodeBudget} before OpenCV allocates them.
 *
 * <p>For faces, a large JPEG is decoded at 1/2, 1/4 or 1/8 of its size ({@link #decodeForFaces}):
 * libjpeg scales in the DCT, so it never builds the full image (a fraction of the time and memory;
 * figures in docs/performance.md), and the detector sees 256 pixels across anyway.
 */
public final class ImageDecoder {
  /**
   * The long side a reduced decode keeps at least. A face filling a tenth of it still has more than
   * the 112 pixels of the aligned crop; door-camera frames (1920 or less) are never reduced.
   */
  static final int FACE_WORK_LONG_SIDE = 1280;

  private static final int CHANNELS = 3;

  /**
   * OpenCV's WebP decoder refuses files under 32 bytes though libwebp reads them (a 1x1 lossless
   * WebP takes 30); libwebp ignores zeros past the RIFF end, so small files are padded to this.
   */
  private static final int OPENCV_WEBP_MINIMUM = 32;

  /**
   * A decoded photo: pixel (x, y) of {@code bgr} covers photo pixels (x * scale, y * scale)
   * onwards.
   */
  public static final class Decoded implements AutoCloseable {
    private final Mat bgr;
    private final int scale;
    private final DecodeBudget.Lease lease;

    private Decoded(Mat bgr, int scale, DecodeBudget.Lease lease) {
      this.bgr = bgr;
      this.scale = scale;
      this.lease = lease;
    }

    public Mat bgr() {
      return bgr;
    }

    public int scale() {
      return scale;
    }

    /** Frees the pixels and gives their bytes back to the decode budget. */
    @Override
    public void close() {
      bgr.close();
      lease.close();
    }
  }

  private final ImageLimits limits;
  private final DecodeBudget budget;

  public ImageDecoder(ImageLimits limits) {
    this.limits = limits;
    this.budget = new DecodeBudget(limits.decodeBudgetBytes(), limits.decodeWait());
  }

  /**
   * Whole, for the commands; the budget is held only while decoding. The caller owns (and must
   * close) the Mat.
   */
  public Mat decode(byte[] bytes) {
    ImageHeader header = checked(bytes);
    try (DecodeBudget.Lease lease = budget.reserve(cost(header, 1))) {
      return decode(bytes, header, IMREAD_COLOR);
    }
  }

  /** Decoded at the smallest scale keeping {@link #FACE_WORK_LONG_SIDE}; the caller closes it. */
  public Decoded decodeForFaces(byte[] bytes) {
    ImageHeader header = checked(bytes);
    int scale =
        header.format().equals("jpeg") ? reduction(Math.max(header.width(), header.height())) : 1;
    int flag =
        switch (scale) {
          case 8 -> IMREAD_REDUCED_COLOR_8;
          case 4 -> IMREAD_REDUCED_COLOR_4;
          case 2 -> IMREAD_REDUCED_COLOR_2;
          default -> IMREAD_COLOR;
        };
    DecodeBudget.Lease lease = budget.reserve(cost(header, scale));
    try {
      return new Decoded(decode(bytes, header, flag), scale, lease);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  /** The largest of 8, 4, 2 that keeps the long side at FACE_WORK_LONG_SIDE or more, else 1. */
  static int reduction(int longSide) {
    for (int scale = 8; scale > 1; scale /= 2) {
      if (longSide / scale >= FACE_WORK_LONG_SIDE) {
        return scale;
      }
    }
    return 1;
  }

  /**
   * Bytes in flight while {@code header}'s image is decoded at {@code scale} and held: output plus
   * scratch.
   */
  static long cost(ImageHeader header, int scale) {
    long width = (header.width() + scale - 1) / scale;
    long height = (header.height() + scale - 1) / scale;
    return width * height * CHANNELS + header.scratchBytes();
  }

  /** Bytes reserved by decodes now in flight. */
  long reservedBytes() {
    return budget.reserved();
  }

  private ImageHeader checked(byte[] bytes) {
    if (bytes.length == 0) {
      throw new ImageRejectedException(Reason.BAD_IMAGE, "the image is empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new ImageRejectedException(
          Reason.TOO_LARGE,
          "the image has " + bytes.length + " bytes; the limit is " + limits.maxBytes());
    }
    return ImageHeader.read(bytes, limits);
  }

  private static Mat decode(byte[] file, ImageHeader header, int flag) {
    WorkDeadline.check(); // the decode itself cannot be stopped once started
    byte[] bytes =
        header.format().equals("webp") && file.length < OPENCV_WEBP_MINIMUM
            ? Arrays.copyOf(file, OPENCV_WEBP_MINIMUM)
            : file;
    Mat image;
    try (BytePointer data = new BytePointer(bytes);
        Mat encoded = new Mat(1, bytes.length, CV_8UC1, data)) {
      image = NativeStderr.attributed(() -> imdecode(encoded, flag));
    } catch (RuntimeException e) {
      throw new ImageRejectedException(
          Reason.BAD_IMAGE, "the " + header.format() + " image could not be decoded");
    }
    if (image == null || image.empty()) {
      if (image != null) {
        image.close();
      }
      throw new ImageRejectedException(
          Reason.BAD_IMAGE, "the " + header.format() + " image could not be decoded");
    }
    return image;
  }
}
