package io.facegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a burst of photo requests ended: each answered (200) or refused with one expected error and
 * Retry-After 1.
 */
public record Burst(int answered, int refused) {

  /** Awaits every call; {@code checkAnswer} looks at each 200. */
  public static Burst tally(
      List<Future<HttpResponse<Buffer>>> calls,
      int refusedStatus,
      String refusedError,
      Consumer<HttpResponse<Buffer>> checkAnswer) {
    int answered = 0;
    int refused = 0;
    for (Future<HttpResponse<Buffer>> call : calls) {
      HttpResponse<Buffer> r = TestServer.await(call);
      if (r.statusCode() == 200) {
        checkAnswer.accept(r);
        answered++;
      } else {
        assertEquals(refusedStatus, r.statusCode(), r.bodyAsString());
        assertEquals(refusedError, r.bodyAsJsonObject().getString("error"));
        assertEquals("1", r.getHeader("Retry-After"));
        refused++;
      }
    }
    return new Burst(answered, refused);
  }
}
