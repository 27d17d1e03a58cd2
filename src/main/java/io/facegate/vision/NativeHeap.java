package io.facegate.vision;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives native memory that decoders freed back to the operating system. glibc keeps freed blocks
 * below its mmap threshold (which it raises as large blocks come and go) in per-thread arenas, so
 * without this a server that once decoded a large photo on each worker keeps that memory resident.
 * {@code malloc_trim} returns every arena's free pages; libcs without it (musl) make this a no-op.
 * JavaCPP 1.5.12 has no binding for it, hence JNA, which the stderr bridge already uses.
 */
final class NativeHeap {
  private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);
  private static final GlibcMalloc MALLOC = load();

  private NativeHeap() {}

  private interface GlibcMalloc extends Library {
    int malloc_trim(long pad);
  }

  private static GlibcMalloc load() {
    try {
      GlibcMalloc malloc = Native.load("c", GlibcMalloc.class);
      malloc.malloc_trim(0);
      return malloc;
    } catch (UnsatisfiedLinkError e) {
      LOG.info("this libc has no malloc_trim; freed decode memory stays with the allocator");
      return null;
    }
  }

  /** Returns the free pages of every malloc arena to the OS (a few ms at most). */
  static void trim() {
    if (MALLOC != null) {
      MALLOC.malloc_trim(0);
    }
  }
}
