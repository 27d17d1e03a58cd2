package io.facegate.vision;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid images: bit flips, boundary values over sizes and lengths, truncation,
 * insertion, deletion, duplication and splicing with another seed. Half the edits land in the first
 * 256 bytes, where the headers and chunk lengths the walkers read live.
 */
final class Mutator {
  private static final int[] INTERESTING = {
    0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF
  };

  private final Random random;
  private final List<byte[]> seeds;

  Mutator(Random random, List<byte[]> seeds) {
    this.random = random;
    this.seeds = seeds;
  }

  byte[] next() {
    byte[] bytes = seeds.get(random.nextInt(seeds.size()));
    for (int edits = 1 + random.nextInt(3); edits > 0 && bytes.length > 0; edits--) {
      bytes = mutate(bytes);
    }
    return bytes;
  }

  private byte[] mutate(byte[] in) {
    byte[] b = in.clone();
    int at = position(b.length);
    switch (random.nextInt(8)) {
      case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> b[at] = (byte) INTERESTING[random.nextInt(5)];
      case 2 -> {
        if (at + 4 <= b.length) {
          ByteBuffer.wrap(b)
              .putInt(
                  at,
                  random.nextBoolean()
                      ? INTERESTING[random.nextInt(INTERESTING.length)]
                      : Integer.reverseBytes(INTERESTING[random.nextInt(INTERESTING.length)]));
        }
      }
      case 3 -> b = Arrays.copyOf(b, at);
      case 4 -> {
        byte[] inserted = new byte[1 + random.nextInt(64)];
        random.nextBytes(inserted);
        b = concat(Arrays.copyOf(b, at), inserted, Arrays.copyOfRange(b, at, b.length));
      }
      case 5 ->
          b =
              concat(
                  Arrays.copyOf(b, at),
                  Arrays.copyOfRange(b, Math.min(b.length, at + 1 + random.nextInt(64)), b.length));
      case 6 -> {
        int from = position(b.length);
        int count = Math.min(1 + random.nextInt(64), b.length - from);
        b =
            concat(
                Arrays.copyOf(b, at),
                Arrays.copyOfRange(b, from, from + count),
                Arrays.copyOfRange(b, at, b.length));
      }
      default -> {
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        b =
            concat(
                Arrays.copyOf(b, at),
                Arrays.copyOfRange(other, Math.min(at, other.length), other.length));
      }
    }
    return b;
  }

  private int position(int length) {
    return random.nextBoolean() ? random.nextInt(Math.min(length, 256)) : random.nextInt(length);
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
