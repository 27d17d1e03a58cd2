package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.vision.ImageRejectedException.Reason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@FastTier
class DecodeBudgetTest {
  @Test
  void aDecodeThatDoesNotFitWaitsThenIsRefusedAsBusy() {
    DecodeBudget budget = new DecodeBudget(1000, Duration.ofMillis(50));
    try (DecodeBudget.Lease held = budget.reserve(700)) {
      long start = System.nanoTime();
      ImageRejectedException e =
          assertThrows(ImageRejectedException.class, () -> budget.reserve(400));
      assertEquals(Reason.BUSY, e.reason());
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "it waited first");
      budget.reserve(300).close(); // what still fits is not held up
    }
    assertEquals(0, budget.reserved());
  }

  @Test
  void aWaitingDecodeProceedsWhenAnotherFinishes() throws Exception {
    DecodeBudget budget = new DecodeBudget(1000, Duration.ofSeconds(10));
    DecodeBudget.Lease held = budget.reserve(700);
    CompletableFuture<DecodeBudget.Lease> waiting =
        CompletableFuture.supplyAsync(() -> budget.reserve(400));
    Thread.sleep(50);
    assertTrue(!waiting.isDone(), "it waits while the budget is held");
    held.close();
    held.close(); // a second close gives nothing back twice
    try (DecodeBudget.Lease granted = waiting.get(5, TimeUnit.SECONDS)) {
      assertEquals(400, budget.reserved());
    }
    assertEquals(0, budget.reserved());
  }

  @Test
  void aWaitForMemoryEndsAtTheWorksTimeBound() throws Exception {
    DecodeBudget budget = new DecodeBudget(1000, Duration.ofSeconds(10));
    try (DecodeBudget.Lease held = budget.reserve(700)) {
      long start = System.nanoTime();
      long bound = start + TimeUnit.MILLISECONDS.toNanos(50);
      assertThrows(
          WorkTimedOutException.class, () -> WorkDeadline.within(bound, () -> budget.reserve(400)));
      long waited = System.nanoTime() - start;
      assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "not the 10 s decode wait: " + waited);
    }
    assertEquals(0, budget.reserved());
  }

  @Test
  void workPastItsBoundIsNotDecodedAndHoldsNoMemory() {
    ImageDecoder decoder =
        new ImageDecoder(new ImageLimits(5_000_000, 4_000_000, 100_000, Duration.ZERO));
    byte[] jpeg = FormatWalkersTest.encode(".jpg", 160, 120);
    long bound = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    assertThrows(
        WorkTimedOutException.class,
        () ->
            WorkDeadline.within(
                bound,
                () -> {
                  Thread.sleep(20); // an earlier stage ran past the bound
                  return decoder.decodeForFaces(jpeg);
                }));
    assertEquals(0, decoder.reservedBytes());
    decoder.decodeForFaces(jpeg).close(); // no bound on this thread any more
  }

  @Test
  void aDecodeLargerThanTheWholeBudgetIsTooLarge() {
    ImageRejectedException e =
        assertThrows(
            ImageRejectedException.class,
            () -> new DecodeBudget(1000, Duration.ofSeconds(10)).reserve(1001));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  @Test
  void aPhotoDecodedForFacesHoldsItsPixelsUntilClosed() {
    ImageDecoder decoder =
        new ImageDecoder(new ImageLimits(5_000_000, 4_000_000, 100_000, Duration.ZERO));
    byte[] jpeg = FormatWalkersTest.encode(".jpg", 160, 120);
    try (ImageDecoder.Decoded decoded = decoder.decodeForFaces(jpeg)) {
      assertEquals(160 * 120 * 3, decoder.reservedBytes());
      ImageRejectedException e =
          assertThrows(ImageRejectedException.class, () -> decoder.decodeForFaces(jpeg));
      assertEquals(Reason.BUSY, e.reason());
    }
    assertEquals(0, decoder.reservedBytes());
    assertThrows(
        ImageRejectedException.class,
        () -> decoder.decodeForFaces(new byte[] {(byte) 0xFF, (byte) 0xD8}));
    assertEquals(0, decoder.reservedBytes(), "a refused decode holds nothing");
  }

  @Test
  void progressiveJpegsCountTheirWholeImageCoefficients() {
    byte[] progressive = FormatWalkersTest.encode(".jpg", 160, 120, IMWRITE_JPEG_PROGRESSIVE, 1);
    ImageHeader header =
        ImageHeader.read(progressive, new ImageLimits(5_000_000, 4_000_000, 1, Duration.ZERO));
    assertEquals(160 * 120 * 3 * 2, header.scratchBytes());
    assertEquals(160 * 120 * 3 + 160 * 120 * 3 * 2, ImageDecoder.cost(header, 1));
    assertEquals(
        0,
        ImageHeader.read(
                FormatWalkersTest.encode(".jpg", 160, 120),
                new ImageLimits(5_000_000, 4_000_000, 1, Duration.ZERO))
            .scratchBytes());
  }
}
