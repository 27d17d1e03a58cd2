package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

@FastTier
class ChangeSequenceTest {
  @Test
  void theWatermarkAdvancesOnlyOverAGapFreeRun() {
    ChangeSequence seq = new ChangeSequence();
    seq.start(10);
    assertTrue(seq.settled());
    seq.applied(15, 2); // (13, 15]: 11..13 not seen yet
    assertFalse(seq.settled());
    assertEquals(10, seq.watermark());
    seq.applied(13, 3); // (10, 13]
    assertTrue(seq.settled());
    assertEquals(15, seq.watermark());
    seq.applied(15, 0); // a delete of nobody's rows changes nothing
    assertTrue(seq.settled());
    seq.applied(15, 1); // applied twice: no longer trusted
    assertFalse(seq.settled());
  }
}
