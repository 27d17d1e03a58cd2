package io.facegate.vision;

import org.bytedeco.opencv.opencv_core.Mat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Photo bytes to face embeddings: decode, detect, align, embed. Built once; every method may be
 * called from several worker threads at once. Never call it on an event loop.
 */
public final class FacePipeline implements AutoCloseable {
  public static final String EMBEDDER_FILE = "mobilefacenet.onnx";

  private final ImageDecoder decoder;
  private final FaceDetector detector;
  private final FaceAligner aligner = new FaceAligner();
  private final FaceEmbedder embedder;
  private final OnnxModel detectorModel;
  private final OnnxModel embedderModel;
  private final String modelId;
  private final OnnxModel spoofModel;
  private final SpoofDetector spoofDetector;

  private FacePipeline(ImageDecoder decoder, OnnxModel detectorModel, int detectorSize, float minScore,
      OnnxModel embedderModel, String modelId, OnnxModel spoofModel) {
    this.decoder = decoder;
    this.detectorModel = detectorModel;
    this.detector = new FaceDetector(detectorModel, detectorSize, minScore);
    this.embedderModel = embedderModel;
    this.embedder = new FaceEmbedder(embedderModel);
    this.modelId = modelId;
    this.spoofModel = spoofModel;
    this.spoofDetector = spoofModel == null ? null : new SpoofDetector(spoofModel);
  }

  public static FacePipeline load(ModelRepository models, PipelineSettings settings) {
    byte[] embedderBytes = models.read(EMBEDDER_FILE);
    OnnxModel detectorModel = new OnnxModel(settings.detector().file(), models.read(settings.detector().file()),
        settings.inference());
    OnnxModel embedderModel = new OnnxModel(EMBEDDER_FILE, embedderBytes, settings.inference());
    OnnxModel spoofModel = settings.antiSpoofing()
        ? new OnnxModel(SpoofDetector.FILE, models.read(SpoofDetector.FILE), settings.inference()) : null;
    return new FacePipeline(new ImageDecoder(settings.limits()), detectorModel, settings.detector().inputSize(),
        settings.minDetectionScore(), embedderModel, ModelId.of(EMBEDDER_FILE, embedderBytes), spoofModel);
  }

  /** The id the loaded pipeline would report, without loading any model: for commands that check stored ids. */
  public static String embedderId(ModelRepository models) {
    return ModelId.of(EMBEDDER_FILE, models.read(EMBEDDER_FILE));
  }

  /** The anti-spoofing score of one face (higher: more likely a photo of a photo or a screen). */
  public Optional<Float> spoofScore(Mat bgr, Detection face) {
    return spoofDetector == null ? Optional.empty() : Optional.of(spoofDetector.score(bgr, face));
  }

  /** Identifies the embedding space: vectors from different model ids must never be compared. */
  public String modelId() {
    return modelId;
  }

  /** BGR image; the caller closes it. */
  public Mat decode(byte[] bytes) {
    return decoder.decode(bytes);
  }

  public List<Detection> detect(Mat bgr) {
    return detector.detect(bgr);
  }

  /** One L2-normalized embedding per face, computed in a single batch. */
  public float[][] embed(Mat bgr, List<Detection> faces) {
    List<Mat> crops = new ArrayList<>(faces.size());
    try {
      for (Detection face : faces) {
        crops.add(align(bgr, face));
      }
      return embedAligned(crops);
    } finally {
      crops.forEach(Mat::close);
    }
  }

  /** The first half of {@link #embed}, public so the stage benchmark can time it alone: the 112x112 crop; the caller closes it. */
  public Mat align(Mat bgr, Detection face) {
    return aligner.align(bgr, face);
  }

  /** The second half of {@link #embed}: crops from {@link #align} to L2-normalized embeddings, in one batch. */
  public float[][] embedAligned(List<Mat> alignedBgr) {
    return embedder.embed(alignedBgr);
  }

  @Override
  public void close() {
    detectorModel.close();
    embedderModel.close();
    if (spoofModel != null) {
      spoofModel.close();
    }
  }
}
