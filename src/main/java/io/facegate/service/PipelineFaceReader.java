package io.facegate.service;

import io.facegate.liveness.FaceFrame;
import io.facegate.liveness.FrameReader;
import io.facegate.vision.CropPng;
import io.facegate.vision.Detection;
import io.facegate.vision.FaceLandmarker;
import io.facegate.vision.FaceMesh;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.FacePresence;
import io.facegate.vision.FaceQuality;
import io.facegate.vision.ImageDecoder;
import io.facegate.vision.ImageRejectedException;
import io.facegate.vision.QualityMeter;
import io.facegate.vision.StageTimer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads faces with the real models under the service's rules: an enrollment photo must show exactly
 * one whole face that passes the enrollment quality bounds (faces cut by the photo's edge are
 * bystanders and do not make it ambiguous); a probe uses its largest face that passes the (looser)
 * verification bounds, preferring faces the photo shows whole. Quality is judged on a quick crop
 * from the detector's key points; only the chosen face gets the precise (face mesh) alignment its
 * embedding is computed from. Before all that, a detection the face mesh does not confirm as a face
 * (see {@link FacePresence}) is dropped, as if never detected. Blocking: runs on inference workers.
 */
public final class PipelineFaceReader implements FaceReader {
  private final FacePipeline pipeline;
  private final QualityMeter meter = new QualityMeter();
  private final QualityBounds enrollment;
  private final QualityBounds verification;
  private final FacePresence presence;
  private final boolean keepCrops;
  private final StageTimer timer;
  private final FrameReader frames;

  /** {@code keepCrops}: enrollment readings carry their aligned crop as PNG, for the crop store. */
  public PipelineFaceReader(
      FacePipeline pipeline,
      QualityBounds enrollment,
      QualityBounds verification,
      FacePresence presence,
      boolean keepCrops) {
    this(pipeline, enrollment, verification, presence, keepCrops, StageTimer.NONE);
  }

  /** With {@code timer} timing each pipeline stage (the server's per-stage histograms). */
  public PipelineFaceReader(
      FacePipeline pipeline,
      QualityBounds enrollment,
      QualityBounds verification,
      FacePresence presence,
      boolean keepCrops,
      StageTimer timer) {
    this.pipeline = pipeline;
    this.enrollment = enrollment;
    this.verification = verification;
    this.presence = presence;
    this.keepCrops = keepCrops;
    this.timer = timer;
    this.frames = new FrameReader(pipeline);
  }

  @Override
  public String modelId() {
    return pipeline.modelId();
  }

  @Override
  public FaceReading forEnrollment(byte[] photo) {
    return read(photo, enrollment, true);
  }

  @Override
  public FaceReading forProbe(byte[] photo) {
    return read(photo, verification, false);
  }

  @Override
  public Optional<FaceFrame> frame(byte[] photo) {
    try (ImageDecoder.Decoded decoded = decode(photo)) {
      return frames.read(decoded.bgr());
    } catch (IllegalStateException e) {
      // FrameReader's refusal when no face mesh is loaded: a setting, not a fault.
      throw new FacegateException(
          ErrorCode.BAD_REQUEST,
          "frames are judged on the face mesh, and this server runs with alignment=detector");
    }
  }

  /** One detected face with its aligned crop (closed by the reader) and measured quality. */
  private record Measured(Detection face, Mat crop, FaceQuality quality, List<String> problems) {}

  @Override
  public List<SurveyedFace> survey(byte[] photo) {
    try (ImageDecoder.Decoded decoded = decode(photo)) {
      List<SurveyedFace> faces = new ArrayList<>();
      for (Detection face : faces(decoded.bgr(), detectAll(decoded.bgr())).keySet()) {
        try (Mat crop = quickAlign(decoded.bgr(), face)) {
          Detection inPhoto = face.scaled(decoded.scale());
          FaceQuality quality = meter.measure(inPhoto, crop);
          faces.add(new SurveyedFace(inPhoto, quality, verification.problems(quality)));
        }
      }
      faces.sort(Comparator.comparingDouble((SurveyedFace f) -> f.face().area()).reversed());
      return faces;
    }
  }

  @Override
  public List<FaceReading> everyFace(byte[] photo) {
    List<Measured> measured = new ArrayList<>();
    List<Mat> aligned = new ArrayList<>();
    try (ImageDecoder.Decoded decoded = decode(photo)) {
      Mat image = decoded.bgr();
      float scale = decoded.scale();
      Map<Detection, Optional<FaceMesh>> found = faces(image, detectAll(image));
      List<Detection> faces = List.copyOf(found.keySet());
      measure(image, scale, faces, verification, measured);
      List<Measured> usable =
          measured.stream()
              .filter(m -> m.problems().isEmpty())
              .sorted(Comparator.comparingDouble((Measured m) -> m.face().area()).reversed())
              .toList();
      if (usable.isEmpty()) {
        return List.of();
      }
      usable.forEach(m -> aligned.add(align(image, m.face(), found.get(m.face()))));
      float[][] embeddings = timer.time(StageTimer.EMBED, () -> pipeline.embedAligned(aligned));
      List<Detection> inPhoto = faces.stream().map(f -> f.scaled(scale)).toList();
      List<FaceReading> readings = new ArrayList<>(usable.size());
      for (int i = 0; i < usable.size(); i++) {
        Measured m = usable.get(i);
        OptionalDouble spoof =
            timer
                .time(StageTimer.LIVENESS, () -> pipeline.spoofScore(image, m.face()))
                .map(s -> OptionalDouble.of(s))
                .orElse(OptionalDouble.empty());
        readings.add(
            new FaceReading(
                inPhoto,
                usable.size(),
                m.face().scaled(scale),
                m.quality(),
                embeddings[i],
                spoof,
                Optional.empty()));
      }
      return readings;
    } finally {
      measured.forEach(m -> m.crop().close());
      aligned.forEach(Mat::close);
    }
  }

  private FaceReading read(byte[] photo, QualityBounds bounds, boolean exactlyOne) {
    List<Measured> measured = new ArrayList<>();
    try (ImageDecoder.Decoded decoded = decode(photo)) {
      // Faces are found and cut in the decoded image; sizes and boxes are reported in the photo's
      // pixels.
      Mat image = decoded.bgr();
      float scale = decoded.scale();
      // An enrollment looks with every detector, so a second person is not missed.
      List<Detection> detected = exactlyOne ? detectAll(image) : detect(image);
      if (detected.isEmpty()) {
        throw new FacegateException(ErrorCode.NO_FACE, "no face was found in the image");
      }
      Map<Detection, Optional<FaceMesh>> found = faces(image, detected);
      List<Detection> faces = List.copyOf(found.keySet());
      if (faces.isEmpty()) {
        throw new FacegateException(
            ErrorCode.NO_FACE,
            "no face was found in the image: what was detected "
                + notAFace(image, detected.get(0)).orElseThrow());
      }
      measure(image, scale, faces, bounds, measured);
      Comparator<Measured> preferred =
          Comparator.comparing((Measured m) -> !whollyInside(m.face(), image))
              .thenComparing(
                  Comparator.comparingDouble((Measured m) -> m.face().area()).reversed());
      List<Measured> usable =
          measured.stream().filter(m -> m.problems().isEmpty()).sorted(preferred).toList();
      long whole = usable.stream().filter(m -> whollyInside(m.face(), image)).count();
      if (exactlyOne && whole > 1) {
        throw new FacegateException(
            ErrorCode.MULTIPLE_FACES,
            "the image shows " + whole + " usable faces; an enrollment photo must show exactly one",
            new JsonObject().put("faces", whole));
      }
      if (usable.isEmpty()) {
        Measured largest =
            measured.stream().max(Comparator.comparingDouble(m -> m.face().area())).orElseThrow();
        throw new FacegateException(
            ErrorCode.LOW_QUALITY,
            "no face is good enough: " + String.join("; ", largest.problems()),
            new JsonObject()
                .put("reasons", new JsonArray(largest.problems()))
                .put("quality", QualityBounds.toJson(largest.quality())));
      }
      Measured chosen = usable.get(0);
      try (Mat aligned = align(image, chosen.face(), found.get(chosen.face()))) {
        float[] embedding =
            timer.time(StageTimer.EMBED, () -> pipeline.embedAligned(List.of(aligned)))[0];
        // Liveness matters at the door (probes); enrollment is supervised by someone with the
        // enroll role.
        OptionalDouble spoof =
            exactlyOne
                ? OptionalDouble.empty()
                : timer
                    .time(StageTimer.LIVENESS, () -> pipeline.spoofScore(image, chosen.face()))
                    .map(s -> OptionalDouble.of(s))
                    .orElse(OptionalDouble.empty());
        // Probes never keep their crop.
        Optional<byte[]> crop =
            exactlyOne && keepCrops ? Optional.of(CropPng.encode(aligned)) : Optional.empty();
        return new FaceReading(
            faces.stream().map(f -> f.scaled(scale)).toList(),
            usable.size(),
            chosen.face().scaled(scale),
            chosen.quality(),
            embedding,
            spoof,
            crop);
      }
    } finally {
      measured.forEach(m -> m.crop().close());
    }
  }

  /**
   * Adds each face with its quick crop (which the caller closes) and its quality judged by {@code
   * bounds}.
   */
  private void measure(
      Mat image, float scale, List<Detection> faces, QualityBounds bounds, List<Measured> into) {
    for (Detection face : faces) {
      Mat crop = quickAlign(image, face);
      FaceQuality quality = meter.measure(face.scaled(scale), crop);
      into.add(new Measured(face, crop, quality, bounds.problems(quality)));
    }
  }

  private List<Detection> detect(Mat image) {
    return timer.time(StageTimer.DETECT, () -> pipeline.detect(image));
  }

  private List<Detection> detectAll(Mat image) {
    return timer.time(StageTimer.DETECT, () -> pipeline.detectAll(image));
  }

  /**
   * The detections that are faces, in detection order, each with the face mesh that confirmed it
   * (kept so that aligning the chosen face does not run the mesh again; empty without a mesh).
   */
  private Map<Detection, Optional<FaceMesh>> faces(Mat image, List<Detection> detected) {
    Map<Detection, Optional<FaceMesh>> found = new LinkedHashMap<>();
    for (Detection face : detected) {
      Optional<FaceLandmarker.Reading> reading =
          timer.time(StageTimer.ALIGN, () -> pipeline.meshReading(image, face));
      if (reading.flatMap(r -> presence.problem(FacePresence.measure(image, face, r))).isEmpty()) {
        found.put(face, reading.map(FaceLandmarker.Reading::mesh));
      }
    }
    return found;
  }

  /** Why the detection is not a face; empty when it is, or when no face mesh is loaded to tell. */
  private Optional<String> notAFace(Mat image, Detection face) {
    return timer
        .time(StageTimer.ALIGN, () -> pipeline.meshReading(image, face))
        .flatMap(reading -> presence.problem(FacePresence.measure(image, face, reading)));
  }

  private Mat quickAlign(Mat image, Detection face) {
    return timer.time(StageTimer.ALIGN, () -> pipeline.quickAlign(image, face));
  }

  private Mat align(Mat image, Detection face, Optional<FaceMesh> mesh) {
    return timer.time(StageTimer.ALIGN, () -> pipeline.align(image, face, mesh));
  }

  /**
   * A face cut by the photo's border is a worse probe than a whole one, and in a crowded shot it is
   * usually a bystander at the edge, not the person the photo was taken of.
   */
  private static boolean whollyInside(Detection face, Mat image) {
    return face.x() >= 1
        && face.y() >= 1
        && face.x() + face.width() <= image.cols() - 1
        && face.y() + face.height() <= image.rows() - 1;
  }

  private ImageDecoder.Decoded decode(byte[] photo) {
    try {
      return timer.time(StageTimer.DECODE, () -> pipeline.decodeForFaces(photo));
    } catch (ImageRejectedException e) {
      throw switch (e.reason()) {
        case TOO_LARGE -> new FacegateException(ErrorCode.TOO_LARGE, e.getMessage());
        case BAD_IMAGE -> new FacegateException(ErrorCode.BAD_IMAGE, e.getMessage());
        case UNSUPPORTED -> new FacegateException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        // The detail the HTTP layer turns into Retry-After.
        case BUSY ->
            new FacegateException(
                ErrorCode.OVERLOADED,
                e.getMessage(),
                new JsonObject().put(FacegateException.RETRY_AFTER, 1));
      };
    }
  }
}
