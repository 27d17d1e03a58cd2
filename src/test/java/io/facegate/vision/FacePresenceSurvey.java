package io.facegate.vision;

import io.facegate.config.FacegateConfig;
import io.facegate.service.FaceReader;
import io.facegate.service.FacegateException;
import io.facegate.service.PipelineFaceReader;
import io.facegate.testing.GeneratedPhotos;
import io.facegate.testing.Models;
import io.facegate.testing.NonFacePhotos;
import io.facegate.testing.TestPhotos;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Prints how many non-face images pass as faces, with and without the face-presence test, and how
 * many genuine faces the test loses (photos of lfw-dev and colour-dev read without the test,
 * refused with it). A program, not a test, because it reads the large shared photo sets:
 *
 * <pre>
 * mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.facegate.vision.FacePresenceSurvey ../shared/faces \
 *     [evidence.csv] [key=value ...]
 * </pre>
 *
 * With a second argument, it writes every detection's face-presence evidence there, for choosing
 * thresholds; numeric settings given as key=value replace the shipped defaults.
 */
public final class FacePresenceSurvey {
  private static final int PATTERNS_PER_KIND = 120;
  private static final int FACE_LIKE_PATTERNS = 300;
  private static final int MAX_CROPS = 700;

  private final FacePipeline pipeline;
  private final FaceReader before;
  private final FaceReader after;
  private final PrintStream evidence;

  private FacePresenceSurvey(FacePipeline pipeline, FacegateConfig config, PrintStream evidence) {
    this.pipeline = pipeline;
    this.after = config.faceReader(pipeline);
    this.before =
        new PipelineFaceReader(
            pipeline,
            config.quality().enroll(),
            config.quality().verify(),
            new FacePresence(0, Double.POSITIVE_INFINITY, 1),
            false);
    this.evidence = evidence;
  }

  /**
   * One image's outcome under the enrollment and the verification rules, before and after the test.
   */
  private record Outcome(
      boolean enrollBefore, boolean enrollAfter, boolean probeBefore, boolean probeAfter) {}

  /** Counts over one set of images. */
  private static final class Tally {
    int images, enrollBefore, enrollAfter, probeBefore, probeAfter;

    void add(Outcome o) {
      images++;
      enrollBefore += o.enrollBefore() ? 1 : 0;
      enrollAfter += o.enrollAfter() ? 1 : 0;
      probeBefore += o.probeBefore() ? 1 : 0;
      probeAfter += o.probeAfter() ? 1 : 0;
    }

    void add(Tally t) {
      images += t.images;
      enrollBefore += t.enrollBefore;
      enrollAfter += t.enrollAfter;
      probeBefore += t.probeBefore;
      probeAfter += t.probeAfter;
    }
  }

  public static void main(String[] args) throws IOException {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/faces");
    PrintStream evidence =
        args.length > 1 && !args[1].contains("=")
            ? new PrintStream(Files.newOutputStream(Path.of(args[1])))
            : null;
    FacegateConfig config = Models.defaults();
    for (String arg : args) {
      if (arg.contains("=")) {
        config =
            config.with(
                arg.substring(0, arg.indexOf('=')),
                Double.parseDouble(arg.substring(arg.indexOf('=') + 1)));
      }
    }
    FacePresenceSurvey survey = new FacePresenceSurvey(Models.pipeline(), config, evidence);
    if (evidence != null) {
      evidence.println("set,image_bytes,detector_score,presence,drift,flatness");
    }
    Tally nonFaces = new Tally();
    for (String folder :
        List.of(
            "cases/noface",
            "compreface/_cases/noface",
            "insightface/_cases/noface",
            "insightface/_cases/cartoon",
            "faceapi/_cases/noface")) {
      nonFaces.add(
          survey.report(folder, filesIn(shared.resolve(folder)).stream().map(TestPhotos::read)));
    }
    for (NonFacePhotos.Kind kind : NonFacePhotos.Kind.values()) {
      int count = kind == NonFacePhotos.Kind.FACE_LIKE ? FACE_LIKE_PATTERNS : PATTERNS_PER_KIND;
      nonFaces.add(
          survey.report(
              "generated " + kind,
              Stream.iterate(0, i -> i < count, i -> i + 1)
                  .map(i -> jpeg(() -> NonFacePhotos.generate(kind, i)))));
    }
    nonFaces.add(survey.report("crops away from faces", survey.backgroundCrops(shared).stream()));
    print("all non-face images", nonFaces);

    int photos = 0, lostEnroll = 0, lostProbe = 0;
    for (String folder : List.of("lfw-dev", "colour-dev")) {
      int[] lost = new int[2];
      List<Path> files = photosUnder(shared.resolve(folder));
      for (Path file : files) {
        byte[] image = TestPhotos.read(file);
        lost[0] +=
            survey.lost(
                    () -> survey.before.forEnrollment(image),
                    () -> survey.after.forEnrollment(image))
                ? 1
                : 0;
        lost[1] +=
            survey.lost(() -> survey.before.forProbe(image), () -> survey.after.forProbe(image))
                ? 1
                : 0;
      }
      System.out.printf(
          "%-32s %5d photos | accepted, then lost: enroll %d (%.2f%%), verify %d (%.2f%%)%n",
          folder,
          files.size(),
          lost[0],
          100.0 * lost[0] / files.size(),
          lost[1],
          100.0 * lost[1] / files.size());
      photos += files.size();
      lostEnroll += lost[0];
      lostProbe += lost[1];
    }
    System.out.printf(
        "%-32s %5d photos | accepted, then lost: enroll %d (%.2f%%), verify %d (%.2f%%)%n",
        "all genuine faces",
        photos,
        lostEnroll,
        100.0 * lostEnroll / photos,
        lostProbe,
        100.0 * lostProbe / photos);
    if (evidence != null) {
      evidence.close();
    }
    System.exit(0);
  }

  private Tally report(String set, Stream<byte[]> images) {
    Tally tally = new Tally();
    images.forEach(image -> tally.add(outcome(set, image)));
    print(set, tally);
    return tally;
  }

  private static void print(String set, Tally t) {
    System.out.printf(
        "%-32s %5d images | enroll: %5d before, %5d after (%6.1f -> %6.1f per 1,000) | verify: %5d before,"
            + " %5d after (%6.1f -> %6.1f per 1,000)%n",
        set,
        t.images,
        t.enrollBefore,
        t.enrollAfter,
        perThousand(t.enrollBefore, t.images),
        perThousand(t.enrollAfter, t.images),
        t.probeBefore,
        t.probeAfter,
        perThousand(t.probeBefore, t.images),
        perThousand(t.probeAfter, t.images));
  }

  private static double perThousand(int count, int of) {
    return of == 0 ? 0 : 1000.0 * count / of;
  }

  private Outcome outcome(String set, byte[] image) {
    if (evidence != null) {
      writeEvidence(set, image);
    }
    boolean enrollBefore = accepts(() -> before.forEnrollment(image));
    boolean probeBefore = accepts(() -> before.forProbe(image));
    return new Outcome(
        enrollBefore,
        enrollBefore && accepts(() -> after.forEnrollment(image)),
        probeBefore,
        probeBefore && accepts(() -> after.forProbe(image)));
  }

  private void writeEvidence(String set, byte[] image) {
    try (ImageDecoder.Decoded decoded = pipeline.decodeForFaces(image)) {
      for (Detection face : pipeline.detect(decoded.bgr())) {
        pipeline
            .meshReading(decoded.bgr(), face)
            .map(reading -> FacePresence.measure(decoded.bgr(), face, reading))
            .ifPresent(
                e ->
                    evidence.printf(
                        "%s,%d,%.4f,%.4f,%.4f,%.4f%n",
                        set, image.length, face.score(), e.presence(), e.drift(), e.flatness()));
      }
    } catch (ImageRejectedException e) {
      // Counted as refused by the readers.
    }
  }

  /** A genuine face lost to the test: read without it, and refused with it. */
  private boolean lost(Runnable before, Runnable after) {
    return accepts(before) && !accepts(after);
  }

  private static boolean accepts(Runnable read) {
    try {
      read.run();
      return true;
    } catch (FacegateException e) {
      return false;
    }
  }

  /**
   * Up to one square crop per photo of the shared sets (lfw-dev aside: its faces fill the frame),
   * placed at random where it keeps clear of every detected face enlarged to twice its size (hair,
   * neck).
   */
  private List<byte[]> backgroundCrops(Path shared) {
    List<Path> photos =
        new ArrayList<>(
            photosUnder(shared).stream()
                .filter(p -> !p.startsWith(shared.resolve("lfw-dev")))
                .toList());
    Random random = new Random(7);
    int stride = Math.max(1, photos.size() / (MAX_CROPS * 3 / 2));
    List<byte[]> crops = new ArrayList<>();
    for (int i = 0; i < photos.size() && crops.size() < MAX_CROPS; i += stride) {
      try (Mat image = pipeline.decode(TestPhotos.read(photos.get(i)))) {
        List<Detection> faces = pipeline.detect(image);
        for (int attempt = 0; attempt < 30; attempt++) {
          int side =
              (int) (Math.min(image.cols(), image.rows()) * (0.25 + random.nextDouble() * 0.35));
          if (side < 48) {
            break;
          }
          int x = random.nextInt(image.cols() - side + 1),
              y = random.nextInt(image.rows() - side + 1);
          if (faces.stream().noneMatch(f -> overlaps(f, x, y, side))) {
            try (Mat crop = new Mat(image, new Rect(x, y, side, side)).clone()) {
              crops.add(GeneratedPhotos.jpeg(crop));
            }
            break;
          }
        }
      } catch (ImageRejectedException e) {
        // Not a photo the pipeline reads: nothing to crop.
      }
    }
    return crops;
  }

  private static boolean overlaps(Detection f, int x, int y, int side) {
    double cx = f.x() + f.width() / 2, cy = f.y() + f.height() / 2;
    return Math.abs(cx - (x + side / 2.0)) < f.width() + side / 2.0
        && Math.abs(cy - (y + side / 2.0)) < f.height() + side / 2.0;
  }

  private static byte[] jpeg(Supplier<Mat> generate) {
    try (Mat image = generate.get()) {
      return GeneratedPhotos.jpeg(image);
    }
  }

  private static List<Path> filesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> photosUnder(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png|webp|bmp)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
