package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * MediaPipe BlazeFace (front 128 or back 256 input). The photo is letterboxed to a square so its
 * aspect ratio is kept; the two output heads are a 16x16 grid with 2 anchors per cell and an 8x8
 * grid with 6; overlapping candidates are blended by score as MediaPipe does.
 */
public final class FaceDetector {
  private static final String SCORES_16 = "Identity:0";
  private static final String SCORES_8 = "Identity_1:0";
  private static final String BOXES_16 = "Identity_2:0";
  private static final String BOXES_8 = "Identity_3:0";
  private static final float BLEND_IOU = 0.3f;

  /** A weaker box lying mostly inside a stronger one is a part of that face, not another face. */
  private static final float CONTAINED = 0.5f;

  private final OnnxModel model;
  private final int inputSize;
  private final float minScore;
  private final InputBuffers inputs = new InputBuffers();

  public FaceDetector(OnnxModel model, int inputSize, float minScore) {
    this.model = model;
    this.inputSize = inputSize;
    this.minScore = minScore;
  }

  public int inputSize() {
    return inputSize;
  }

  /** All faces in a BGR image, highest score first, in the image's own pixel coordinates. */
  public List<Detection> detect(Mat bgr) {
    Letterbox box = Letterbox.of(bgr.cols(), bgr.rows(), inputSize);
    FloatBuffer input = toInput(bgr, box);
    Map<String, float[]> out = model.run(input, new long[] {1, inputSize, inputSize, 3});
    List<Detection> candidates = new ArrayList<>();
    decode(out.get(SCORES_16), out.get(BOXES_16), 16, 2, box, candidates);
    decode(out.get(SCORES_8), out.get(BOXES_8), 8, 6, box, candidates);
    return blend(candidates);
  }

  private FloatBuffer toInput(Mat bgr, Letterbox box) {
    try (Mat resized = new Mat();
        Mat square = new Mat();
        Mat rgb = new Mat();
        Mat floats = new Mat()) {
      if (box.scale < 1) { // averaged, so a large photo does not alias into the small input
        AreaShrink.to(bgr, resized, box.scaledWidth, box.scaledHeight);
      } else {
        resize(bgr, resized, new Size(box.scaledWidth, box.scaledHeight), 0, 0, INTER_LINEAR);
      }
      copyMakeBorder(
          resized,
          square,
          box.padTop,
          inputSize - box.scaledHeight - box.padTop,
          box.padLeft,
          inputSize - box.scaledWidth - box.padLeft,
          BORDER_CONSTANT,
          Scalar.all(0));
      cvtColor(square, rgb, COLOR_BGR2RGB);
      rgb.convertTo(floats, CV_32FC3, 1 / 127.5, -1.0);
      FloatBuffer data = floats.createBuffer();
      FloatBuffer input = inputs.take(data.remaining());
      input.put(data).flip();
      return input;
    }
  }

  private void decode(
      float[] scores,
      float[] boxes,
      int cells,
      int anchorsPerCell,
      Letterbox box,
      List<Detection> into) {
    float size = inputSize;
    for (int row = 0; row < scores.length; row++) {
      float score = sigmoid(scores[row]);
      if (score < minScore) {
        continue;
      }
      int cell = row / anchorsPerCell;
      float anchorX = (cell % cells + 0.5f) / cells;
      float anchorY = (cell / cells + 0.5f) / cells;
      int o = row * 16;
      float cx = anchorX + boxes[o] / size;
      float cy = anchorY + boxes[o + 1] / size;
      float w = boxes[o + 2] / size;
      float h = boxes[o + 3] / size;
      List<Point> keypoints = new ArrayList<>(6);
      for (int k = 0; k < 6; k++) {
        keypoints.add(
            box.toImage(
                anchorX + boxes[o + 4 + 2 * k] / size, anchorY + boxes[o + 5 + 2 * k] / size));
      }
      Point topLeft = box.toImage(cx - w / 2, cy - h / 2);
      Point bottomRight = box.toImage(cx + w / 2, cy + h / 2);
      into.add(
          new Detection(
              topLeft.x(),
              topLeft.y(),
              bottomRight.x() - topLeft.x(),
              bottomRight.y() - topLeft.y(),
              score,
              List.copyOf(keypoints)));
    }
  }

  /**
   * MediaPipe's weighted suppression: overlapping candidates are averaged, weighted by score. Then
   * faces mostly covered by a stronger face are dropped (seen on tight crops, where a shifted
   * half-face scores 0.5-0.7 beside the real one).
   */
  static List<Detection> blend(List<Detection> candidates) {
    List<Detection> remaining = new ArrayList<>(candidates);
    remaining.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> faces = new ArrayList<>();
    while (!remaining.isEmpty()) {
      Detection best = remaining.get(0);
      List<Detection> cluster = new ArrayList<>();
      List<Detection> rest = new ArrayList<>();
      for (Detection d : remaining) {
        (best.iou(d) > BLEND_IOU ? cluster : rest).add(d);
      }
      Detection face = weightedMean(cluster, best.score());
      if (!partOfAny(face, faces)) {
        faces.add(face);
      }
      remaining = rest;
    }
    return faces;
  }

  /** Whether {@code face} mostly covers or lies in one of the {@code stronger} faces. */
  static boolean partOfAny(Detection face, List<Detection> stronger) {
    return stronger.stream().anyMatch(s -> face.overlapOfSmaller(s) > CONTAINED);
  }

  private static Detection weightedMean(List<Detection> cluster, float score) {
    float total = 0;
    float x = 0;
    float y = 0;
    float w = 0;
    float h = 0;
    float[] kx = new float[6];
    float[] ky = new float[6];
    for (Detection d : cluster) {
      float s = d.score();
      total += s;
      x += d.x() * s;
      y += d.y() * s;
      w += d.width() * s;
      h += d.height() * s;
      for (int k = 0; k < 6; k++) {
        kx[k] += d.keypoint(k).x() * s;
        ky[k] += d.keypoint(k).y() * s;
      }
    }
    List<Point> keypoints = new ArrayList<>(6);
    for (int k = 0; k < 6; k++) {
      keypoints.add(new Point(kx[k] / total, ky[k] / total));
    }
    return new Detection(x / total, y / total, w / total, h / total, score, List.copyOf(keypoints));
  }

  private static float sigmoid(float v) {
    return (float) (1 / (1 + Math.exp(-v)));
  }

  /** Where the photo sits inside the square model input, to map detections back. */
  private record Letterbox(
      int scaledWidth, int scaledHeight, int padLeft, int padTop, double scale, int inputSize) {
    static Letterbox of(int width, int height, int inputSize) {
      double scale = (double) inputSize / Math.max(width, height);
      int w = Math.max(1, (int) Math.round(width * scale));
      int h = Math.max(1, (int) Math.round(height * scale));
      return new Letterbox(w, h, (inputSize - w) / 2, (inputSize - h) / 2, scale, inputSize);
    }

    Point toImage(float nx, float ny) {
      return new Point(
          (float) ((nx * inputSize - padLeft) / scale),
          (float) ((ny * inputSize - padTop) / scale));
    }
  }
}
