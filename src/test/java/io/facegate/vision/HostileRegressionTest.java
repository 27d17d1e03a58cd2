package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays every file in src/test/resources/hostile (past bugs and fuzz findings) through the decode
 * oracle.
 */
@FastTier
class HostileRegressionTest {
  @Test
  void everyPastFindingNowBehaves() throws IOException, URISyntaxException {
    Path folder = Path.of(HostileRegressionTest.class.getResource("/hostile").toURI());
    List<Path> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList();
    }
    assertTrue(files.size() >= 8, "the regression corpus is there: " + files);
    DecodeOracle oracle = new DecodeOracle();
    Map<String, String> problems = new TreeMap<>();
    for (Path file : files) {
      oracle
          .check(Files.readAllBytes(file))
          .ifPresent(p -> problems.put(file.getFileName().toString(), p));
    }
    assertEquals(Map.of(), problems);
  }
}
