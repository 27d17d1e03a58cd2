package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each embedder's shipped calibration: its own threshold and tail, used only for its own model. */
@FastTier
class EmbedderCalibrationTest {
  private static final List<String> EMBEDDERS = List.of("mobilefacenet", "fr_feature");

  @Test
  void eachShippedFileIsItsEmbeddersMeasuredOnColourAndGreyPhotos() {
    for (String embedder : EMBEDDERS) {
      EmbedderCalibration c = EmbedderCalibration.shipped(embedder);
      assertTrue(c.modelId().startsWith(embedder + "@"), c.modelId());
      assertTrue(c.source().contains("colour-dev") && c.source().contains("lfw-dev"), c.source());
      double previous = -1;
      for (double far = 0.1; far > 1e-7; far /= 3) {
        double t = c.impostorTail().thresholdAtFar(far);
        assertTrue(t >= previous, embedder + ": a rarer FAR never needs a lower threshold");
        previous = t;
      }
      // threshold_auth is the tail's FAR 1e-3 point, rounded up to 3 decimals.
      double atFar = c.impostorTail().thresholdAtFar(EmbedderCalibration.AUTH_FAR);
      assertTrue(
          c.authThreshold() >= atFar && c.authThreshold() < atFar + 0.001,
          embedder + ": " + c.authThreshold() + " against " + atFar);
    }
    assertNotEquals(
        EmbedderCalibration.shipped("mobilefacenet").authThreshold(),
        EmbedderCalibration.shipped("fr_feature").authThreshold(),
        "two embedders' scores do not mean the same");
  }

  @Test
  void aCalibrationIsOnlyGivenToTheModelItWasMeasuredOn() {
    EmbedderCalibration shipped = EmbedderCalibration.shipped("mobilefacenet");
    assertEquals(
        shipped.authThreshold(),
        EmbedderCalibration.forModel(shipped.modelId(), List.of()).authThreshold());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> EmbedderCalibration.forModel("mobilefacenet@000000000000", List.of()));
    assertTrue(e.getMessage().contains(shipped.modelId()), e.getMessage());
    assertTrue(e.getMessage().contains("mobilefacenet@000000000000"), e.getMessage());
    // A newer file with the same outputs lists the measured one as former: still its calibration.
    assertEquals(
        shipped.modelId(),
        EmbedderCalibration.forModel("mobilefacenet@000000000000", List.of(shipped.modelId()))
            .modelId());
    IllegalStateException none =
        assertThrows(
            IllegalStateException.class,
            () -> EmbedderCalibration.forModel("arcface@0123456789ab", List.of()));
    assertTrue(none.getMessage().contains("arcface"), none.getMessage());
  }

  @Test
  void measuringPlacesTheOneToOneThresholdAtFarOneInAThousand() {
    double[] impostors = new Random(7).doubles(50_000).map(d -> d * 0.8 - 0.2).toArray();
    EmbedderCalibration c =
        EmbedderCalibration.fromJson(EmbedderCalibration.measure("m@1", impostors, "random"));
    long passing = Arrays.stream(impostors).filter(s -> s >= c.authThreshold()).count();
    assertTrue(passing <= 50, passing + " of 50,000 impostors reach " + c.authThreshold());
    double exact = ScoreCut.atRate(impostors, EmbedderCalibration.AUTH_FAR);
    assertTrue(
        c.authThreshold() >= exact && c.authThreshold() < exact + 0.001,
        "rounded up by less than 0.001 from " + exact + ": " + c.authThreshold());
    assertEquals("m@1", c.modelId());
  }

  @Test
  void autoTakesTheCalibratedThresholdAndANumberStays() {
    EmbedderCalibration c = EmbedderCalibration.shipped("fr_feature");
    Thresholds auto = new Thresholds(Double.NaN, Double.NaN, 0.01, 0, LivenessMode.OFF, 0.2, 0.6);
    assertEquals(c.authThreshold(), auto.calibratedBy(c).auth());
    Thresholds pinned = new Thresholds(0.55, Double.NaN, 0.01, 0, LivenessMode.OFF, 0.2, 0.6);
    assertSame(pinned, pinned.calibratedBy(c));
  }
}
