package io.facegate.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Every file of a corpus directory, each followed by {@code mutations} damaged copies: half of them
 * cut short at evenly spaced lengths, half with a few bits flipped or a 32-bit field overwritten
 * with 0xFFFFFFFF (a length or a size), at offsets drawn from a seeded random. The same corpus,
 * count and seed always give the same bytes, so a finding can be replayed.
 */
final class CorpusCases {
  private final List<Path> originals;
  private final Path root;
  private final int mutations;
  private final long seed;

  CorpusCases(Path root, int mutations, long seed) {
    this.root = root;
    this.mutations = mutations;
    this.seed = seed;
    try (Stream<Path> files = Files.walk(root)) {
      this.originals = files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (originals.isEmpty()) {
      throw new IllegalArgumentException("no files under " + root);
    }
  }

  int originals() {
    return originals.size();
  }

  int size() {
    return originals.size() * (1 + mutations);
  }

  /** Where case {@code index} comes from: the file's path under the corpus and the variant. */
  String name(int index) {
    int variant = index % (1 + mutations);
    String file = root.relativize(originals.get(index / (1 + mutations))).toString();
    if (variant == 0) {
      return file;
    }
    return file + (variant <= mutations / 2 ? " cut " : " flipped ") + variant;
  }

  byte[] bytes(int index) {
    byte[] original;
    try {
      original = Files.readAllBytes(originals.get(index / (1 + mutations)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int variant = index % (1 + mutations);
    if (variant == 0 || original.length == 0) {
      return original;
    }
    int cuts = mutations / 2;
    if (variant <= cuts) {
      return Arrays.copyOf(original, (int) ((long) original.length * variant / (cuts + 1)));
    }
    Random random = new Random(seed * 1_000_003 + index);
    byte[] damaged = original.clone();
    if (variant % 2 == 0 && damaged.length >= 4) {
      int at = random.nextInt(damaged.length - 3);
      Arrays.fill(damaged, at, at + 4, (byte) 0xFF);
    } else {
      for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
      }
    }
    return damaged;
  }
}
