package io.facegate.vision;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One reusable direct float buffer per thread for model inputs. ONNX Runtime wraps a direct,
 * native-order buffer without copying (a heap buffer it would copy into a fresh direct one), and a
 * direct buffer allocated per request is only freed when a GC happens to collect it, so native
 * memory and RSS grow with the request rate. Inference threads are few and long-lived, so one
 * buffer each is bounded. A buffer is valid until the same thread asks again.
 */
final class InputBuffers {
  private final ThreadLocal<FloatBuffer> perThread = new ThreadLocal<>();

  /** A cleared buffer of exactly {@code floats} floats (position 0, limit {@code floats}). */
  FloatBuffer take(int floats) {
    FloatBuffer buffer = perThread.get();
    if (buffer == null || buffer.capacity() < floats) {
      buffer =
          ByteBuffer.allocateDirect(floats * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      perThread.set(buffer);
    }
    buffer.clear().limit(floats);
    return buffer;
  }
}
