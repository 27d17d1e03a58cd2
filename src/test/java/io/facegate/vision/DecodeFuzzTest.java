package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.testing.BmpFiles;
import io.facegate.testing.FastTier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded mutation fuzzing of the walkers and the decoder: {@code fuzz.seconds} (3 in the default
 * suite; scripts/fuzz-decode.sh runs longer). Each finding is saved, named by its SHA-256, in
 * {@code fuzz.findings} (target/fuzz-findings; the script uses src/test/resources/hostile, which
 * {@link HostileRegressionTest} replays). With {@code fuzz.current} set, every input is written
 * there before it is decoded, so a native crash that kills the JVM leaves its input behind.
 */
@FastTier
class DecodeFuzzTest {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeFuzzTest.class);

  @Test
  void mutatedImagesAreDecodedOrRefusedAndNothingElse() throws IOException {
    long seed = Long.getLong("fuzz.seed", 20261203L);
    Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 3));
    Path findings = Path.of(System.getProperty("fuzz.findings", "target/fuzz-findings"));
    String current = System.getProperty("fuzz.current");
    List<byte[]> seeds = seeds();
    Mutator mutator = new Mutator(new Random(seed), seeds);
    DecodeOracle oracle = new DecodeOracle();
    List<String> found = new ArrayList<>();
    long iterations = 0;
    long start = System.nanoTime();
    for (long end = start + budget.toNanos(); System.nanoTime() < end; iterations++) {
      byte[] input = mutator.next();
      if (current != null) {
        Files.write(Path.of(current), input);
      }
      for (String problem : oracle.check(input).stream().toList()) {
        found.add(save(findings, input) + ": " + problem);
      }
    }
    LOG.info(
        "fuzz: seed {}, {} seeds, {} iterations in {} ms, {} findings",
        seed,
        seeds.size(),
        iterations,
        (System.nanoTime() - start) / 1_000_000,
        found.size());
    assertEquals(List.of(), found);
  }

  /**
   * Small valid images of every accepted variant, the shared photos copied into the test resources,
   * and past findings.
   */
  static List<byte[]> seeds() throws IOException {
    List<byte[]> seeds =
        new ArrayList<>(
            List.of(
                FormatWalkersTest.encode(".jpg", 64, 48),
                FormatWalkersTest.encode(".jpg", 80, 60, IMWRITE_JPEG_PROGRESSIVE, 1),
                FormatWalkersTest.encode(".png", 40, 30),
                FormatWalkersTest.encode(".webp", 48, 32, IMWRITE_WEBP_QUALITY, 80),
                FormatWalkersTest.encode(
                    ".webp", 24, 16, IMWRITE_WEBP_QUALITY, 101), // above 100: lossless
                FormatWalkersTest.encode(".bmp", 30, 20),
                BmpFiles.os2(21, 13),
                BmpFiles.info(124, 19, -11),
                FormatWalkersTest.resource("lossless-1x1.webp"),
                FormatWalkersTest.resource("animated-32x24.webp")));
    seeds.addAll(resourceFiles("/faces"));
    seeds.addAll(resourceFiles("/hostile"));
    return seeds;
  }

  /** Every file under a test-resource folder; none when the folder is absent. */
  static List<byte[]> resourceFiles(String folder) throws IOException {
    URL url = DecodeFuzzTest.class.getResource(folder);
    if (url == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
      List<byte[]> out = new ArrayList<>();
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().endsWith(".md"))
              .sorted()
              .toList()) {
        out.add(Files.readAllBytes(file));
      }
      return out;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path save(Path folder, byte[] input) {
    try {
      Files.createDirectories(folder);
      String name =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(input))
              .substring(0, 16);
      Path file = folder.resolve(name + ".bin");
      Files.write(file, input);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
