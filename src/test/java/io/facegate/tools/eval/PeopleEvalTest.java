package io.facegate.tools.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.config.FacegateConfig;
import io.facegate.service.EmbedderCalibration;
import io.facegate.service.Thresholds;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibration run on the real pipeline and the bundled people/ photos, as `eval --people ...
 * --out` does it.
 */
@ModelsTier
class PeopleEvalTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @Test
  void writesAReportConsistentWithTheMetrics(@TempDir Path out) throws Exception {
    FacegateConfig config = Models.defaults();
    PhotoEmbeddings embeddings = new PhotoEmbeddings(config.faceReader(Models.pipeline()));
    PeopleEval eval =
        PeopleEval.run(TestPhotos.path("people"), null, null, embeddings, 2, (done, total) -> {});
    Thresholds configured =
        config
            .decisions()
            .thresholds()
            .calibratedBy(EmbedderCalibration.forModel(Models.pipeline().modelId(), List.of()));
    CalibrationReport report = new CalibrationReport(eval, "test", configured);
    report.writeTo(out);

    // 8 people, 18 photos: 3 single-photo people are the strangers; the rest give C(n,2) genuine
    // pairs each.
    assertEquals(18, eval.photos().size());
    assertEquals(3, eval.openSet().strangerTop().length);
    assertEquals(3 + 1 + 3 + 10 + 1, eval.pairs().genuine().length);
    assertEquals(18 * 17 / 2 - 18, eval.pairs().impostor().length);

    String md = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
    byte[] png = Files.readAllBytes(out.resolve("roc.png"));
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));

    // The recommended threshold as printed, with the FAR that VerificationMetrics gives at it.
    CalibrationReport.Operating auth = report.recommendedAuth();
    double far = VerificationMetrics.rateAtOrAbove(eval.pairs().impostor(), auth.threshold());
    String expected =
        String.format(
            Locale.ROOT,
            "- threshold_auth = %.4f: FAR %s,",
            auth.threshold(),
            CalibrationReport.counted(far, eval.pairs().impostor().length));
    assertTrue(md.contains(expected), "report.md lacks '" + expected + "':\n" + md);
    // 135 impostor pairs cannot resolve FAR 1e-3: the recommendation lets none of them pass.
    assertEquals(0.0, far);
    assertTrue(
        md.contains("| threshold_auth | " + String.format(Locale.ROOT, "%.4f", configured.auth())));
  }
}
