package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * MediaPipe face mesh (468 points) run on the detected face, to place the five alignment points
 * (eye centres, nose tip, mouth corners) far more precisely than BlazeFace's six coarse key points.
 * The region of interest is MediaPipe's own: the detector box enlarged 1.5x to a square, rotated so
 * the eyes are level, warped to the model's 192x192 input in [0, 1].
 */
public final class FaceLandmarker {
  public static final String FILE = "face-landmark.onnx";
  static final int SIZE = 192;
  private static final float ROI_SCALE = 1.5f;

  /** Mesh indices of the contour of the subject's right eye (image left), then the left eye. */
  private static final int[] RIGHT_EYE = {
    33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246
  };

  private static final int[] LEFT_EYE = {
    263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466
  };
  private static final int NOSE_TIP = 1;
  private static final int MOUTH_RIGHT = 61;
  private static final int MOUTH_LEFT = 291;

  /**
   * The mesh and how sure the model is that its input shows a face (sigmoid of its face-flag logit,
   * 0-1).
   */
  public record Reading(FaceMesh mesh, double presence) {}

  private final OnnxModel model;
  private final InputBuffers inputs = new InputBuffers();

  public FaceLandmarker(OnnxModel model) {
    this.model = model;
  }

  /**
   * The subject's right eye centre, left eye centre, nose tip, right and left mouth corner, in the
   * photo's pixels.
   */
  public List<Point> fivePoints(Mat bgr, Detection face) {
    return fivePoints(mesh(bgr, face));
  }

  /** The five alignment points of a mesh, in the order of {@link #fivePoints(Mat, Detection)}. */
  public static List<Point> fivePoints(FaceMesh mesh) {
    return List.of(
        mean(mesh, RIGHT_EYE),
        mean(mesh, LEFT_EYE),
        mesh.point(NOSE_TIP),
        mesh.point(MOUTH_RIGHT),
        mesh.point(MOUTH_LEFT));
  }

  /**
   * All 468 landmarks, mapped from the model's input back to the photo's pixels (depth scaled
   * alike).
   */
  public FaceMesh mesh(Mat bgr, Detection face) {
    return read(bgr, face).mesh();
  }

  /** The mesh with the model's face-presence score. */
  public Reading read(Mat bgr, Detection face) {
    double[] toImage = roi(face);
    Map<String, float[]> out = run(bgr, toImage);
    float[] raw = landmarks(out);
    double scale = Math.hypot(toImage[0], toImage[3]);
    float[] xyz = new float[raw.length];
    for (int i = 0; i < FaceMesh.POINTS; i++) {
      double u = raw[3 * i], v = raw[3 * i + 1];
      xyz[3 * i] = (float) (toImage[0] * u + toImage[1] * v + toImage[2]);
      xyz[3 * i + 1] = (float) (toImage[3] * u + toImage[4] * v + toImage[5]);
      xyz[3 * i + 2] = (float) (raw[3 * i + 2] * scale);
    }
    return new Reading(new FaceMesh(xyz), 1 / (1 + Math.exp(-faceFlag(out))));
  }

  /** The 2x3 map from model-input pixels to photo pixels, row-major. */
  static double[] roi(Detection face) {
    Point r = face.keypoint(Detection.RIGHT_EYE), l = face.keypoint(Detection.LEFT_EYE);
    double angle = Math.atan2(l.y() - r.y(), l.x() - r.x());
    double cx = face.x() + face.width() / 2.0, cy = face.y() + face.height() / 2.0;
    double scale = Math.max(face.width(), face.height()) * ROI_SCALE / SIZE;
    double cos = Math.cos(angle) * scale, sin = Math.sin(angle) * scale;
    double half = SIZE / 2.0;
    return new double[] {
      cos, -sin, cx - cos * half + sin * half, sin, cos, cy - sin * half - cos * half
    };
  }

  private Map<String, float[]> run(Mat bgr, double[] toImage) {
    try (Mat crop = AffineWarp.square(bgr, toImage, SIZE, INTER_LINEAR);
        Mat rgb = new Mat();
        Mat floats = new Mat()) {
      cvtColor(crop, rgb, COLOR_BGR2RGB);
      rgb.convertTo(floats, CV_32FC3, 1 / 255.0, 0);
      FloatBuffer data = floats.createBuffer();
      FloatBuffer input = inputs.take(data.remaining());
      input.put(data).flip();
      return model.run(input, new long[] {1, SIZE, SIZE, 3});
    }
  }

  private static float[] landmarks(Map<String, float[]> out) {
    return out.values().stream()
        .filter(values -> values.length == FaceMesh.POINTS * 3)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("face landmark model has no 468-point output"));
  }

  /**
   * MediaPipe's face mesh has a second, one-value output: the logit that its input shows a face.
   */
  private static float faceFlag(Map<String, float[]> out) {
    return out.values().stream()
        .filter(values -> values.length == 1)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("face landmark model has no face-flag output"))[0];
  }

  private static Point mean(FaceMesh mesh, int[] indices) {
    double x = 0, y = 0;
    for (int i : indices) {
      x += mesh.x(i);
      y += mesh.y(i);
    }
    return new Point((float) (x / indices.length), (float) (y / indices.length));
  }
}
