package io.facegate.eval;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.Models;
import io.facegate.testing.SharedFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calibration run on the real pipeline and ../shared/faces/people, as `eval --people ... --out` does it. */
class PeopleEvalTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @Test
  void writesAReportConsistentWithTheMetrics(@TempDir Path out) throws Exception {
    FacegateConfig config = Models.defaults();
    PhotoEmbeddings embeddings = new PhotoEmbeddings(config.faceReader(Models.pipeline()));
    PeopleEval eval = PeopleEval.run(SharedFaces.path("people"), null, null, embeddings, 2, (done, total) -> { });
    CalibrationReport report = new CalibrationReport(eval, "test", config.decisions().thresholds());
    report.writeTo(out);

    // 10 people, 20 photos: 5 single-photo people are the strangers; the rest give C(n,2) genuine pairs each.
    assertEquals(20, eval.photos().size());
    assertEquals(5, eval.openSet().strangerTop().length);
    assertEquals(3 + 1 + 3 + 10 + 1, eval.pairs().genuine().length);
    assertEquals(20 * 19 / 2 - 18, eval.pairs().impostor().length);

    String md = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
    byte[] png = Files.readAllBytes(out.resolve("roc.png"));
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));

    // The recommended threshold as printed, with the FAR that VerificationMetrics gives at it.
    CalibrationReport.Operating auth = report.recommendedAuth();
    double far = VerificationMetrics.rateAtOrAbove(eval.pairs().impostor(), auth.threshold());
    String expected = String.format(Locale.ROOT, "- threshold_auth = %.4f: FAR %s,", auth.threshold(),
        CalibrationReport.counted(far, eval.pairs().impostor().length));
    assertTrue(md.contains(expected), "report.md lacks '" + expected + "':\n" + md);
    // 172 impostor pairs cannot resolve FAR 1e-3: the recommendation lets none of them pass.
    assertEquals(0.0, far);
    assertTrue(md.contains("| threshold_auth | " + String.format(Locale.ROOT, "%.4f", config.decisions().thresholds().auth())));
  }
}
