package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.config.PipelineConfig;
import io.facegate.config.ServiceConfig;
import io.facegate.eval.PairsFile;
import io.facegate.eval.PhotoEmbeddings;
import io.facegate.eval.VerificationMetrics;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.PipelineSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Accuracy of the real pipeline (configured exactly as the server is) on an LFW-format pairs file
 * and, optionally, an open-set identification run: enroll the first photo of each person, probe
 * with the rest and with strangers. A photo with no face gets no embedding; every comparison
 * involving it scores -1, which counts as a failure for genuine pairs and mated probes.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure verification accuracy on an LFW-format pairs file (and open-set identification).")
public final class EvalCommand implements Callable<Integer> {
  static final double NO_FACE_SCORE = -1;

  @Option(names = "--pairs", description = "LFW-format pairs file (name i j / name1 i name2 j)")
  Path pairsFile;

  @Option(names = "--images", description = "photo root: <DIR>/<name>/<name>_%%04d.jpg (default: people/ beside the pairs file if present, else its folder)")
  Path images;

  @Option(names = "--far", defaultValue = "1e-3", description = "extra FAR to report TAR and threshold at (default ${DEFAULT-VALUE}; 1e-3 and 1e-2 are always reported)")
  double far;

  @Option(names = "--gallery", description = "open set: one folder per person; the first photo by file name is enrolled, the others are probes")
  Path gallery;

  @Option(names = "--strangers", description = "open set: photos (in sub-folders or not) of people not in the gallery")
  Path strangers;

  @Option(names = "--fpir", defaultValue = "0.01", description = "open set: report the threshold giving at most this FPIR (default ${DEFAULT-VALUE})")
  double fpir;

  @Option(names = "--workers", defaultValue = "1", description = "photos processed in parallel (each with the configured inference threads)")
  int workers;

  @Option(names = "--json", description = "also write every number (and the photos with no face) to this file")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (pairsFile == null && gallery == null) {
      System.err.println("eval: give --pairs and/or --gallery (with --strangers)");
      return 2;
    }
    PrintStream out = System.out;
    PrintStream log = System.err;
    FacegateConfig config = FacegateConfig.load();
    PipelineSettings settings = PipelineConfig.settings(config);
    JsonObject report = new JsonObject();
    try (FacePipeline pipeline = FacePipeline.load(PipelineConfig.models(config), settings)) {
      PhotoEmbeddings embeddings = new PhotoEmbeddings(ServiceConfig.faceReader(config, pipeline));
      String setup = String.format(Locale.ROOT, "detector %s (%d px), min score %.2f, model %s, %d inference thread(s)",
          settings.detector().name().toLowerCase(), settings.detector().inputSize(), settings.minDetectionScore(),
          pipeline.modelId(), settings.inference().intraOpThreads());
      out.println("pipeline    " + setup);
      report.put("pipeline", setup);
      if (pairsFile != null) {
        report.put("pairs", pairs(embeddings, out, log));
      }
      if (gallery != null) {
        report.put("open_set", openSet(embeddings, out, log));
      }
      JsonArray failed = new JsonArray();
      embeddings.failures().forEach((p, why) -> failed.add(new JsonObject().put("photo", p.toString()).put("reason", why)));
      report.put("photos_without_face", failed);
    }
    if (json != null) {
      Files.writeString(json, report.encodePrettily() + "\n", StandardCharsets.UTF_8);
      out.println("json        " + json);
    }
    return 0;
  }

  private JsonObject pairs(PhotoEmbeddings embeddings, PrintStream out, PrintStream log) throws Exception {
    PairsFile file = PairsFile.read(pairsFile);
    Path dir = images != null ? images : defaultImages(pairsFile);
    List<Path> photos = new ArrayList<>();
    for (PairsFile.Pair p : file.pairs()) {
      photos.add(p.photo1(dir));
      photos.add(p.photo2(dir));
    }
    List<Path> distinct = photos.stream().distinct().toList();
    List<Path> missing = distinct.stream().filter(p -> !Files.isRegularFile(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(missing.size() + " photos named by " + pairsFile + " are missing, e.g. "
          + missing.get(0) + " (set --images)");
    }
    log.printf("eval: %d pairs, %d distinct photos under %s%n", file.pairs().size(), distinct.size(), dir);
    embeddings.computeAll(distinct, workers, log);

    int n = file.pairs().size();
    double[] scores = new double[n];
    boolean[] same = new boolean[n];
    int[] fold = new int[n];
    int pairsWithoutFace = 0;
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PairsFile.Pair p = file.pairs().get(i);
      PhotoEmbeddings.Result a = embeddings.get(p.photo1(dir));
      PhotoEmbeddings.Result b = embeddings.get(p.photo2(dir));
      if (a.hasFace() && b.hasFace()) {
        scores[i] = PhotoEmbeddings.cosine(a.embedding(), b.embedding());
      } else {
        scores[i] = NO_FACE_SCORE;
        pairsWithoutFace++;
      }
      same[i] = p.same();
      fold[i] = p.fold();
      (p.same() ? genuine : impostor).add(scores[i]);
    }
    long photosWithoutFace = distinct.stream().filter(p -> !embeddings.get(p).hasFace()).count();
    double[] gen = genuine.stream().mapToDouble(Double::doubleValue).toArray();
    double[] imp = impostor.stream().mapToDouble(Double::doubleValue).toArray();
    VerificationMetrics.Folds folds = VerificationMetrics.crossValidated(scores, same, fold, file.folds());
    VerificationMetrics.Best allBest = VerificationMetrics.bestThreshold(scores, same);

    out.printf(Locale.ROOT, "pairs       %d (%d same, %d different) from %s%n", n, gen.length, imp.length, pairsFile);
    out.printf(Locale.ROOT, "no face     %d of %d photos; their %d pairs scored %.0f (a failure for same pairs)%n",
        photosWithoutFace, distinct.size(), pairsWithoutFace, NO_FACE_SCORE);
    out.printf(Locale.ROOT, "accuracy    %.2f%% ± %.2f%% (%s; threshold chosen on the other folds: %.3f..%.3f)%n",
        100 * folds.mean(), 100 * folds.std(), file.foldScheme(),
        VerificationMetrics.min(folds.thresholds()), VerificationMetrics.max(folds.thresholds()));
    out.printf(Locale.ROOT, "            best single threshold on all pairs %.4f gives %.2f%%%n",
        allBest.threshold(), 100 * allBest.accuracy());
    JsonObject json = new JsonObject()
        .put("pairs", n).put("same", gen.length).put("different", imp.length)
        .put("photos", distinct.size()).put("photos_without_face", photosWithoutFace)
        .put("pairs_without_face", pairsWithoutFace).put("no_face_score", NO_FACE_SCORE)
        .put("fold_scheme", file.foldScheme())
        .put("accuracy_mean", folds.mean()).put("accuracy_std", folds.std())
        .put("fold_accuracies", toJson(folds.accuracies())).put("fold_thresholds", toJson(folds.thresholds()))
        .put("best_threshold_all", finite(allBest.threshold())).put("best_accuracy_all", allBest.accuracy());
    JsonArray atFar = new JsonArray();
    List<Double> fars = new ArrayList<>(List.of(1e-3, 1e-2));
    if (!fars.contains(far)) {
      fars.add(far);
    }
    for (double f : fars) {
      double t = VerificationMetrics.thresholdAtFar(imp, f);
      double tar = VerificationMetrics.rateAtOrAbove(gen, t);
      double achieved = VerificationMetrics.rateAtOrAbove(imp, t);
      long accepted = Math.round(achieved * imp.length);
      out.printf(Locale.ROOT, "TAR@FAR     %-6s %.2f%% at threshold %.4f (impostors accepted %d/%d%s)%n",
          shortNumber(f), 100 * tar, t, accepted, imp.length,
          f * imp.length < 1 ? "; FAR below 1/" + imp.length + " cannot be resolved, so none may pass" : "");
      atFar.add(new JsonObject().put("far", f).put("threshold", finite(t)).put("tar", tar)
          .put("far_achieved", achieved).put("impostors_accepted", accepted));
    }
    json.put("at_far", atFar);
    // Every pair's score, in file order, so other thresholds can be checked without rerunning the models.
    JsonArray perPair = new JsonArray();
    for (int i = 0; i < n; i++) {
      PairsFile.Pair p = file.pairs().get(i);
      perPair.add(new JsonArray().add(p.name1()).add(p.n1()).add(p.name2()).add(p.n2()).add(p.same()).add(p.fold())
          .add(scores[i]));
    }
    json.put("scores_columns", new JsonArray(List.of("name1", "n1", "name2", "n2", "same", "fold", "score")))
        .put("scores", perPair);
    double[] genFaces = java.util.Arrays.stream(gen).filter(v -> v != NO_FACE_SCORE).toArray();
    double[] impFaces = java.util.Arrays.stream(imp).filter(v -> v != NO_FACE_SCORE).toArray();
    out.printf(Locale.ROOT, "genuine     mean %.4f  min %.4f   (pairs with both faces found: mean %.4f  min %.4f)%n",
        VerificationMetrics.mean(gen), VerificationMetrics.min(gen), VerificationMetrics.mean(genFaces), VerificationMetrics.min(genFaces));
    out.printf(Locale.ROOT, "impostor    mean %.4f  max %.4f   (pairs with both faces found: mean %.4f)%n",
        VerificationMetrics.mean(imp), VerificationMetrics.max(imp), VerificationMetrics.mean(impFaces));
    json.put("genuine_mean", VerificationMetrics.mean(gen)).put("genuine_min", VerificationMetrics.min(gen))
        .put("impostor_mean", VerificationMetrics.mean(imp)).put("impostor_max", VerificationMetrics.max(imp))
        .put("genuine_mean_faces_found", VerificationMetrics.mean(genFaces)).put("genuine_min_faces_found", VerificationMetrics.min(genFaces))
        .put("impostor_mean_faces_found", VerificationMetrics.mean(impFaces));
    return json;
  }

  private JsonObject openSet(PhotoEmbeddings embeddings, PrintStream out, PrintStream log) throws Exception {
    List<Path> people = listDirs(gallery);
    List<String> names = new ArrayList<>();
    List<Path> enrollPhotos = new ArrayList<>();
    List<List<Path>> probePhotos = new ArrayList<>();
    for (Path person : people) {
      List<Path> files = listFiles(person, false);
      if (files.isEmpty()) {
        continue;
      }
      names.add(person.getFileName().toString());
      enrollPhotos.add(files.get(0));
      probePhotos.add(files.subList(1, files.size()));
    }
    List<Path> strangerPhotos = strangers == null ? List.of() : listFiles(strangers, true);
    List<Path> all = new ArrayList<>(enrollPhotos);
    probePhotos.forEach(all::addAll);
    all.addAll(strangerPhotos);
    log.printf("eval: open set, %d people, %d stranger photos%n", names.size(), strangerPhotos.size());
    embeddings.computeAll(all, workers, log);

    // People whose enrollment photo shows no face are not enrolled and their probes are not used.
    List<float[]> enrolled = new ArrayList<>();
    List<Integer> enrolledPerson = new ArrayList<>();
    int notEnrolled = 0;
    for (int i = 0; i < names.size(); i++) {
      PhotoEmbeddings.Result r = embeddings.get(enrollPhotos.get(i));
      if (r.hasFace()) {
        enrolled.add(r.embedding());
        enrolledPerson.add(i);
      } else {
        notEnrolled++;
      }
    }
    List<Double> matedTop = new ArrayList<>();
    List<Boolean> matedRight = new ArrayList<>();
    int matedNoFace = 0;
    for (int g = 0; g < enrolled.size(); g++) {
      for (Path probe : probePhotos.get(enrolledPerson.get(g))) {
        PhotoEmbeddings.Result r = embeddings.get(probe);
        if (!r.hasFace()) {
          matedNoFace++;
          matedTop.add(NO_FACE_SCORE);
          matedRight.add(false);
          continue;
        }
        int best = top(enrolled, r.embedding());
        matedTop.add(PhotoEmbeddings.cosine(enrolled.get(best), r.embedding()));
        matedRight.add(best == g);
      }
    }
    List<Double> strangerTop = new ArrayList<>();
    List<String> strangerMatch = new ArrayList<>();
    int strangerNoFace = 0;
    for (Path probe : strangerPhotos) {
      PhotoEmbeddings.Result r = embeddings.get(probe);
      if (!r.hasFace()) {
        strangerNoFace++;
        strangerTop.add(NO_FACE_SCORE);
        strangerMatch.add(null);
        continue;
      }
      int best = top(enrolled, r.embedding());
      strangerTop.add(PhotoEmbeddings.cosine(enrolled.get(best), r.embedding()));
      strangerMatch.add(names.get(enrolledPerson.get(best)));
    }
    double[] mTop = matedTop.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] mRight = new boolean[matedRight.size()];
    int rank1 = 0;
    for (int i = 0; i < mRight.length; i++) {
      mRight[i] = matedRight.get(i);
      rank1 += mRight[i] ? 1 : 0;
    }
    double[] sTop = strangerTop.stream().mapToDouble(Double::doubleValue).toArray();

    out.printf(Locale.ROOT, "open set    gallery %d enrolled (%d not: no face in the first photo), %d mated probes (%d no face), "
        + "%d strangers (%d no face)%n", enrolled.size(), notEnrolled, mTop.length, matedNoFace, sTop.length, strangerNoFace);
    out.printf(Locale.ROOT, "            rank-1 %.2f%% (no threshold); no-face probes count as misses / never as false positives%n",
        100.0 * rank1 / Math.max(1, mTop.length));
    out.println("            | threshold | DIR | FPIR |");
    out.println("            |---|---|---|");
    JsonArray table = new JsonArray();
    for (int k = 0; k <= 16; k++) {
      double t = Math.round((0.30 + 0.025 * k) * 1000) / 1000.0;
      double dir = VerificationMetrics.detectionAndIdentificationRate(mTop, mRight, t);
      double fp = VerificationMetrics.rateAtOrAbove(sTop, t);
      out.printf(Locale.ROOT, "            | %.3f | %.2f%% | %.2f%% |%n", t, 100 * dir, 100 * fp);
      table.add(new JsonObject().put("threshold", t).put("dir", dir).put("fpir", fp));
    }
    JsonObject json = new JsonObject().put("enrolled", enrolled.size()).put("not_enrolled", notEnrolled)
        .put("mated_probes", mTop.length).put("mated_no_face", matedNoFace)
        .put("stranger_probes", sTop.length).put("stranger_no_face", strangerNoFace)
        .put("rank1", (double) rank1 / Math.max(1, mTop.length)).put("table", table);
    if (sTop.length > 0) {
      double t = VerificationMetrics.thresholdAtFar(sTop, fpir);
      double dir = VerificationMetrics.detectionAndIdentificationRate(mTop, mRight, t);
      double fp = VerificationMetrics.rateAtOrAbove(sTop, t);
      out.printf(Locale.ROOT, "FPIR<=%s   threshold %.4f: DIR %.2f%%, FPIR %.2f%% (%d/%d strangers accepted); max stranger %.4f%n",
          shortNumber(fpir), t, 100 * dir, 100 * fp, Math.round(fp * sTop.length), sTop.length, VerificationMetrics.max(sTop));
      json.put("fpir_target", fpir).put("threshold_at_fpir", finite(t)).put("dir_at_fpir", dir).put("fpir_achieved", fp)
          .put("stranger_max", VerificationMetrics.max(sTop));
      // The strangers that pass 0.5 or more, with the person they matched: worth a look by eye.
      JsonArray close = new JsonArray();
      for (int i = 0; i < sTop.length; i++) {
        if (sTop[i] >= 0.5) {
          close.add(new JsonObject().put("stranger", strangerPhotos.get(i).getFileName().toString())
              .put("matched", strangerMatch.get(i)).put("score", sTop[i]));
        }
      }
      json.put("strangers_at_or_above_0_5", close);
    }
    return json;
  }

  private static int top(List<float[]> gallery, float[] probe) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < gallery.size(); i++) {
      double s = PhotoEmbeddings.cosine(gallery.get(i), probe);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return best;
  }

  static Path defaultImages(Path pairs) {
    Path parent = pairs.toAbsolutePath().getParent();
    Path people = parent.resolve("people");
    return Files.isDirectory(people) ? people : parent;
  }

  private static List<Path> listDirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
  }

  /** Regular files sorted by path (so by file name within a folder); hidden files are skipped. */
  private static List<Path> listFiles(Path dir, boolean recursive) throws IOException {
    try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().collect(Collectors.toList());
    }
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
