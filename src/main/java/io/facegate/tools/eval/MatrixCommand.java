package io.facegate.tools.eval;

import io.facegate.cli.ProgressBar;
import io.facegate.config.FacegateConfig;
import io.facegate.tools.bench.StageTimes;
import io.facegate.vision.DetectorChoice;
import io.facegate.vision.EmbedderChoice;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.PipelineSettings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Accuracy and speed of pipeline options side by side: every combination of detector, alignment and
 * embedder on the labeled sets under one folder, one Markdown row each. A set missing from the
 * folder leaves its columns empty.
 */
@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    description =
        "Compare detector x alignment x embedder on colour-dev, lfw-dev (pairs and open set) and people; prints one Markdown table.")
public final class MatrixCommand implements Callable<Integer> {
  private static final double FAR = 1e-3;
  private static final double FPIR = 0.01;

  @Option(
      names = "--faces",
      defaultValue = "../shared/faces",
      description = "folder holding colour-dev/, lfw-dev/ and people/ (default ${DEFAULT-VALUE})")
  Path faces;

  @Option(
      names = "--detectors",
      split = ",",
      defaultValue = "back,front-then-back,front",
      description = "default ${DEFAULT-VALUE}")
  List<String> detectors;

  @Option(
      names = "--alignments",
      split = ",",
      defaultValue = "mesh,detector",
      description = "default ${DEFAULT-VALUE}")
  List<String> alignments;

  @Option(
      names = "--embedders",
      split = ",",
      defaultValue = "mobilefacenet,fr_feature",
      description = "default ${DEFAULT-VALUE}")
  List<String> embedders;

  @Option(
      names = "--only",
      split = ",",
      description =
          "instead of every combination, these: detector/alignment/embedder, e.g. back/mesh/mobilefacenet")
  List<String> only;

  @Option(
      names = "--frame",
      description =
          "the frame timed for ms per frame (default <faces>/people/obama/obama-480p.jpg)")
  Path frame;

  @Option(
      names = "--runs",
      defaultValue = "50",
      description = "timed runs on the frame; the median is reported (default ${DEFAULT-VALUE})")
  int runs;

  @Option(
      names = "--workers",
      defaultValue = "1",
      description = "photos processed in parallel (default ${DEFAULT-VALUE})")
  int workers;

  /** One combination of the three choices. */
  record Options(DetectorChoice detector, boolean mesh, EmbedderChoice embedder) {
    static Options parse(String value) {
      String[] parts = value.split("/");
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "--only takes detector/alignment/embedder, got '" + value + "'");
      }
      return new Options(
          DetectorChoice.parse(parts[0]), mesh(parts[1]), EmbedderChoice.parse(parts[2]));
    }

    static boolean mesh(String alignment) {
      return switch (alignment.trim().toLowerCase()) {
        case "mesh" -> true;
        case "detector" -> false;
        default ->
            throw new IllegalArgumentException(
                "alignment must be 'mesh' or 'detector', got '" + alignment + "'");
      };
    }

    String cells() {
      return detector.setting() + " | " + (mesh ? "mesh" : "detector") + " | " + embedder.setting();
    }
  }

  @Override
  public Integer call() throws Exception {
    return run(FacegateConfig.load(), System.out);
  }

  /** The table on {@code out} (progress on stderr), with the other settings from {@code config}. */
  int run(FacegateConfig config, PrintStream out) throws Exception {
    PrintStream log = System.err;
    List<Options> rows = combinations();
    PipelineSettings base = config.pipelineSettings();
    Path colour = faces.resolve("colour-dev");
    Path lfw = faces.resolve("lfw-dev");
    Path people = faces.resolve("people");
    Path frameFile = frame != null ? frame : people.resolve("obama").resolve("obama-480p.jpg");
    byte[] frameBytes = Files.isRegularFile(frameFile) ? Files.readAllBytes(frameFile) : null;

    out.println(
        "| detector | alignment | embedder | colour-dev accuracy | colour-dev TAR@FAR1e-3 | colour-dev no face "
            + "| lfw-dev accuracy | lfw-dev TAR@FAR1e-3 | lfw-dev no face | lfw-dev DIR@FPIR1% "
            + "| people same min / different max | ms per frame |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Options o : rows) {
      log.printf("eval matrix: %s%n", o.cells().replace(" | ", "/"));
      PipelineSettings settings = base.with(o.detector(), o.mesh(), o.embedder());
      try (FacePipeline pipeline = FacePipeline.load(config.pipeline().models(), settings)) {
        PhotoEmbeddings embeddings = new PhotoEmbeddings(config.faceReader(pipeline));
        List<String> cells = new ArrayList<>();
        cells.addAll(pairs(colour.resolve("pairs.txt"), colour, embeddings));
        cells.addAll(pairs(lfw.resolve("pairs.txt"), lfw.resolve("people"), embeddings));
        cells.add(openSet(lfw.resolve("people"), lfw.resolve("strangers"), embeddings));
        cells.add(separation(people, embeddings));
        cells.add(
            frameBytes == null
                ? ""
                : String.format(Locale.ROOT, "%.1f", msPerFrame(pipeline, frameBytes)));
        out.println("| " + o.cells() + " | " + String.join(" | ", cells) + " |");
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "Accuracy: 10-fold (threshold chosen on the other folds); TAR at FAR %s on the pairs' own impostors; "
            + "DIR at FPIR %s: first photo of each lfw-dev person enrolled, the others probe, strangers/ as non-mated probes; "
            + "ms per frame: detect + align + embed of the largest face in %s, median of %d runs after 5 warm-up runs, "
            + "%d inference thread(s); %d CPUs visible, load average %.2f at the end.%n",
        "1e-3",
        "1%",
        frameFile.getFileName(),
        runs,
        base.inference().intraOpThreads(),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return 0;
  }

  private List<Options> combinations() {
    if (only != null) {
      return only.stream().map(Options::parse).toList();
    }
    List<Options> all = new ArrayList<>();
    for (String d : detectors) {
      for (String a : alignments) {
        for (String e : embedders) {
          all.add(new Options(DetectorChoice.parse(d), Options.mesh(a), EmbedderChoice.parse(e)));
        }
      }
    }
    return all;
  }

  /**
   * Accuracy ± std, TAR at FAR 1e-3 and photos without a face, or three empty cells without the
   * pairs file.
   */
  private List<String> pairs(Path pairsFile, Path images, PhotoEmbeddings embeddings)
      throws Exception {
    if (!Files.isRegularFile(pairsFile)) {
      return List.of("", "", "");
    }
    PairsRun run =
        PairsRun.run(
            PairsFile.read(pairsFile),
            images,
            embeddings,
            workers,
            ProgressBar.onStderr("photos")::done);
    VerificationMetrics.Folds folds = run.folds();
    return List.of(
        String.format(Locale.ROOT, "%.2f%% ± %.2f", 100 * folds.mean(), 100 * folds.std()),
        String.format(Locale.ROOT, "%.2f%%", 100 * run.tarAtFar(FAR)),
        run.photos().stream().filter(p -> !embeddings.get(p).hasFace()).count()
            + "/"
            + run.photos().size());
  }

  private String openSet(Path gallery, Path strangers, PhotoEmbeddings embeddings)
      throws Exception {
    if (!Files.isDirectory(gallery) || !Files.isDirectory(strangers)) {
      return "";
    }
    List<OpenSet.Entry> entries = OpenSet.gallery(gallery);
    List<Path> strangerPhotos = LabeledFolder.files(strangers, true);
    List<Path> all = new ArrayList<>(strangerPhotos);
    entries.forEach(
        e -> {
          all.add(e.enroll());
          all.addAll(e.probes());
        });
    embeddings.computeAll(all, workers, ProgressBar.onStderr("photos")::done);
    OpenSet run = OpenSet.run(entries, strangerPhotos, embeddings);
    return String.format(Locale.ROOT, "%.2f%%", 100 * run.dir(run.thresholdAtFpir(FPIR)));
  }

  /**
   * The lowest same-person and the highest different-person score over all pairs of a labeled
   * folder.
   */
  private String separation(Path people, PhotoEmbeddings embeddings) throws Exception {
    if (!Files.isDirectory(people)) {
      return "";
    }
    PeopleEval eval =
        PeopleEval.run(
            people, null, null, embeddings, workers, ProgressBar.onStderr("photos")::done);
    return String.format(
        Locale.ROOT,
        "%.3f / %.3f",
        VerificationMetrics.min(eval.pairs().genuine()),
        VerificationMetrics.max(eval.pairs().impostor()));
  }

  /** Median ms of detect + align + embed (decode excluded: it does not depend on these options). */
  private double msPerFrame(FacePipeline pipeline, byte[] bytes) {
    for (int i = 0; i < 5; i++) {
      StageTimes.measure(pipeline, bytes);
    }
    double[] ms = new double[Math.max(1, runs)];
    for (int i = 0; i < ms.length; i++) {
      StageTimes t = StageTimes.measure(pipeline, bytes);
      ms[i] = t.total() - t.decode();
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }
}
