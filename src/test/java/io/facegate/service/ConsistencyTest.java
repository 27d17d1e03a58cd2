package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.List;
import org.junit.jupiter.api.Test;

@FastTier
class ConsistencyTest {
  @Test
  void sameIdsAreConsistent() {
    Consistency c = Consistency.compare(new long[] {1, 2, 5}, new long[] {1, 2, 5});
    assertTrue(c.consistent());
    assertEquals(3, c.storeEmbeddings());
    assertEquals(3, c.indexEmbeddings());
  }

  @Test
  void differencesOnEitherSideAreCountedAndNamed() {
    Consistency c = Consistency.compare(new long[] {1, 2, 4, 7}, new long[] {2, 3, 4});
    assertFalse(c.consistent());
    assertEquals(2, c.missingFromIndex());
    assertEquals(1, c.missingFromStore());
    assertEquals(List.of(1L, 3L, 7L), c.examples());
  }

  @Test
  void listsAtMostTwentyIds() {
    long[] many = new long[100];
    for (int i = 0; i < many.length; i++) {
      many[i] = i;
    }
    Consistency c = Consistency.compare(many, new long[0]);
    assertEquals(100, c.missingFromIndex());
    assertEquals(20, c.examples().size());
  }
}
