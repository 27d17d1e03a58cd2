package io.facegate.tools.bench;

import io.facegate.config.FacegateConfig;
import io.facegate.vision.DetectorChoice;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.InferenceSettings;
import io.facegate.vision.ModelRepository;
import io.facegate.vision.PipelineSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Per-stage latency of the pipeline on one thread of work (no concurrency between photos): decode,
 * detect, align and embed of the largest face, for each detector and each intra-op thread count. A
 * measurement tool, not a test; numbers depend on whatever else the machine is doing.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Time the pipeline stages (median/p95 ms) over a folder of photos; prints markdown tables.")
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--photos",
      defaultValue = "../shared/faces/people",
      description = "folder of photos, searched recursively (default ${DEFAULT-VALUE})")
  Path photos;

  @Option(
      names = "--large",
      description =
          "a ~1 MP JPEG for the separate decode timing (default <photos>/obama/obama.jpg)")
  Path large;

  @Option(
      names = "--threads",
      split = ",",
      defaultValue = "1,2",
      description = "intra-op thread counts to compare (default ${DEFAULT-VALUE})")
  List<Integer> threads;

  @Option(
      names = "--detectors",
      split = ",",
      defaultValue = "front,back",
      description = "detectors to compare (default ${DEFAULT-VALUE})")
  List<String> detectors;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "untimed passes over all photos per configuration (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--iterations",
      defaultValue = "5",
      description = "timed passes over all photos per configuration (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(
      names = "--large-iterations",
      defaultValue = "50",
      description = "timed decodes of the large JPEG (default ${DEFAULT-VALUE})")
  int largeIterations;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    List<Path> files = imageFiles(photos);
    if (files.isEmpty()) {
      System.err.println("bench: no photos under " + photos);
      return 2;
    }
    List<byte[]> data = new ArrayList<>();
    for (Path f : files) {
      data.add(Files.readAllBytes(f));
    }
    FacegateConfig config = FacegateConfig.load();
    PipelineSettings base = config.pipelineSettings();
    ModelRepository models = config.pipeline().models();

    out.printf(Locale.ROOT, "## facegate pipeline stages%n%n");
    out.printf(
        Locale.ROOT,
        "%d photos under %s; %d warm-up + %d timed passes per row; largest face per photo; "
            + "min detection score %.2f; %d CPUs visible, load average %.2f at start; %s %s%n%n",
        files.size(),
        photos,
        warmup,
        iterations,
        base.minDetectionScore(),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    out.println(
        "| threads | detector | decode | detect | align | embed | align+embed | total | faces/photos |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    Mat largeImage = null;
    for (int n : threads) {
      for (String d : detectors) {
        DetectorChoice detector = DetectorChoice.parse(d);
        PipelineSettings settings =
            new PipelineSettings(
                detector,
                base.minDetectionScore(),
                base.limits(),
                new InferenceSettings(n),
                false,
                base.meshAlignment());
        try (FacePipeline pipeline = FacePipeline.load(models, settings)) {
          Row row = run(pipeline, data);
          out.printf(
              Locale.ROOT,
              "| %d | %s %d | %s | %s | %s | %s | %s | %s | %d/%d |%n",
              n,
              detector.name().toLowerCase(),
              detector.inputSize(),
              row.decode,
              row.detect,
              row.align,
              row.embed,
              row.alignEmbed,
              row.total,
              row.faces,
              data.size());
        }
      }
    }
    out.println();
    out.println(
        "Cells are median / p95 in ms. detect includes resize/letterbox to the input size; total = decode + detect + "
            + "align + embed of the largest face (photos with no face add no align/embed sample).");
    out.println();
    Path largeFile = large != null ? large : photos.resolve("obama").resolve("obama.jpg");
    if (Files.isRegularFile(largeFile)) {
      byte[] bytes = Files.readAllBytes(largeFile);
      try (FacePipeline pipeline = FacePipeline.load(models, base)) {
        double[] ms = new double[largeIterations];
        int w = 0, h = 0;
        for (int i = -Math.max(5, warmup); i < largeIterations; i++) {
          long t0 = System.nanoTime();
          try (Mat m = pipeline.decode(bytes)) {
            if (i >= 0) {
              ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            w = m.cols();
            h = m.rows();
          }
        }
        out.printf(
            Locale.ROOT,
            "| large JPEG decode | size | median | p95 |%n|---|---|---|---|%n| %s | %dx%d (%.2f MP, %d KB) | %.2f | %.2f |%n",
            largeFile.getFileName(),
            w,
            h,
            w * h / 1e6,
            bytes.length / 1024,
            percentile(ms, 50),
            percentile(ms, 95));
      }
    } else {
      out.println("(large JPEG " + largeFile + " not found; decode timing skipped)");
    }
    out.printf(
        Locale.ROOT,
        "%nload average at end %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return 0;
  }

  private record Row(
      String decode,
      String detect,
      String align,
      String embed,
      String alignEmbed,
      String total,
      int faces) {}

  private Row run(FacePipeline pipeline, List<byte[]> data) {
    List<Double> decode = new ArrayList<>(),
        detect = new ArrayList<>(),
        align = new ArrayList<>(),
        embed = new ArrayList<>(),
        alignEmbed = new ArrayList<>(),
        total = new ArrayList<>();
    int faces = 0;
    for (int pass = -warmup; pass < iterations; pass++) {
      faces = 0;
      for (byte[] bytes : data) {
        StageTimes t = StageTimes.measure(pipeline, bytes);
        faces += t.face() ? 1 : 0;
        if (pass >= 0) {
          decode.add(t.decode());
          detect.add(t.detect());
          if (t.face()) {
            align.add(t.align());
            embed.add(t.embed());
            alignEmbed.add(t.align() + t.embed());
          }
          total.add(t.total());
        }
      }
    }
    return new Row(
        cell(decode), cell(detect), cell(align), cell(embed), cell(alignEmbed), cell(total), faces);
  }

  private static String cell(List<Double> samples) {
    if (samples.isEmpty()) {
      return "-";
    }
    double[] v = samples.stream().mapToDouble(Double::doubleValue).toArray();
    return String.format(Locale.ROOT, "%.2f / %.2f", percentile(v, 50), percentile(v, 95));
  }

  /** Nearest-rank percentile. */
  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static List<Path> imageFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p ->
                  p.getFileName()
                      .toString()
                      .toLowerCase(Locale.ROOT)
                      .matches(".*\\.(jpe?g|png|bmp|webp)"))
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
