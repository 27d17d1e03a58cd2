package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.HostileFiles;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.ImageDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each way the decoder refuses a photo reaches the client as its contract error. */
@ModelsTier
class ImageRefusalCodesTest {
  static final byte[] PLAIN = HostileFiles.plainJpeg(); // 96x96
  static FacePipeline pipeline;
  static FaceReader reader;

  @BeforeAll
  static void load() {
    // Room for exactly one decoded 96x96 photo, and no waiting for more.
    FacegateConfig config =
        Models.defaults().with("decode_budget_bytes", 96 * 96 * 3).with("decode_wait_ms", 0);
    pipeline = FacePipeline.load(config.pipeline().models(), config.pipelineSettings());
    reader = config.faceReader(pipeline);
  }

  @AfterAll
  static void close() {
    pipeline.close();
  }

  @Test
  void aFullDecodeBudgetIsOverloadedWithRetryAfter() {
    try (ImageDecoder.Decoded held = pipeline.decodeForFaces(PLAIN)) {
      FacegateException e = assertThrows(FacegateException.class, () -> reader.forProbe(PLAIN));
      assertEquals(ErrorCode.OVERLOADED, e.code());
      assertEquals(1, e.details().getInteger("retry_after_seconds"));
    }
    assertEquals(
        ErrorCode.NO_FACE,
        assertThrows(FacegateException.class, () -> reader.forProbe(PLAIN)).code(),
        "served once the budget is free");
  }

  @Test
  void formatsNotDecodedAreUnsupportedMediaTypes() {
    byte[] gif =
        "GIF89a\1\0\1\0\0\0\0,\0\0\0\0\1\0\1\0\0\2\0;".getBytes(StandardCharsets.ISO_8859_1);
    FacegateException e = assertThrows(FacegateException.class, () -> reader.forProbe(gif));
    assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.code());
    assertEquals("GIF images are not supported; send JPEG, PNG, BMP or WebP", e.getMessage());
  }

  @Test
  void brokenStructureIsABadImageAndABombTooLarge() {
    assertEquals(
        ErrorCode.BAD_IMAGE,
        assertThrows(
                FacegateException.class,
                () -> reader.forProbe(HostileFiles.pngWithHugeChunk("IDAT")))
            .code());
    assertEquals(
        ErrorCode.TOO_LARGE,
        assertThrows(FacegateException.class, () -> reader.forProbe(HostileFiles.pixelBombHeader()))
            .code());
  }
}
