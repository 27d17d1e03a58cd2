package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** Freed native memory that glibc would keep resident goes back to the OS when trimmed. */
@FastTier
class NativeHeapTest {
  private static final int BLOCK = 64 << 10; // below glibc's mmap threshold: served by an arena
  private static final int BLOCKS = 2048; // 128 MB

  @Test
  void trimmingReturnsFreedArenaPagesToTheOs() throws IOException {
    List<BytePointer> blocks = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i++) {
      BytePointer block = new BytePointer(BLOCK);
      block.fill(1); // touched, so resident
      blocks.add(block);
    }
    // Every 16th block stays: the free space between them cannot shrink the arena from its top.
    for (int i = 0; i < BLOCKS; i++) {
      if (i % 16 != 15) {
        blocks.get(i).close();
      }
    }
    long freedButResident = residentKb();
    NativeHeap.trim();
    long trimmed = residentKb();
    blocks.forEach(BytePointer::close);

    long returnedMb = (freedButResident - trimmed) / 1024;
    assertTrue(returnedMb >= 64, "returned " + returnedMb + " MB of the 120 MB freed");
  }

  private static long residentKb() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElseThrow();
  }
}
