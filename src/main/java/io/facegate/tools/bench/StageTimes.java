package io.facegate.tools.bench;

import io.facegate.vision.Detection;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.ImageDecoder;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One photo through the pipeline on the calling thread, each stage timed in ms: decode, detect,
 * then align and embed of the largest face (zero when there is none). Shared by {@code bench} and
 * by {@code loadgen}'s in-process floor, so both measure the same work.
 */
record StageTimes(double decode, double detect, double align, double embed, boolean face) {
  double total() {
    return decode + detect + align + embed;
  }

  static StageTimes measure(FacePipeline pipeline, byte[] bytes) {
    long t0 = System.nanoTime();
    try (ImageDecoder.Decoded decoded = pipeline.decodeForFaces(bytes)) { // as the server decodes
      Mat image = decoded.bgr();
      long t1 = System.nanoTime();
      List<Detection> found = pipeline.detect(image);
      long t2 = System.nanoTime();
      if (found.isEmpty()) {
        return new StageTimes(ms(t0, t1), ms(t1, t2), 0, 0, false);
      }
      Detection largest =
          found.stream().max(Comparator.comparingDouble(Detection::area)).orElseThrow();
      try (Mat crop = pipeline.align(image, largest)) {
        long t3 = System.nanoTime();
        pipeline.embedAligned(List.of(crop));
        long t4 = System.nanoTime();
        return new StageTimes(ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), true);
      }
    }
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
  }
}
