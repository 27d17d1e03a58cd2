package io.facegate.vision;

import java.time.Duration;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What decoding any file may do: decode to the size its header gave (turned by EXIF orientation at
 * most), within the bytes it reserved and a time bound, or be refused with an
 * ImageRejectedException. Anything else is a finding: another exception, an error, a size the
 * walker did not predict, a decode slower than {@link #SLOW_DECODE} or a refusal slower than {@link
 * #SLOW_REFUSAL} (a file refused only after the decoder allocated for it), both plus {@link
 * #NANOS_PER_PIXEL} for each pixel the header declares, so large photos among the seeds do not make
 * slow findings.
 */
final class DecodeOracle {
  static final Duration SLOW_DECODE = Duration.ofSeconds(2);
  static final Duration SLOW_REFUSAL = Duration.ofMillis(500);
  static final long NANOS_PER_PIXEL = 200;
  static final ImageLimits LIMITS =
      new ImageLimits(10_000_000, 40_000_000, 1L << 30, Duration.ZERO);

  private final ImageDecoder decoder = new ImageDecoder(LIMITS);

  DecodeOracle() {
    decoder
        .decode(FormatWalkersTest.encode(".png", 8, 8))
        .close(); // loads OpenCV outside any timing
  }

  /** Empty when {@code bytes} behaved; otherwise what went wrong. */
  Optional<String> check(byte[] bytes) {
    long start = System.nanoTime();
    long pixels = 0;
    try {
      ImageHeader header = ImageHeader.read(bytes, LIMITS);
      pixels = header.pixels();
      Optional<String> problem = decodeMatchingItsHeader(bytes, header);
      return problem.isPresent() ? problem : slow("decoding", start, SLOW_DECODE, pixels);
    } catch (ImageRejectedException e) {
      return slow("refusing", start, SLOW_REFUSAL, pixels);
    } catch (Throwable e) { // the finding itself: errors included
      return Optional.of(e.toString());
    }
  }

  private static Optional<String> slow(String what, long start, Duration bound, long pixels) {
    long took = System.nanoTime() - start;
    return took < bound.toNanos() + pixels * NANOS_PER_PIXEL
        ? Optional.empty()
        : Optional.of(what + " " + pixels + " pixels took " + took / 1_000_000 + " ms");
  }

  private Optional<String> decodeMatchingItsHeader(byte[] bytes, ImageHeader header) {
    try (Mat decoded = decoder.decode(bytes)) {
      boolean asDeclared = decoded.cols() == header.width() && decoded.rows() == header.height();
      boolean turned = decoded.cols() == header.height() && decoded.rows() == header.width();
      long held = decoded.total() * decoded.elemSize();
      if (!asDeclared && !turned) {
        return Optional.of(
            "decoded "
                + decoded.cols()
                + "x"
                + decoded.rows()
                + ", header said "
                + header.width()
                + "x"
                + header.height());
      }
      if (held > ImageDecoder.cost(header, 1)) {
        return Optional.of("decoded " + held + " bytes, reserved " + ImageDecoder.cost(header, 1));
      }
      return Optional.empty();
    }
  }
}
