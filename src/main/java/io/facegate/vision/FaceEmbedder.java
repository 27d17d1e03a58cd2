package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * Aligned 112x112 crops to L2-normalized embeddings, in one batch when the model takes any batch
 * size, one crop per run when its file fixes the batch at 1.
 */
public final class FaceEmbedder {
  private static final int PIXELS = FaceAligner.SIZE * FaceAligner.SIZE * 3;

  private final OnnxModel model;
  private final EmbedderChoice spec;
  private final int maxBatch;
  private final InputBuffers inputs = new InputBuffers();

  public FaceEmbedder(OnnxModel model, EmbedderChoice spec) {
    this.model = model;
    this.spec = spec;
    long declared = model.inputShape()[0];
    this.maxBatch = declared > 0 ? (int) declared : Integer.MAX_VALUE;
  }

  public int dimension() {
    return spec.dimension();
  }

  public float[][] embed(List<Mat> alignedBgr) {
    float[][] embeddings = new float[alignedBgr.size()][];
    for (int from = 0; from < alignedBgr.size(); from += maxBatch) {
      List<Mat> batch = alignedBgr.subList(from, Math.min(alignedBgr.size(), from + maxBatch));
      float[][] out = run(batch);
      System.arraycopy(out, 0, embeddings, from, out.length);
    }
    return embeddings;
  }

  private float[][] run(List<Mat> crops) {
    int n = crops.size();
    FloatBuffer batch = inputs.take(n * PIXELS);
    for (Mat crop : crops) {
      put(crop, batch);
    }
    batch.flip();
    long[] shape =
        spec.channelsFirst()
            ? new long[] {n, 3, FaceAligner.SIZE, FaceAligner.SIZE}
            : new long[] {n, FaceAligner.SIZE, FaceAligner.SIZE, 3};
    float[] flat = model.run(batch, shape).get(model.outputNames().get(0));
    int d = spec.dimension();
    float[][] embeddings = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] e = new float[d];
      System.arraycopy(flat, i * d, e, 0, d);
      embeddings[i] = Vectors.normalize(e);
    }
    return embeddings;
  }

  /**
   * One crop as floats in the embedder's channel order, interleaved (NHWC) or one plane per channel
   * (NCHW).
   */
  private void put(Mat crop, FloatBuffer batch) {
    try (Mat rgb = new Mat();
        Mat floats = new Mat()) {
      Mat ordered = crop;
      if (spec.rgb()) {
        cvtColor(crop, rgb, COLOR_BGR2RGB);
        ordered = rgb;
      }
      ordered.convertTo(floats, CV_32FC3, 1 / spec.std(), -spec.mean() / spec.std());
      if (!spec.channelsFirst()) {
        batch.put(floats.<FloatBuffer>createBuffer());
        return;
      }
      try (MatVector planes = new MatVector()) {
        split(floats, planes);
        for (int c = 0; c < 3; c++) {
          try (Mat plane = planes.get(c)) {
            batch.put(plane.<FloatBuffer>createBuffer());
          }
        }
      }
    }
  }
}
