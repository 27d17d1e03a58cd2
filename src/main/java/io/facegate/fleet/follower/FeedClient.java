package io.facegate.fleet.follower;

import io.facegate.fleet.ChangeBatch;
import io.facegate.fleet.ChangeSource;
import io.facegate.fleet.FeedJson;
import io.facegate.fleet.FeedRefusal;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.store.StoreRevision;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A door's view of a central: its replication feed over HTTP(S) with the door's replica token. 409
 * (another lineage) and 410 (pruned past the cursor) become {@link FeedRefusal}; anything else that
 * is not 200 is a failure the follower retries.
 */
public final class FeedClient implements ChangeSource {
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  /** Beyond the long poll's own wait: the answer's transfer. */
  private static final long ANSWER_GRACE_MS = 30_000;

  /**
   * The central sends nothing until the whole snapshot is encoded, which for a large gallery on a
   * busy machine can take minutes; giving up early only makes it encode the snapshot again.
   */
  private static final long SNAPSHOT_TIMEOUT_MS = 300_000;

  private final HttpClient http;
  private final String base;
  private final String token;
  private final String replicaId;

  private FeedClient(HttpClient http, String base, String token, String replicaId) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.replicaId = replicaId;
  }

  /**
   * {@code followUrl}: the central's base URL; {@code replicaId}: the name to be listed under, or
   * empty for the token's subject.
   */
  public static FeedClient create(Vertx vertx, String followUrl, String token, String replicaId) {
    URI uri = URI.create(followUrl);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "follow_url must be an http:// or https:// URL of a central, got " + followUrl);
    }
    HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setDecompressionSupported(true));
    String base =
        followUrl.endsWith("/") ? followUrl.substring(0, followUrl.length() - 1) : followUrl;
    return new FeedClient(http, base, token, replicaId);
  }

  @Override
  public Future<ChangeBatch> changesAfter(StoreRevision cursor, int limit, long waitMs) {
    String query =
        "lineage="
            + URLEncoder.encode(cursor.lineage(), StandardCharsets.UTF_8)
            + "&after="
            + cursor.seq()
            + "&limit="
            + limit
            + "&wait="
            + waitMs / 1000
            + (replicaId.isEmpty()
                ? ""
                : "&replica=" + URLEncoder.encode(replicaId, StandardCharsets.UTF_8));
    return get("/replication/changes?" + query, waitMs + ANSWER_GRACE_MS).map(FeedJson::changes);
  }

  @Override
  public Future<GallerySnapshot> snapshot() {
    return get("/replication/snapshot", SNAPSHOT_TIMEOUT_MS).map(FeedJson::snapshot);
  }

  private Future<JsonObject> get(String path, long timeoutMs) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(base + path)
            .putHeader("Authorization", "Bearer " + token)
            .setIdleTimeout(timeoutMs);
    return http.request(options)
        .compose(request -> request.send())
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        body ->
                            switch (response.statusCode()) {
                              case 200 -> Future.succeededFuture(body.toJsonObject());
                              case 409 ->
                                  Future.failedFuture(
                                      new FeedRefusal(
                                          FeedRefusal.Reason.OTHER_LINEAGE,
                                          message(body.toString())));
                              case 410 ->
                                  Future.failedFuture(
                                      new FeedRefusal(
                                          FeedRefusal.Reason.GONE, message(body.toString())));
                              default ->
                                  Future.failedFuture(
                                      new IllegalStateException(
                                          "the central answered "
                                              + response.statusCode()
                                              + " to GET "
                                              + path
                                              + ": "
                                              + message(body.toString())));
                            }));
  }

  private static String message(String body) {
    try {
      return new JsonObject(body).getString("message", body);
    } catch (RuntimeException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  public Future<Void> close() {
    return http.close();
  }
}
