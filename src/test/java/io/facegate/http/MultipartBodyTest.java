package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.facegate.testing.FastTier;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A whole multipart body to fields and files, and the refusals of what breaks its limits. */
@FastTier
class MultipartBodyTest {
  private static final String TYPE = "multipart/form-data; boundary=b";
  private final MultipartBody parts = new MultipartBody(16, 3);

  private static String field(String name, String value) {
    return "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }

  private static String file(String name, String content) {
    return "--b\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"; filename=\"x\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        + content
        + "\r\n";
  }

  private RequestBody decode(String body) {
    return parts.decode(TYPE, Buffer.buffer(body));
  }

  @Test
  void fieldsAndFilesComeOutByteForByte() {
    RequestBody body = decode(field("mode", "id") + file("image", "ab\r\n\rc\r") + "--b--\r\n");

    assertEquals("id", body.field("mode"));
    assertEquals(1, body.files().size());
    assertEquals("image", body.files().get(0).field());
    assertArrayEquals("ab\r\n\rc\r".getBytes(), body.files().get(0).bytes());
  }

  @Test
  void aFieldOverItsLimitIsRefused() {
    FacegateException e =
        assertThrows(
            FacegateException.class, () -> decode(field("mode", "x".repeat(17)) + "--b--\r\n"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("the text field mode is longer than 16 bytes", e.getMessage());
  }

  @Test
  void tooManyPartsAreRefused() {
    FacegateException e =
        assertThrows(
            FacegateException.class,
            () ->
                decode(
                    field("a", "1")
                        + field("b", "2")
                        + field("c", "3")
                        + field("d", "4")
                        + "--b--"));
    assertEquals("more than 3 multipart parts", e.getMessage());
  }

  @Test
  void aBodyCutShortOrWithoutBoundaryIsRefused() {
    String photo = file("image", "abcdef");
    String cutInPhoto = field("mode", "id") + photo.substring(0, photo.length() - 4);
    FacegateException cut = assertThrows(FacegateException.class, () -> decode(cutInPhoto));
    assertEquals("the request body is malformed or was cut short", cut.getMessage());
    FacegateException e =
        assertThrows(
            FacegateException.class,
            () -> parts.decode("multipart/form-data", Buffer.buffer(field("a", "1"))));
    assertEquals("the multipart content type has no usable boundary", e.getMessage());
  }
}
