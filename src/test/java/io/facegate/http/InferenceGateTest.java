package io.facegate.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceGateTest {
  @Test
  void admitsUpToTheBoundAndAgainAfterALeave() {
    InferenceGate gate = new InferenceGate(2);
    assertTrue(gate.tryEnter());
    assertTrue(gate.tryEnter());
    assertFalse(gate.tryEnter());
    gate.leave();
    assertEquals(1, gate.inFlight());
    assertTrue(gate.tryEnter());
  }

  @Test
  void aBoundBelowOneIsRefusedWithTheSettingsName() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new InferenceGate(0)).getMessage()
        .contains("max_queue"));
  }

  @Test
  void anExtraLeaveIsABugNotANegativeCount() {
    assertThrows(IllegalStateException.class, () -> new InferenceGate(1).leave());
  }
}
