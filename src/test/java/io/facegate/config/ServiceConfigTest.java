package io.facegate.config;

import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@FastTier
class ServiceConfigTest {
  @Test
  void identificationThresholdIsAutoByDefaultOrPinnedFromTheEnvironmentOrAFile() {
    assertTrue(ServiceConfig.thresholds(FacegateConfig.load(Map.of())).idFromGallery());
    assertEquals(0.6, ServiceConfig.thresholds(FacegateConfig.load(Map.of("FACEGATE_THRESHOLD_ID", "0.6"))).id());
    // A site config file may hold it as a JSON number.
    assertEquals(0.62, ServiceConfig.thresholds(FacegateConfig.load(Map.of()).with("threshold_id", 0.62)).id());
  }

  @Test
  void aBadIdentificationThresholdNamesTheSetting() {
    for (String bad : new String[] {"high", "1.5"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ServiceConfig.thresholds(FacegateConfig.load(Map.of("FACEGATE_THRESHOLD_ID", bad))));
      assertTrue(e.getMessage().contains("threshold_id"), e.getMessage());
    }
  }

  @Test
  void theGraphIsOffByDefaultAndOnFromAConfiguredSize() {
    assertEquals(Integer.MAX_VALUE, ServiceConfig.graphFrom(FacegateConfig.load(Map.of())));
    assertEquals(300000, ServiceConfig.graphFrom(FacegateConfig.load(Map.of("FACEGATE_INDEX_GRAPH_FROM", "300000"))));
  }
}
