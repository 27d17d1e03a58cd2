package io.facegate.vision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Photo bytes to face embeddings: decode, detect, align, embed. Built once; every method may be
 * called from several worker threads at once. Never call it on an event loop.
 */
public final class FacePipeline implements AutoCloseable {
  private final ImageDecoder decoder;

  /** Asked in order until one finds a face (see DetectorChoice). */
  private final List<FaceDetector> detectors;

  /** The same detectors, the full-range one (largest input) first. */
  private final List<FaceDetector> largestInputFirst;

  /** The last resort when no detector finds a face, with the detector of the largest input. */
  private final TileSearch tiles;

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
      List<FaceDetector> detectors,
      FaceLandmarker landmarker,
      FaceEmbedder embedder,
      String modelId,
      SpoofDetector spoofDetector,
      List<OnnxModel> sessions) {
    this.decoder = decoder;
    this.detectors = detectors;
    this.largestInputFirst =
        detectors.stream()
            .sorted(Comparator.comparingInt(FaceDetector::inputSize).reversed())
            .toList();
    this.tiles = new TileSearch(largestInputFirst.get(0));
    this.landmarker = landmarker;
    this.embedder = embedder;
    this.modelId = modelId;
    this.spoofDetector = spoofDetector;
    this.sessions = sessions;
  }

  /**
   * Loads the configured models: every detector of the chosen order, the mesh when it aligns, the
   * embedder.
   */
  public static FacePipeline load(ModelRepository models, PipelineSettings settings) {
    List<OnnxModel> sessions = new ArrayList<>();
    try {
      List<FaceDetector> detectors = new ArrayList<>();
      for (DetectorChoice.BlazeFace model : settings.detector().order()) {
        detectors.add(
            new FaceDetector(
                session(models, model.file(), settings, sessions),
                model.inputSize(),
                settings.minDetectionScore()));
      }
      FaceLandmarker landmarker =
          settings.meshAlignment()
              ? new FaceLandmarker(session(models, FaceLandmarker.FILE, settings, sessions))
              : null;
      EmbedderChoice embedder = settings.embedder();
      byte[] embedderBytes = models.read(embedder.file());
      OnnxModel embedderModel = new OnnxModel(embedder.file(), embedderBytes, settings.inference());
      sessions.add(embedderModel);
      SpoofDetector spoof =
          settings.antiSpoofing()
              ? new SpoofDetector(session(models, SpoofDetector.FILE, settings, sessions))
              : null;
      return new FacePipeline(
          new ImageDecoder(settings.limits()),
          List.copyOf(detectors),
          landmarker,
          new FaceEmbedder(embedderModel, embedder),
          ModelId.of(embedder.file(), embedderBytes),
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

  /** The anti-spoofing score of one face (higher: more likely a photo of a photo or a screen). */
  public Optional<Float> spoofScore(Mat bgr, Detection face) {
    return spoofDetector == null ? Optional.empty() : Optional.of(spoofDetector.score(bgr, face));
  }

  /** Identifies the embedding space: vectors from different model ids must never be compared. */
  public String modelId() {
    return modelId;
  }

  /** The length of every embedding this pipeline computes. */
  public int dimension() {
    return embedder.dimension();
  }

  /** BGR image; the caller closes it. */
  public Mat decode(byte[] bytes) {
    return decoder.decode(bytes);
  }

  /** Decoded for face work: a large JPEG at a reduced scale (see ImageDecoder#decodeForFaces). */
  public ImageDecoder.Decoded decodeForFaces(byte[] bytes) {
    return decoder.decodeForFaces(bytes);
  }

  /**
   * Every face, highest score first: from the whole frame or, only when no detector finds one
   * there, from the frame with its edges extended (a face the edge cuts, see {@link EdgePadding}),
   * then from overlapping tiles of it (a face too small for the whole frame, see {@link
   * TileSearch}).
   */
  public List<Detection> detect(Mat bgr) {
    List<Detection> faces = inOrder(bgr);
    if (faces.isEmpty()) {
      faces = EdgePadding.detect(bgr, this::inOrder);
    }
    return faces.isEmpty() ? tiles.detect(bgr) : faces;
  }

  /**
   * Every face in the whole frame, highest score first, asking the detectors from the largest input
   * down whatever the preset's order: the liveness rules were measured on the full-range model's
   * boxes and key points, which place the nose of a turned or small face where the short-range
   * model's do not.
   */
  public List<Detection> detectFullRangeFirst(Mat bgr) {
    return firstFinding(largestInputFirst, bgr);
  }

  /** The faces of the first detector, in the configured order, that finds any. */
  private List<Detection> inOrder(Mat bgr) {
    return firstFinding(detectors, bgr);
  }

  private static List<Detection> firstFinding(List<FaceDetector> order, Mat bgr) {
    List<Detection> faces = List.of();
    for (int i = 0; i < order.size() && faces.isEmpty(); i++) {
      faces = order.get(i).detect(bgr);
    }
    return faces;
  }

  /**
   * Every face any loaded detector finds, highest score first; a box that mostly covers or lies in
   * a stronger one is that face again (or two faces seen as one) and is left out, as within one
   * detector. For reads where a missed face costs more than a model run: an enrollment photo must
   * show one person only, and a list of faces must list them all.
   */
  public List<Detection> detectAll(Mat bgr) {
    List<Detection> found = new ArrayList<>();
    detectors.forEach(detector -> found.addAll(detector.detect(bgr)));
    found.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> faces = new ArrayList<>();
    for (Detection face : found) {
      if (!FaceDetector.partOfAny(face, faces)) {
        faces.add(face);
      }
    }
    return faces;
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

  /** As {@link #align(Mat, Detection)}, from a face mesh already read for this face when given. */
  public Mat align(Mat bgr, Detection face, Optional<FaceMesh> mesh) {
    return mesh.map(m -> aligner.alignFive(bgr, FaceLandmarker.fivePoints(m)))
        .orElseGet(() -> align(bgr, face));
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
