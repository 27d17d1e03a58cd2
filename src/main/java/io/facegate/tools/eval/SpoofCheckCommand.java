package io.facegate.tools.eval;

import io.facegate.config.FacegateConfig;
import io.facegate.vision.Detection;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.PipelineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How the anti-spoofing score behaves on real photos and on synthetic screen/print re-renderings of
 * the same photos: the share of each flagged at the configured liveness threshold.
 */
@Command(
    name = "spoofcheck",
    mixinStandardHelpOptions = true,
    description =
        "Anti-spoofing score on real photos vs SYNTHETIC screen/print re-renderings of them.")
public final class SpoofCheckCommand implements Callable<Integer> {
  @Option(
      names = "--photos",
      defaultValue = "../shared/faces/people",
      description = "folder of real photos, searched recursively (default ${DEFAULT-VALUE})")
  Path photos;

  @Override
  public Integer call() throws IOException {
    FacegateConfig config = FacegateConfig.load();
    double threshold = config.decisions().thresholds().livenessThreshold();
    PipelineSettings base = config.pipelineSettings();
    PipelineSettings settings =
        new PipelineSettings(
            base.detector(),
            base.minDetectionScore(),
            base.limits(),
            base.inference(),
            true,
            base.meshAlignment());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(photos)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    int[] flagged = new int[3];
    int[] scored = new int[3];
    String[] kinds = {"real", "synthetic screen", "synthetic print"};
    List<UnaryOperator<Mat>> renderings =
        List.of(UnaryOperator.identity(), SyntheticSpoofs::screen, SyntheticSpoofs::print);
    try (FacePipeline pipeline = FacePipeline.load(config.pipeline().models(), settings)) {
      for (Path file : files) {
        try (Mat image = pipeline.decode(Files.readAllBytes(file))) {
          for (int k = 0; k < renderings.size(); k++) {
            Mat rendered = renderings.get(k).apply(image);
            try {
              Optional<Float> score =
                  largestFace(pipeline, rendered)
                      .flatMap(face -> pipeline.spoofScore(rendered, face));
              if (score.isPresent()) {
                scored[k]++;
                flagged[k] += score.get() >= threshold ? 1 : 0;
              }
            } finally {
              if (rendered != image) {
                rendered.close();
              }
            }
          }
        } catch (RuntimeException e) {
          System.err.println("skipped " + file + ": " + e.getMessage());
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "anti-spoofing score >= %.2f counts as flagged (photos from %s)%n",
        threshold,
        photos);
    System.out.println("| input | faces scored | flagged as spoof |");
    System.out.println("|---|---|---|");
    for (int k = 0; k < kinds.length; k++) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d (%.0f%%) |%n",
          kinds[k],
          scored[k],
          flagged[k],
          scored[k] == 0 ? 0 : 100.0 * flagged[k] / scored[k]);
    }
    return 0;
  }

  private static Optional<Detection> largestFace(FacePipeline pipeline, Mat image) {
    return pipeline.detect(image).stream().max(Comparator.comparingDouble(Detection::area));
  }
}
