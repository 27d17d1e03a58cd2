package io.facegate.http;

import io.facegate.index.Candidate;
import io.facegate.service.FaceReading;
import io.facegate.service.QualityBounds;
import io.facegate.store.Person;
import io.facegate.vision.Detection;
import io.facegate.vision.Point;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Results to the contract's JSON shapes. Scores are rounded to 4 decimals. */
final class Json {
  private Json() {}

  static double score(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  static JsonObject person(Person p) {
    return new JsonObject()
        .put("username", p.username())
        .put("display_name", p.displayName())
        .put("embeddings", p.embeddings())
        .put("created_at", p.createdAt().toString());
  }

  static JsonArray candidates(List<Candidate> candidates) {
    JsonArray array = new JsonArray();
    candidates.forEach(
        c ->
            array.add(
                new JsonObject().put("username", c.username()).put("score", score(c.score()))));
    return array;
  }

  /** The face a decision was made on with its quality, and how many faces the photo showed. */
  static JsonObject probe(JsonObject into, FaceReading probe) {
    return into.put("faces", probe.faces().size())
        .put("usable_faces", probe.usableFaces())
        .put("face", face(probe.chosen()))
        .put("quality", QualityBounds.toJson(probe.quality()));
  }

  static JsonObject face(Detection d) {
    JsonArray landmarks = new JsonArray();
    for (Point p : d.keypoints()) {
      landmarks.add(new JsonArray().add(round1(p.x())).add(round1(p.y())));
    }
    return new JsonObject()
        .put(
            "box",
            new JsonArray()
                .add(round1(d.x()))
                .add(round1(d.y()))
                .add(round1(d.width()))
                .add(round1(d.height())))
        .put("score", score(d.score()))
        .put("landmarks", landmarks);
  }

  private static double round1(float v) {
    return Math.round(v * 10) / 10.0;
  }
}
