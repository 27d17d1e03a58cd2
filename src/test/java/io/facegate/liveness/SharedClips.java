package io.facegate.liveness;

import io.facegate.testing.EvaluationSets;
import io.facegate.testing.Models;
import io.facegate.testing.TestPhotos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The frame sequences of shared/faces/liveness read through the real pipeline: live clips and NUAA
 * client crops (bona fide), NUAA print crops and screen replays (attacks). Stills are not sequences
 * and are left out. Read once per test JVM: it runs the models on about 1000 frames.
 */
final class SharedClips {
  static final String ROOT = "liveness";

  /**
   * One sequence: its folder, attack kind ("bona fide", "print", "replay") and the frames with a
   * face.
   */
  record Clip(String name, String kind, int frameFiles, List<FaceFrame> frames) {}

  /** One sequence as files: its folder name, attack kind and frame files in capture order. */
  record Sequence(String name, String kind, List<Path> files) {}

  private static List<Clip> clips;

  private SharedClips() {}

  static boolean present() {
    return EvaluationSets.has(ROOT);
  }

  static synchronized List<Clip> all() {
    if (clips == null) {
      FrameReader reader = new FrameReader(Models.pipeline());
      clips =
          sequences().stream()
              .map(
                  s ->
                      new Clip(
                          s.name(),
                          s.kind(),
                          s.files().size(),
                          s.files().stream()
                              .map(f -> reader.read(TestPhotos.read(f)))
                              .flatMap(Optional::stream)
                              .toList()))
              .toList();
    }
    return clips;
  }

  /** Every sequence: bona fide first, then prints, then replays. */
  static List<Sequence> sequences() {
    List<Sequence> all = new ArrayList<>();
    all.addAll(folder("live", "bona fide"));
    all.addAll(folder("spoof/print", "print"));
    all.addAll(folder("spoof/replay", "replay"));
    return all;
  }

  static Clip named(String name) {
    return all().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no clip " + name));
  }

  private static List<Sequence> folder(String relative, String kind) {
    List<Sequence> out = new ArrayList<>();
    for (Path dir : sequenceFolders(EvaluationSets.path(ROOT + "/" + relative))) {
      List<Path> files =
          filesIn(dir).stream().sorted(Comparator.comparingInt(SharedClips::frameIndex)).toList();
      out.add(new Sequence(dir.getFileName().toString(), kind, files));
    }
    return out;
  }

  private static List<Path> filesIn(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sub-folders holding frames; "_stills" and the CelebA-Spoof stills are single photos, not
   * sequences.
   */
  private static List<Path> sequenceFolders(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory)
          .filter(d -> !d.getFileName().toString().startsWith("_"))
          .filter(d -> !d.getFileName().toString().startsWith("celebaspoof"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** frame_007.jpg is 7; a NUAA crop's last number is its frame index in the source sequence. */
  private static int frameIndex(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.[A-Za-z]+$", "");
    return Integer.parseInt(name.substring(name.lastIndexOf('_') + 1));
  }
}
