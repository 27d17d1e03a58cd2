package io.facegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Assertions on API answers. */
public final class Responses {
  private Responses() {}

  /**
   * The JSON body of an answer with {@code status} (null for 204), the body shown when the status
   * differs.
   */
  public static JsonObject assertStatus(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return status == 204 ? null : response.bodyAsJsonObject();
  }
}
