package io.facegate.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of POST /register: how many photos were added and why the others were not; on a
 * central, the gallery seq the enrollment committed; the frames' liveness verdict when frames were
 * sent.
 */
public record Registration(
    String username,
    int added,
    int total,
    List<Rejection> rejected,
    OptionalLong gallerySeq,
    Optional<Liveness> liveness) {
  /** One photo that gave no usable face, by its position in the request. */
  public record Rejection(int index, FacegateException reason) {}

  /** The contract's {@code rejected} array: index, error code, message (and details). */
  public static JsonArray toJson(List<Rejection> rejected) {
    JsonArray array = new JsonArray();
    for (Rejection r : rejected) {
      array.add(
          new JsonObject()
              .put("index", r.index())
              .put("error", r.reason().code().name())
              .put("message", r.reason().getMessage())
              .mergeIn(r.reason().details()));
    }
    return array;
  }
}
