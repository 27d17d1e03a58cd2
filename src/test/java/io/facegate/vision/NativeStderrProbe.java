package io.facegate.vision;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.slf4j.MDC;

/**
 * Run in a child JVM by {@link NativeStderrTest}: installs the bridge, then decodes files that pass
 * the walkers yet make libjpeg and libpng complain on stderr, each for its own request id.
 */
final class NativeStderrProbe {
  private NativeStderrProbe() {}

  public static void main(String[] args) throws InterruptedException {
    NativeStderr.install();
    ImageDecoder decoder =
        new ImageDecoder(new ImageLimits(5_000_000, 4_000_000, 64_000_000, Duration.ZERO));
    decodeFor("request-jpeg", decoder, jpegWithGarbageBeforeItsEnd());
    decodeFor("request-png", decoder, pngWithCorruptData());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (NativeStderr.logged() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Decodes {@code file} as the worker of request {@code requestId} does. */
  private static void decodeFor(String requestId, ImageDecoder decoder, byte[] file) {
    MDC.put(NativeStderr.REQUEST_ID, requestId);
    try {
      decoder.decode(file).close();
    } catch (ImageRejectedException e) {
      // refused or not, only what reaches stderr matters here
    } finally {
      MDC.remove(NativeStderr.REQUEST_ID);
    }
  }

  /**
   * libjpeg: "Corrupt JPEG data: 7 extraneous bytes before marker 0xd9"; the image still decodes.
   */
  static byte[] jpegWithGarbageBeforeItsEnd() {
    byte[] jpeg = FormatWalkersTest.encode(".jpg", 64, 64);
    byte[] noisy = Arrays.copyOf(jpeg, jpeg.length + 7);
    Arrays.fill(noisy, jpeg.length - 2, jpeg.length + 5, (byte) 0x11);
    noisy[noisy.length - 2] = (byte) 0xFF;
    noisy[noisy.length - 1] = (byte) 0xD9;
    return noisy;
  }

  /** libpng: "IDAT: incorrect data check"; the chunk's CRC is right, so only inflating finds it. */
  static byte[] pngWithCorruptData() {
    byte[] png = FormatWalkersTest.encode(".png", 64, 64);
    int idat = 8 + 25; // after the signature and the 25-byte IHDR chunk
    int length = ByteBuffer.wrap(png).getInt(idat);
    png[idat + 8 + length - 1] ^= 0x55; // the stream's Adler-32
    CRC32 crc = new CRC32();
    crc.update(png, idat + 4, length + 4);
    ByteBuffer.wrap(png).putInt(idat + 8 + length, (int) crc.getValue());
    return png;
  }
}
