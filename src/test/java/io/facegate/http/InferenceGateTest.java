package io.facegate.http;

import static io.facegate.http.InferenceGate.Admission.ADMITTED;
import static io.facegate.http.InferenceGate.Admission.CLIENT_BUSY;
import static io.facegate.http.InferenceGate.Admission.FULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

@FastTier
class InferenceGateTest {
  @Test
  void admitsUpToTheBoundAndAgainAfterALeave() {
    InferenceGate gate = new InferenceGate(2, 0);
    assertEquals(ADMITTED, gate.tryEnter("a"));
    assertEquals(ADMITTED, gate.tryEnter("a"));
    assertEquals(FULL, gate.tryEnter("b"));
    gate.leave("a");
    assertEquals(1, gate.inFlight());
    assertEquals(ADMITTED, gate.tryEnter("b"));
  }

  /** One client may hold its share of the slots; the rest stay for other clients. */
  @Test
  void aClientBeyondItsShareIsToldToWaitWhileOthersGetIn() {
    InferenceGate gate = new InferenceGate(4, 2);
    assertEquals(ADMITTED, gate.tryEnter("door-1"));
    assertEquals(ADMITTED, gate.tryEnter("door-1"));
    assertEquals(CLIENT_BUSY, gate.tryEnter("door-1"));
    assertEquals(ADMITTED, gate.tryEnter("door-2"));
    assertEquals(ADMITTED, gate.tryEnter("door-3"));
    assertEquals(FULL, gate.tryEnter("door-4"), "the bound still holds");
    assertEquals(4, gate.inFlight());
    gate.leave("door-1");
    assertEquals(ADMITTED, gate.tryEnter("door-1"));
  }

  @Test
  void badSettingsAreRefusedWithTheSettingsName() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new InferenceGate(0, 0))
            .getMessage()
            .contains("max_queue"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new InferenceGate(1, -1))
            .getMessage()
            .contains("rate_limit_concurrent"));
  }

  @Test
  void anExtraLeaveIsABugNotANegativeCount() {
    assertThrows(IllegalStateException.class, () -> new InferenceGate(1, 0).leave("a"));
    InferenceGate perClient = new InferenceGate(2, 1);
    assertEquals(ADMITTED, perClient.tryEnter("a"));
    perClient.leave("a");
    assertThrows(IllegalStateException.class, () -> perClient.leave("a"));
  }
}
