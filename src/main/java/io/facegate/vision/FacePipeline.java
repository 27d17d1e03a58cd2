package io.facegate.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Photo bytes to face embeddings: decode, detect, align, embed. Built once; every method may be
 * called from several worker threads at once. Never call it on an event loop.
 */
public final class FacePipeline implements AutoCloseable {
  public static final String EMBEDDER_FILE = "mobilefacenet.onnx";

  private final ImageDecoder decoder;
  private final FaceDetector detector;

  /**
   * The short-range detector, asked only when the full-range one finds nothing; null when not
   * loaded.
   */
  private final FaceDetector closeRangeDetector;

  private final FaceAligner aligner = new FaceAligner();

  /** Null when alignment uses the detector's key points. */
  private final FaceLandmarker landmarker;

  private final FaceEmbedder embedder;
  private final String modelId;

  /** Null when anti-spoofing is off. */
  private final SpoofDetector spoofDetector;

  private final List<OnnxModel> sessions;

  private FacePipeline(
      ImageDecoder decoder,
      FaceDetector detector,
      FaceDetector closeRangeDetector,
      FaceLandmarker landmarker,
      FaceEmbedder embedder,
      String modelId,
      SpoofDetector spoofDetector,
      List<OnnxModel> sessions) {
    this.decoder = decoder;
    this.detector = detector;
    this.closeRangeDetector = closeRangeDetector;
    this.landmarker = landmarker;
    this.embedder = embedder;
    this.modelId = modelId;
    this.spoofDetector = spoofDetector;
    this.sessions = sessions;
  }

  /**
   * Loads the configured models. With the full-range (back) detector the short-range (front) one is
   * loaded too: it is trained on faces filling the frame, where the full-range one sometimes scores
   * a large or tilted face below the threshold, and it costs about 3 ms only on photos where the
   * full-range detector found nothing.
   */
  public static FacePipeline load(ModelRepository models, PipelineSettings settings) {
    List<OnnxModel> sessions = new ArrayList<>();
    try {
      DetectorChoice choice = settings.detector();
      FaceDetector detector =
          new FaceDetector(
              session(models, choice.file(), settings, sessions),
              choice.inputSize(),
              settings.minDetectionScore());
      FaceDetector closeRange =
          choice == DetectorChoice.BACK
              ? new FaceDetector(
                  session(models, DetectorChoice.FRONT.file(), settings, sessions),
                  DetectorChoice.FRONT.inputSize(),
                  settings.minDetectionScore())
              : null;
      FaceLandmarker landmarker =
          settings.meshAlignment()
              ? new FaceLandmarker(session(models, FaceLandmarker.FILE, settings, sessions))
              : null;
      byte[] embedderBytes = models.read(EMBEDDER_FILE);
      OnnxModel embedderModel = new OnnxModel(EMBEDDER_FILE, embedderBytes, settings.inference());
      sessions.add(embedderModel);
      SpoofDetector spoof =
          settings.antiSpoofing()
              ? new SpoofDetector(session(models, SpoofDetector.FILE, settings, sessions))
              : null;
      return new FacePipeline(
          new ImageDecoder(settings.limits()),
          detector,
          closeRange,
          landmarker,
          new FaceEmbedder(embedderModel),
          ModelId.of(EMBEDDER_FILE, embedderBytes),
          spoof,
          List.copyOf(sessions));
    } catch (RuntimeException e) {
      sessions.forEach(OnnxModel::close);
      throw e;
    }
  }

  private static OnnxModel session(
      ModelRepository models, String file, PipelineSettings settings, List<OnnxModel> sessions) {
    OnnxModel model = new OnnxModel(file, models.read(file), settings.inference());
    sessions.add(model);
    return model;
  }

  /**
   * The id the loaded pipeline would report, without loading any model: for commands that check
   * stored ids.
   */
  public static String embedderId(ModelRepository models) {
    return ModelId.of(EMBEDDER_FILE, models.read(EMBEDDER_FILE));
  }

  /**
   * Ids that earlier files of the embedder gave the same embeddings under (see
   * ModelRepository#formerSha256).
   */
  public static List<String> formerEmbedderIds(ModelRepository models) {
    return models.formerSha256(EMBEDDER_FILE).stream()
        .map(sha -> ModelId.of(EMBEDDER_FILE, sha))
        .toList();
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

  /** Decoded for face work: a large JPEG at a reduced scale (see ImageDecoder#decodeForFaces). */
  public ImageDecoder.Decoded decodeForFaces(byte[] bytes) {
    return decoder.decodeForFaces(bytes);
  }

  /** Every face, highest score first. */
  public List<Detection> detect(Mat bgr) {
    List<Detection> faces = detector.detect(bgr);
    return faces.isEmpty() && closeRangeDetector != null ? closeRangeDetector.detect(bgr) : faces;
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

  /**
   * The 112x112 crop from the detector's key points alone: cheap, for judging a face's quality
   * before choosing it. The caller closes it.
   */
  public Mat quickAlign(Mat bgr, Detection face) {
    return aligner.align(bgr, face);
  }

  /**
   * The first half of {@link #embed}, public so the stage benchmark can time it alone: the 112x112
   * crop from the face mesh's landmarks when it is loaded; the caller closes it.
   */
  public Mat align(Mat bgr, Detection face) {
    return landmarker == null
        ? aligner.align(bgr, face)
        : aligner.alignFive(bgr, landmarker.fivePoints(bgr, face));
  }

  /**
   * The face mesh's 468 landmarks; empty when alignment uses the detector's key points (no mesh
   * loaded).
   */
  public Optional<FaceMesh> mesh(Mat bgr, Detection face) {
    return meshReading(bgr, face).map(FaceLandmarker.Reading::mesh);
  }

  /** The face mesh with its face-presence score; empty when no mesh is loaded. */
  public Optional<FaceLandmarker.Reading> meshReading(Mat bgr, Detection face) {
    return landmarker == null ? Optional.empty() : Optional.of(landmarker.read(bgr, face));
  }

  /**
   * The second half of {@link #embed}: crops from {@link #align} to L2-normalized embeddings, in
   * one batch.
   */
  public float[][] embedAligned(List<Mat> alignedBgr) {
    return embedder.embed(alignedBgr);
  }

  @Override
  public void close() {
    sessions.forEach(OnnxModel::close);
  }
}
