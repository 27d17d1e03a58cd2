package io.facegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@FastTier
class FleetConfigTest {
  private final FacegateConfig defaults = FacegateConfig.load(Map.of());

  @Test
  void aBoxIsStandaloneUnlessToldOtherwise() {
    assertEquals(FleetConfig.Role.STANDALONE, defaults.fleet().role());
  }

  @Test
  void aCentralNeedsItsDatabaseAndAFollowerItsCentralAndToken() {
    IllegalArgumentException central =
        assertThrows(IllegalArgumentException.class, () -> defaults.with("role", "central"));
    assertTrue(central.getMessage().contains("postgres_url"), central.getMessage());
    IllegalArgumentException follower =
        assertThrows(
            IllegalArgumentException.class,
            () -> defaults.with(Map.of("role", "follower", "follow_url", "http://central:8080")));
    assertTrue(follower.getMessage().contains("follow_token"), follower.getMessage());
    assertThrows(IllegalArgumentException.class, () -> defaults.with("role", "primary"));
  }

  @Test
  void theEnvironmentSetsTheRoleAndTheStalePolicy() {
    FleetConfig fleet =
        FacegateConfig.load(
                Map.of(
                    "FACEGATE_ROLE",
                    "follower",
                    "FACEGATE_FOLLOW_URL",
                    "http://central:8080",
                    "FACEGATE_FOLLOW_TOKEN",
                    "t",
                    "FACEGATE_FOLLOWER_STALE_POLICY",
                    "unknown",
                    "FACEGATE_FOLLOWER_STALE_AFTER_SECONDS",
                    "60"))
            .fleet();
    assertEquals(FleetConfig.Role.FOLLOWER, fleet.role());
    assertTrue(fleet.staleNamesNobody());
    assertEquals(Duration.ofSeconds(60), fleet.staleAfter());
  }
}
