package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** MobileFaceNet: aligned 112x112 crops in one batch to L2-normalized 192-D embeddings. */
public final class FaceEmbedder {
  public static final int DIMENSION = 192;
  private static final int PIXELS = FaceAligner.SIZE * FaceAligner.SIZE * 3;

  private final OnnxModel model;
  private final InputBuffers inputs = new InputBuffers();

  public FaceEmbedder(OnnxModel model) {
    this.model = model;
  }

  public float[][] embed(List<Mat> alignedBgr) {
    int n = alignedBgr.size();
    if (n == 0) {
      return new float[0][];
    }
    FloatBuffer batch = inputs.take(n * PIXELS);
    for (Mat crop : alignedBgr) {
      try (Mat rgb = new Mat();
          Mat floats = new Mat()) {
        cvtColor(crop, rgb, COLOR_BGR2RGB);
        rgb.convertTo(floats, CV_32FC3, 1 / 128.0, -127.5 / 128.0);
        batch.put(floats.<FloatBuffer>createBuffer());
      }
    }
    batch.flip();
    float[] flat =
        model
            .run(batch, new long[] {n, FaceAligner.SIZE, FaceAligner.SIZE, 3})
            .get(model.outputNames().get(0));
    float[][] embeddings = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] e = new float[DIMENSION];
      System.arraycopy(flat, i * DIMENSION, e, 0, DIMENSION);
      embeddings[i] = Vectors.normalize(e);
    }
    return embeddings;
  }
}
