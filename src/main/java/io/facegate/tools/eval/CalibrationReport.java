package io.facegate.tools.eval;

import io.facegate.service.Thresholds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The numbers of a {@link PeopleEval} as a Markdown report: counts, error rates by threshold, EER,
 * TAR at fixed FARs, recommended thresholds and the configured ones, all computed with {@link
 * VerificationMetrics} under the server's rule (accept when score >= threshold).
 *
 * <p>Thresholds chosen for a target rate (the recommendations, TAR at FAR) are rounded up to 4
 * decimals, the precision the report prints, and their rates are measured at the rounded value:
 * copied into the config, they decide exactly as reported (rounding down could let the impostor the
 * threshold was placed above pass).
 */
public final class CalibrationReport {
  public static final double AUTH_FAR = 1e-3;
  public static final double ID_FPIR = 0.01;
  private static final double[] FARS = {1e-2, 1e-3};

  /**
   * A threshold and the two rates that matter for its mode: FAR and TAR (auth) or FPIR and DIR
   * (id).
   */
  public record Operating(double threshold, double falseRate, double trueRate, String basis) {}

  private final PeopleEval eval;
  private final String setup;
  private final Thresholds configured;
  private final VerificationMetrics.Roc roc;

  public CalibrationReport(PeopleEval eval, String setup, Thresholds configured) {
    this.eval = eval;
    this.setup = setup;
    this.configured = configured;
    this.roc = VerificationMetrics.roc(eval.pairs().genuine(), eval.pairs().impostor());
  }

  public VerificationMetrics.Roc roc() {
    return roc;
  }

  /**
   * Auth: the threshold at FAR 1e-3; with fewer than 1,000 impostor pairs, just above the highest
   * impostor.
   */
  public Operating recommendedAuth() {
    double[] imp = eval.pairs().impostor();
    double t = fourDecimalsUp(VerificationMetrics.thresholdAtFar(imp, AUTH_FAR));
    String basis =
        resolvable(AUTH_FAR, imp.length)
            ? "FAR " + exponent(AUTH_FAR) + " over " + imp.length + " impostor pairs"
            : "FAR "
                + exponent(AUTH_FAR)
                + " needs 1,000+ impostor pairs ("
                + imp.length
                + " here): just above the highest impostor score";
    return new Operating(t, far(t), tar(t), basis);
  }

  /**
   * Id: the lowest threshold with FPIR at most 1% (with fewer than 100 strangers: no stranger
   * passes).
   */
  public Operating recommendedId() {
    OpenSet o = eval.openSet();
    if (o.strangerTop().length == 0) {
      return null;
    }
    double t = fourDecimalsUp(VerificationMetrics.thresholdAtFar(o.strangerTop(), ID_FPIR));
    String basis =
        "lowest with FPIR <= 1% over "
            + o.strangerTop().length
            + " strangers"
            + (resolvable(ID_FPIR, o.strangerTop().length)
                ? ""
                : "; fewer than 100, so no stranger may pass");
    return new Operating(t, o.fpir(t), o.dir(t), basis);
  }

  /** Writes report.md and roc.png into {@code dir} (created if needed). */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
    RocPlot.write(
        roc,
        VerificationMetrics.equalErrorRate(roc),
        "ROC: " + eval.folder().root(),
        dir.resolve("roc.png"));
  }

  public String markdown() {
    PairScores p = eval.pairs();
    OpenSet o = eval.openSet();
    StringBuilder md = new StringBuilder();
    line(md, "# Calibration of %s", eval.folder().root());
    line(md, "");
    line(md, "Pipeline: %s", setup);
    line(md, "");
    line(md, "## Counts");
    line(md, "");
    line(
        md,
        "- people: %d (%d with 2+ photos); photos: %d, %d without a usable face (listed at the end)",
        eval.folder().people().size(),
        eval.folder().withSeveralPhotos().size(),
        eval.photos().size(),
        eval.photosWithoutFace());
    line(md, "- pairs: %s", eval.pairSource());
    line(
        md,
        "- genuine pairs: %d (%d involve a photo without a face: scored %.0f, so rejected)",
        p.genuine().length,
        p.genuineWithoutFace(),
        PhotoEmbeddings.NO_FACE_SCORE);
    line(
        md,
        "- impostor pairs: %d (%d involve a photo without a face: never accepted)",
        p.impostor().length,
        p.impostorWithoutFace());
    line(
        md,
        "- open set: %d enrolled (first photo of each person with 2+ photos; %d not enrolled: no face), "
            + "%d mated probes (%d without a face), %d strangers (%d without a face) from %s; rank-1 %s",
        o.enrolled(),
        o.notEnrolled(),
        o.matedTop().length,
        o.matedNoFace(),
        o.strangerTop().length,
        o.strangerNoFace(),
        eval.strangerSource(),
        percent(o.rank1()));
    line(md, "");
    line(md, "## Error rates by threshold (accept when score >= threshold)");
    line(md, "");
    line(md, "| threshold | FAR | FRR | TAR | DIR | FPIR |");
    line(md, "|---|---|---|---|---|---|");
    for (int k = 0; k <= 20; k++) {
      double t = Math.round((0.30 + 0.025 * k) * 1000) / 1000.0;
      line(
          md,
          "| %.3f | %s | %s | %s | %s | %s |",
          t,
          counted(far(t), p.impostor().length),
          percent(1 - tar(t)),
          percent(tar(t)),
          percent(o.dir(t)),
          counted(o.fpir(t), o.strangerTop().length));
    }
    line(md, "");
    VerificationMetrics.Eer eer = VerificationMetrics.equalErrorRate(roc);
    line(md, "EER %s at threshold %.4f", percent(eer.rate()), eer.threshold());
    line(md, "");
    for (double f : FARS) {
      double t = fourDecimalsUp(VerificationMetrics.thresholdAtFar(p.impostor(), f));
      line(
          md,
          "- TAR at FAR %s: %s at threshold %.4f (impostors accepted %s)%s",
          exponent(f),
          percent(tar(t)),
          t,
          counted(far(t), p.impostor().length),
          resolvable(f, p.impostor().length)
              ? ""
              : "; not resolvable with "
                  + p.impostor().length
                  + " impostor pairs, so none may pass");
    }
    line(md, "");
    line(md, "## Recommended thresholds");
    line(md, "");
    Operating auth = recommendedAuth();
    line(
        md,
        "- threshold_auth = %.4f: FAR %s, TAR %s (%s)",
        auth.threshold(),
        counted(auth.falseRate(), p.impostor().length),
        percent(auth.trueRate()),
        auth.basis());
    Operating id = recommendedId();
    if (id == null) {
      line(md, "- threshold_id: no strangers, no recommendation");
    } else {
      line(
          md,
          "- threshold_id = %.4f: FPIR %s, DIR %s (%s)",
          id.threshold(),
          counted(id.falseRate(), o.strangerTop().length),
          percent(id.trueRate()),
          id.basis());
    }
    line(md, "");
    line(md, "## Configured thresholds (what the server decides with now)");
    line(md, "");
    line(md, "| setting | value | FAR | TAR | DIR | FPIR |");
    line(md, "|---|---|---|---|---|---|");
    configuredRow(md, "threshold_auth", configured.auth());
    if (configured.idFromGallery()) {
      line(md, "");
      line(
          md,
          "threshold_id = auto: the server derives it from its own gallery for FPIR %s (docs/decisions.md, "
              + "\"Identification 1:N\"), so no single value is shown here.",
          configured.idTargetFpir());
    } else {
      configuredRow(md, "threshold_id", configured.id());
    }
    if (configured.idMargin() > 0) {
      line(md, "");
      line(
          md,
          "DIR and FPIR ignore id_margin = %.3f, which the server also applies in id mode.",
          configured.idMargin());
    }
    List<String> failures = eval.failures();
    if (!failures.isEmpty()) {
      line(md, "");
      line(md, "## Photos without a usable face");
      line(md, "");
      failures.forEach(f -> line(md, "- %s", f));
    }
    return md.toString();
  }

  private void configuredRow(StringBuilder md, String name, double t) {
    OpenSet o = eval.openSet();
    line(
        md,
        "| %s | %.4f | %s | %s | %s | %s |",
        name,
        t,
        counted(far(t), eval.pairs().impostor().length),
        percent(tar(t)),
        percent(o.dir(t)),
        counted(o.fpir(t), o.strangerTop().length));
  }

  private double far(double t) {
    return VerificationMetrics.rateAtOrAbove(eval.pairs().impostor(), t);
  }

  private double tar(double t) {
    return VerificationMetrics.rateAtOrAbove(eval.pairs().genuine(), t);
  }

  /** Whether a rate of {@code rate} allows at least one of {@code n} scores to pass. */
  private static boolean resolvable(double rate, int n) {
    return rate * n >= 1 - 1e-9;
  }

  /**
   * The config value (4 decimals) at or above {@code t}: its double is the one the server parses.
   */
  static double fourDecimalsUp(double t) {
    if (!Double.isFinite(t)) {
      return t;
    }
    long k = Math.round(t * 1e4);
    if (k / 1e4 < t) {
      k++;
    }
    return k / 1e4;
  }

  /**
   * A rate with the count behind it, so a 0% over 10 pairs is not mistaken for a 0% over 10,000;
   * below 1% with 4 decimals, since FARs of 1e-4 and less are the ones auth is judged by.
   */
  public static String counted(double rate, int n) {
    if (n == 0) {
      return "n/a";
    }
    String shown =
        rate > 0 && rate < 0.01 ? String.format(Locale.ROOT, "%.4f%%", 100 * rate) : percent(rate);
    return String.format(Locale.ROOT, "%s (%d/%d)", shown, Math.round(rate * n), n);
  }

  /** 1e-3 rather than 0.001: the rates are chosen as powers of ten. */
  private static String exponent(double rate) {
    return "1e-" + Math.round(-Math.log10(rate));
  }

  public static String percent(double rate) {
    return Double.isNaN(rate) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * rate);
  }

  private static void line(StringBuilder md, String format, Object... args) {
    md.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
