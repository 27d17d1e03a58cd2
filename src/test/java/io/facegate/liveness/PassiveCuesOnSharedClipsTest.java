package io.facegate.liveness;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.facegate.testing.EvaluationTier;
import io.facegate.testing.Models;
import io.facegate.testing.TestPhotos;
import io.facegate.vision.Detection;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.OnnxModel;
import io.facegate.vision.SpoofDetector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Passive (single-image) cues on the shared sequences: the shipped anti-spoofing network, the
 * 3-class fr_liveness network of npm faceplugin-face-recognition-js@0.0.1 (read from
 * models/fr_liveness.onnx when someone extracted it there; it is not shipped) and the cheap cues of
 * {@link PassiveCues}. Each sequence gets the median of its frames; the table shows, per score, the
 * fewest errors any single threshold makes on these sequences, an optimistic figure because the
 * threshold is fitted to the very material it is counted on. A measurement of several minutes, so
 * it runs only when asked for ({@code -Dfacegate.measure=passive-cues}).
 */
@EvaluationTier
@EnabledIfSystemProperty(named = "facegate.measure", matches = "passive-cues")
class PassiveCuesOnSharedClipsTest {
  private static final Path FR_LIVENESS = Path.of("models/fr_liveness.onnx");

  @Test
  void printsHowEachPassiveScoreSeparatesTheSequences() throws IOException {
    assumeTrue(SharedClips.present(), "shared/faces/liveness is absent");
    FacePipeline pipeline = Models.pipeline();
    var inference = Models.defaults().pipelineSettings().inference();
    SpoofDetector antispoof =
        new SpoofDetector(
            new OnnxModel(
                "antispoof.onnx", Files.readAllBytes(Path.of("models/antispoof.onnx")), inference));
    Optional<OnnxModel> frLiveness =
        Files.exists(FR_LIVENESS)
            ? Optional.of(
                new OnnxModel("fr_liveness.onnx", Files.readAllBytes(FR_LIVENESS), inference))
            : Optional.empty();
    List<String> names = new ArrayList<>(List.of("antispoof.onnx (attack score)"));
    frLiveness.ifPresent(m -> names.add("fr_liveness.onnx (class 0 = live)"));
    names.addAll(List.of(PassiveCues.NAMES));

    List<SharedClips.Sequence> sequences = SharedClips.sequences();
    double[][] medians = new double[sequences.size()][];
    StringBuilder table = new StringBuilder("| sequence | kind | " + String.join(" | ", names));
    table.append(" |\n|---|---|").append("---|".repeat(names.size())).append('\n');
    for (int s = 0; s < sequences.size(); s++) {
      SharedClips.Sequence sequence = sequences.get(s);
      List<double[]> frames = new ArrayList<>();
      for (Path file : sequence.files()) {
        try (Mat bgr = pipeline.decode(TestPhotos.read(file))) {
          Optional<Detection> face =
              pipeline.detect(bgr).stream().max(Comparator.comparingDouble(Detection::area));
          if (face.isEmpty()) {
            continue;
          }
          List<Double> scores = new ArrayList<>();
          scores.add((double) antispoof.score(bgr, face.get()));
          frLiveness.ifPresent(m -> scores.add(liveProbability(m, bgr, face.get())));
          for (double cue : PassiveCues.of(bgr, face.get())) {
            scores.add(cue);
          }
          frames.add(scores.stream().mapToDouble(Double::doubleValue).toArray());
        }
      }
      medians[s] = new double[names.size()];
      table.append("| ").append(sequence.name()).append(" | ").append(sequence.kind());
      for (int k = 0; k < names.size(); k++) {
        final int column = k;
        medians[s][k] = median(frames.stream().mapToDouble(f -> f[column]).toArray());
        table.append(String.format(Locale.ROOT, " | %.3f", medians[s][k]));
      }
      table.append(" |\n");
    }
    table.append(
        "\n| score | best single threshold | bona fide refused | print accepted | replay accepted |\n");
    table.append("|---|---|---|---|---|\n");
    for (int k = 0; k < names.size(); k++) {
      table.append(bestThreshold(names.get(k), sequences, medians, k));
    }
    System.out.println(table);
    assertTrue(sequences.size() > 0);
  }

  /**
   * The threshold (and side) with the fewest bona fide refusals plus attacks accepted, trying every
   * midpoint between two sequence medians.
   */
  private static String bestThreshold(
      String name, List<SharedClips.Sequence> sequences, double[][] medians, int k) {
    double[] values = Arrays.stream(medians).mapToDouble(m -> m[k]).sorted().toArray();
    String best = "";
    int fewest = Integer.MAX_VALUE;
    for (int i = 0; i + 1 < values.length; i++) {
      double threshold = (values[i] + values[i + 1]) / 2;
      for (int side : new int[] {1, -1}) {
        int[] errors = new int[3], totals = new int[3];
        for (int s = 0; s < sequences.size(); s++) {
          int kind = List.of("bona fide", "print", "replay").indexOf(sequences.get(s).kind());
          boolean live = side * (medians[s][k] - threshold) < 0;
          totals[kind]++;
          errors[kind] += (kind == 0) != live ? 1 : 0;
        }
        int sum = errors[0] + errors[1] + errors[2];
        if (sum < fewest) {
          fewest = sum;
          best =
              String.format(
                  Locale.ROOT,
                  "| %s | live %s %.3f | %d/%d | %d/%d | %d/%d |%n",
                  name,
                  side > 0 ? "below" : "above",
                  threshold,
                  errors[0],
                  totals[0],
                  errors[1],
                  totals[1],
                  errors[2],
                  totals[2]);
        }
      }
    }
    return best;
  }

  /**
   * As the package's JavaScript does it: a square crop 2.7 times the face box (shifted to stay in
   * the image), 128x128 RGB, raw 0-255 values, channels first; the softmax of class 0 is "live".
   */
  private static double liveProbability(OnnxModel model, Mat bgr, Detection face) {
    double scale =
        Math.min(Math.min((bgr.rows() - 1) / face.height(), (bgr.cols() - 1) / face.width()), 2.7);
    double w = face.width() * scale, h = face.height() * scale;
    double cx = face.x() + face.width() / 2, cy = face.y() + face.height() / 2;
    int left = (int) Math.max(0, Math.min(cx - w / 2, bgr.cols() - 1 - w));
    int top = (int) Math.max(0, Math.min(cy - h / 2, bgr.rows() - 1 - h));
    FloatBuffer input = FloatBuffer.allocate(3 * 128 * 128);
    try (Mat crop = new Mat(bgr, new Rect(left, top, (int) w, (int) h));
        Mat small = new Mat();
        Mat rgb = new Mat()) {
      resize(crop, small, new Size(128, 128), 0, 0, INTER_LINEAR);
      cvtColor(small, rgb, COLOR_BGR2RGB);
      ByteBuffer p = rgb.createBuffer();
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 128 * 128; i++) {
          input.put(p.get(3 * i + c) & 0xff);
        }
      }
    }
    input.flip();
    float[] logits = model.run(input, new long[] {1, 3, 128, 128}).values().iterator().next();
    double max = Double.NEGATIVE_INFINITY, sum = 0;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return Math.exp(logits[0] - max) / sum;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
  }
}
