package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An aligned crop as PNG bytes, in memory only (they are sealed before they reach the disk).
 * Lossless, so decoding it gives back the very pixels the embedder saw.
 */
public final class CropPng {
  private CropPng() {}

  public static byte[] encode(Mat crop) {
    try (BytePointer out = new BytePointer()) {
      if (!imencode(".png", crop, out)) {
        throw new IllegalStateException("OpenCV could not encode the crop as PNG");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }
}
