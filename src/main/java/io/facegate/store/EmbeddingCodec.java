package io.facegate.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The on-disk form of an embedding: float32 little-endian, 4 bytes per dimension. Fixed byte order
 * so a database copied between x86 and ARM devices reads back bit-exact.
 */
public final class EmbeddingCodec {
  private EmbeddingCodec() {}

  public static byte[] encode(float[] vector) {
    ByteBuffer buf =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(vector);
    return buf.array();
  }

  public static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "embedding blob of " + bytes.length + " bytes is not whole float32 values");
    }
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
