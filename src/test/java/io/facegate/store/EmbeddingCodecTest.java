package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

@FastTier
class EmbeddingCodecTest {
  @Test
  void encodesFloat32LittleEndian() {
    byte[] bytes = EmbeddingCodec.encode(new float[] {1.0f});
    // 1.0f is 0x3F800000; little-endian puts the low byte first.
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, bytes);
  }

  @Test
  void roundTripIsBitExactIncludingSpecialValues() {
    float[] vector = {
      0.1f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY, 1e-30f
    };
    float[] back = EmbeddingCodec.decode(EmbeddingCodec.encode(vector));
    assertEquals(vector.length, back.length);
    for (int i = 0; i < vector.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(vector[i]), Float.floatToRawIntBits(back[i]), "component " + i);
    }
  }

  @Test
  void rejectsTruncatedBlob() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddingCodec.decode(new byte[7]));
  }
}
