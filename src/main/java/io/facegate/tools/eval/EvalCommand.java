package io.facegate.tools.eval;

import io.facegate.cli.ProgressBar;
import io.facegate.config.FacegateConfig;
import io.facegate.service.EmbedderCalibration;
import io.facegate.service.IdThreshold;
import io.facegate.service.ImpostorTail;
import io.facegate.service.Thresholds;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.PipelineSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Accuracy of the real pipeline (configured exactly as the server is) on an LFW-format pairs file
 * and, optionally, an open-set identification run: enroll the first photo of each person, probe
 * with the rest and with strangers. A photo with no face gets no embedding; every comparison
 * involving it scores -1, which counts as a failure for genuine pairs and mated probes.
 *
 * <p>{@code --people DIR} is the calibration mode instead ({@link PeopleEval}, {@link
 * CalibrationReport}): there {@code --pairs} names a CSV of chosen pairs, since an LFW pairs file
 * cannot name arbitrary photos.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    subcommands = MatrixCommand.class,
    description =
        "Measure verification accuracy on an LFW-format pairs file (and open-set identification), or calibrate thresholds on a labeled folder (--people).")
public final class EvalCommand implements Callable<Integer> {
  @Option(
      names = "--pairs",
      description =
          "LFW-format pairs file (name i j / name1 i name2 j); with --people a CSV of path1,path2,same(1/0), paths relative to the --people folder, used instead of all pairs")
  Path pairsFile;

  @Option(
      names = "--people",
      description =
          "calibrate: one sub-folder per person; all same/different-person pairs, open set, recommended thresholds. "
              + "Repeat it for several sets: pairs stay within each set, --calibration pools their impostor pairs")
  List<Path> people;

  @Option(
      names = "--out",
      description =
          "with --people: write report.md and roc.png into this folder (into a sub-folder per set when there are several)")
  Path outDir;

  @Option(
      names = "--calibration",
      description =
          "with --people: write the loaded embedder's calibration (1:1 threshold at FAR 1e-3, impostor tail) to this JSON file; "
              + "the server's are src/main/resources/calibration/<embedder>.json")
  Path calibration;

  @Option(
      names = "--images",
      description =
          "photo root: <DIR>/<name>/<name>_%%04d.jpg (default: people/ beside the pairs file if present, else its folder)")
  Path images;

  @Option(
      names = "--far",
      defaultValue = "1e-3",
      description =
          "extra FAR to report TAR and threshold at (default ${DEFAULT-VALUE}; 1e-3 and 1e-2 are always reported)")
  double far;

  @Option(
      names = "--gallery",
      description =
          "open set: one folder per person; the first photo by file name is enrolled, the others are probes")
  Path gallery;

  @Option(
      names = "--strangers",
      description =
          "open set: photos (in sub-folders or not) of people not in the gallery (with --people: default its single-photo people)")
  Path strangers;

  @Option(
      names = "--fpir",
      defaultValue = "0.01",
      description =
          "open set: report the threshold giving at most this FPIR (default ${DEFAULT-VALUE})")
  double fpir;

  @Option(
      names = "--workers",
      defaultValue = "1",
      description = "photos processed in parallel (each with the configured inference threads)")
  int workers;

  @Option(
      names = "--json",
      description = "also write every number (and the photos with no face) to this file")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (people != null && gallery != null) {
      System.err.println("eval: --people has its own open set; give --gallery without it");
      return 2;
    }
    if (pairsFile == null && gallery == null && people == null) {
      System.err.println(
          "eval: give --people (calibration), or --pairs and/or --gallery (with --strangers)");
      return 2;
    }
    PrintStream out = System.out;
    PrintStream log = System.err;
    FacegateConfig config = FacegateConfig.load();
    PipelineSettings settings = config.pipelineSettings();
    JsonObject report = new JsonObject();
    try (FacePipeline pipeline = FacePipeline.load(config.pipeline().models(), settings)) {
      PhotoEmbeddings embeddings = new PhotoEmbeddings(config.faceReader(pipeline));
      String setup =
          String.format(
              Locale.ROOT,
              "detector %s, min score %.2f, model %s, %d inference thread(s)",
              settings.detector().describe(),
              settings.minDetectionScore(),
              pipeline.modelId(),
              settings.inference().intraOpThreads());
      out.println("pipeline    " + setup);
      report.put("pipeline", setup);
      Optional<EmbedderCalibration> calibrated = calibrationOf(config, pipeline, log);
      Thresholds configured =
          calibrated
              .map(config.decisions().thresholds()::calibratedBy)
              .orElse(config.decisions().thresholds());
      if (people != null) {
        calibrate(embeddings, setup, pipeline.modelId(), configured, out, log);
        return 0;
      }
      if (pairsFile != null) {
        report.put("pairs", pairs(embeddings, out, log));
      }
      if (gallery != null) {
        report.put("open_set", openSet(embeddings, configured, calibrated, out, log));
      }
      JsonArray failed = new JsonArray();
      embeddings
          .failures()
          .forEach(
              (p, why) ->
                  failed.add(new JsonObject().put("photo", p.toString()).put("reason", why)));
      report.put("photos_without_face", failed);
    }
    if (json != null) {
      Files.writeString(json, report.encodePrettily() + "\n", StandardCharsets.UTF_8);
      out.println("json        " + json);
    }
    return 0;
  }

  /**
   * The loaded embedder's shipped calibration, which the server's thresholds follow; none while an
   * embedder's calibration is being made.
   */
  private static Optional<EmbedderCalibration> calibrationOf(
      FacegateConfig config, FacePipeline pipeline, PrintStream log) {
    try {
      return Optional.of(
          EmbedderCalibration.forModel(
              pipeline.modelId(),
              config.pipeline().embedder().formerModelIds(config.pipeline().models())));
    } catch (IllegalStateException e) {
      log.println("eval: " + e.getMessage() + "; the server's thresholds are not shown");
      return Optional.empty();
    }
  }

  /**
   * Prints the calibration report (the same Markdown as report.md) and writes the files when --out
   * is given.
   */
  private void calibrate(
      PhotoEmbeddings embeddings,
      String setup,
      String modelId,
      Thresholds configured,
      PrintStream out,
      PrintStream log)
      throws Exception {
    List<double[]> impostors = new ArrayList<>();
    for (Path set : people) {
      log.printf("eval: calibrating on %s%n", set);
      PeopleEval eval =
          PeopleEval.run(
              set, pairsFile, strangers, embeddings, workers, ProgressBar.onStderr("photos")::done);
      impostors.add(eval.pairs().impostor());
      CalibrationReport report = new CalibrationReport(eval, setup, configured);
      out.println();
      out.print(report.markdown());
      if (outDir != null) {
        Path dir = people.size() == 1 ? outDir : outDir.resolve(set.getFileName());
        report.writeTo(dir);
        out.println();
        out.println("wrote " + dir.resolve("report.md") + " and " + dir.resolve("roc.png"));
      }
    }
    if (calibration != null) {
      double[] pooled = impostors.stream().flatMapToDouble(Arrays::stream).toArray();
      JsonObject measured =
          EmbedderCalibration.measure(
              modelId,
              pooled,
              String.join(" + ", people.stream().map(Path::toString).toList()) + ", " + setup);
      Files.writeString(calibration, measured.encodePrettily() + "\n", StandardCharsets.UTF_8);
      log.printf(
          "eval: wrote %s (threshold_auth %s, %d impostor pairs)%n",
          calibration, measured.getDouble("threshold_auth"), pooled.length);
    }
  }

  private JsonObject pairs(PhotoEmbeddings embeddings, PrintStream out, PrintStream log)
      throws Exception {
    PairsFile file = PairsFile.read(pairsFile);
    Path dir = images != null ? images : defaultImages(pairsFile);
    log.printf("eval: %d pairs under %s%n", file.pairs().size(), dir);
    PairsRun run =
        PairsRun.run(file, dir, embeddings, workers, ProgressBar.onStderr("photos")::done);
    List<Path> distinct = run.photos();
    int n = file.pairs().size();
    double[] scores = run.scores();
    int pairsWithoutFace = run.pairsWithoutFace();
    long photosWithoutFace = distinct.stream().filter(p -> !embeddings.get(p).hasFace()).count();
    double[] gen = run.genuine();
    double[] imp = run.impostor();
    VerificationMetrics.Folds folds = run.folds();
    VerificationMetrics.Best allBest = VerificationMetrics.bestThreshold(scores, run.same());

    out.printf(
        Locale.ROOT,
        "pairs       %d (%d same, %d different) from %s%n",
        n,
        gen.length,
        imp.length,
        pairsFile);
    out.printf(
        Locale.ROOT,
        "no face     %d of %d photos; their %d pairs scored %.0f (a failure for same pairs)%n",
        photosWithoutFace,
        distinct.size(),
        pairsWithoutFace,
        PhotoEmbeddings.NO_FACE_SCORE);
    out.printf(
        Locale.ROOT,
        "accuracy    %.2f%% ± %.2f%% (%s; threshold chosen on the other folds: %.3f..%.3f)%n",
        100 * folds.mean(),
        100 * folds.std(),
        file.foldScheme(),
        VerificationMetrics.min(folds.thresholds()),
        VerificationMetrics.max(folds.thresholds()));
    out.printf(
        Locale.ROOT,
        "            best single threshold on all pairs %.4f gives %.2f%%%n",
        allBest.threshold(),
        100 * allBest.accuracy());
    JsonObject json =
        new JsonObject()
            .put("pairs", n)
            .put("same", gen.length)
            .put("different", imp.length)
            .put("photos", distinct.size())
            .put("photos_without_face", photosWithoutFace)
            .put("pairs_without_face", pairsWithoutFace)
            .put("no_face_score", PhotoEmbeddings.NO_FACE_SCORE)
            .put("fold_scheme", file.foldScheme())
            .put("accuracy_mean", folds.mean())
            .put("accuracy_std", folds.std())
            .put("fold_accuracies", toJson(folds.accuracies()))
            .put("fold_thresholds", toJson(folds.thresholds()))
            .put("best_threshold_all", finite(allBest.threshold()))
            .put("best_accuracy_all", allBest.accuracy());
    JsonArray atFar = new JsonArray();
    List<Double> fars = new ArrayList<>(List.of(1e-3, 1e-2));
    if (!fars.contains(far)) {
      fars.add(far);
    }
    for (double f : fars) {
      double t = run.thresholdAtFar(f);
      double tar = run.tarAtFar(f);
      double achieved = VerificationMetrics.rateAtOrAbove(imp, t);
      long accepted = Math.round(achieved * imp.length);
      out.printf(
          Locale.ROOT,
          "TAR@FAR     %-6s %.2f%% at threshold %.4f (impostors accepted %d/%d%s)%n",
          shortNumber(f),
          100 * tar,
          t,
          accepted,
          imp.length,
          f * imp.length < 1
              ? "; FAR below 1/" + imp.length + " cannot be resolved, so none may pass"
              : "");
      atFar.add(
          new JsonObject()
              .put("far", f)
              .put("threshold", finite(t))
              .put("tar", tar)
              .put("far_achieved", achieved)
              .put("impostors_accepted", accepted));
    }
    json.put("at_far", atFar);
    // Every pair's score, in file order, so other thresholds can be checked without rerunning the
    // models.
    JsonArray perPair = new JsonArray();
    for (int i = 0; i < n; i++) {
      PairsFile.Pair p = file.pairs().get(i);
      perPair.add(
          new JsonArray()
              .add(p.name1())
              .add(p.n1())
              .add(p.name2())
              .add(p.n2())
              .add(p.same())
              .add(p.fold())
              .add(scores[i]));
    }
    json.put(
            "scores_columns",
            new JsonArray(List.of("name1", "n1", "name2", "n2", "same", "fold", "score")))
        .put("scores", perPair);
    double[] genFaces =
        Arrays.stream(gen).filter(v -> v != PhotoEmbeddings.NO_FACE_SCORE).toArray();
    double[] impFaces =
        Arrays.stream(imp).filter(v -> v != PhotoEmbeddings.NO_FACE_SCORE).toArray();
    out.printf(
        Locale.ROOT,
        "genuine     mean %.4f  min %.4f   (pairs with both faces found: mean %.4f  min %.4f)%n",
        VerificationMetrics.mean(gen),
        VerificationMetrics.min(gen),
        VerificationMetrics.mean(genFaces),
        VerificationMetrics.min(genFaces));
    out.printf(
        Locale.ROOT,
        "impostor    mean %.4f  max %.4f   (pairs with both faces found: mean %.4f)%n",
        VerificationMetrics.mean(imp),
        VerificationMetrics.max(imp),
        VerificationMetrics.mean(impFaces));
    json.put("genuine_mean", VerificationMetrics.mean(gen))
        .put("genuine_min", VerificationMetrics.min(gen))
        .put("impostor_mean", VerificationMetrics.mean(imp))
        .put("impostor_max", VerificationMetrics.max(imp))
        .put("genuine_mean_faces_found", VerificationMetrics.mean(genFaces))
        .put("genuine_min_faces_found", VerificationMetrics.min(genFaces))
        .put("impostor_mean_faces_found", VerificationMetrics.mean(impFaces));
    return json;
  }

  private JsonObject openSet(
      PhotoEmbeddings embeddings,
      Thresholds configured,
      Optional<EmbedderCalibration> calibrated,
      PrintStream out,
      PrintStream log)
      throws Exception {
    List<OpenSet.Entry> entries = OpenSet.gallery(gallery);
    List<Path> strangerPhotos =
        strangers == null ? List.of() : LabeledFolder.files(strangers, true);
    List<Path> all = new ArrayList<>();
    entries.forEach(
        e -> {
          all.add(e.enroll());
          all.addAll(e.probes());
        });
    all.addAll(strangerPhotos);
    log.printf(
        "eval: open set, %d people, %d stranger photos%n", entries.size(), strangerPhotos.size());
    embeddings.computeAll(all, workers, ProgressBar.onStderr("photos")::done);

    OpenSet run = OpenSet.run(entries, strangerPhotos, embeddings);
    double[] mTop = run.matedTop();
    double[] sTop = run.strangerTop();
    List<String> strangerMatch = run.strangerMatch();
    out.printf(
        Locale.ROOT,
        "open set    gallery %d enrolled (%d not: no face in the first photo), %d mated probes (%d no face), "
            + "%d strangers (%d no face)%n",
        run.enrolled(),
        run.notEnrolled(),
        mTop.length,
        run.matedNoFace(),
        sTop.length,
        run.strangerNoFace());
    out.printf(
        Locale.ROOT,
        "            rank-1 %.2f%% (no threshold); no-face probes count as misses / never as false positives%n",
        100 * run.rank1());
    out.println("            | threshold | DIR | FPIR |");
    out.println("            |---|---|---|");
    JsonArray table = new JsonArray();
    for (int k = 0; k <= 16; k++) {
      double t = Math.round((0.30 + 0.025 * k) * 1000) / 1000.0;
      double dir = run.dir(t);
      double fp = run.fpir(t);
      out.printf(Locale.ROOT, "            | %.3f | %.2f%% | %.2f%% |%n", t, 100 * dir, 100 * fp);
      table.add(new JsonObject().put("threshold", t).put("dir", dir).put("fpir", fp));
    }
    JsonObject json =
        new JsonObject()
            .put("enrolled", run.enrolled())
            .put("not_enrolled", run.notEnrolled())
            .put("mated_probes", mTop.length)
            .put("mated_no_face", run.matedNoFace())
            .put("stranger_probes", sTop.length)
            .put("stranger_no_face", run.strangerNoFace())
            .put("rank1", run.rank1())
            .put("table", table);
    if (sTop.length > 0) {
      double t = run.thresholdAtFpir(fpir);
      double dir = run.dir(t);
      double fp = run.fpir(t);
      out.printf(
          Locale.ROOT,
          "FPIR<=%s   threshold %.4f: DIR %.2f%%, FPIR %.2f%% (%d/%d strangers accepted); max stranger %.4f%n",
          shortNumber(fpir),
          t,
          100 * dir,
          100 * fp,
          Math.round(fp * sTop.length),
          sTop.length,
          VerificationMetrics.max(sTop));
      json.put("fpir_target", fpir)
          .put("threshold_at_fpir", finite(t))
          .put("dir_at_fpir", dir)
          .put("fpir_achieved", fp)
          .put("stranger_max", VerificationMetrics.max(sTop));
      // The strangers that pass 0.5 or more, with the person they matched: worth a look by eye.
      JsonArray close = new JsonArray();
      for (int i = 0; i < sTop.length; i++) {
        if (sTop[i] >= 0.5) {
          close.add(
              new JsonObject()
                  .put("stranger", strangerPhotos.get(i).getFileName().toString())
                  .put("matched", strangerMatch.get(i))
                  .put("score", sTop[i]));
        }
      }
      json.put("strangers_at_or_above_0_5", close);
      // What the server would decide with this gallery enrolled (threshold_id auto, all of it
      // sampled), when the embedder has a calibration to take the prior from.
      calibrated.ifPresent(
          c -> json.put("auto_threshold", autoThreshold(run, configured, c.impostorTail(), out)));
    }
    return json;
  }

  private static JsonObject autoThreshold(
      OpenSet run, Thresholds configured, ImpostorTail tail, PrintStream out) {
    IdThreshold auto =
        IdThreshold.derive(
            configured.idTargetFpir(),
            run.enrolled(),
            run.enrolledBestOther(),
            tail,
            configured.auth());
    out.printf(
        Locale.ROOT,
        "auto        threshold %.4f (%s, target FPIR %s, %d people): DIR %.2f%%, FPIR %.2f%%%n",
        auto.value(),
        auto.method(),
        shortNumber(configured.idTargetFpir()),
        run.enrolled(),
        100 * run.dir(auto.value()),
        100 * run.fpir(auto.value()));
    return new JsonObject()
        .put("threshold", auto.value())
        .put("method", auto.method())
        .put("target_fpir", configured.idTargetFpir())
        .put("dir", run.dir(auto.value()))
        .put("fpir", run.fpir(auto.value()));
  }

  static Path defaultImages(Path pairs) {
    Path parent = pairs.toAbsolutePath().getParent();
    Path people = parent.resolve("people");
    return Files.isDirectory(people) ? people : parent;
  }

  private static JsonArray toJson(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(finite(v));
    }
    return a;
  }

  /** JSON has no infinities: an accept-all or reject-all threshold is written as null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String shortNumber(double v) {
    String s = String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-").replace("e+00", "");
    return Double.parseDouble(s) == v ? s : Double.toString(v);
  }
}
