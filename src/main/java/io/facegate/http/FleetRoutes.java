package io.facegate.http;

import io.facegate.config.FleetConfig;
import io.facegate.fleet.CentralWrites;
import io.facegate.fleet.FeedJson;
import io.facegate.fleet.FeedRefusal;
import io.facegate.fleet.central.ChangeLog;
import io.facegate.fleet.central.Erasure;
import io.facegate.fleet.central.ReplicaStatus;
import io.facegate.fleet.central.Replicas;
import io.facegate.fleet.central.ReplicationFeed;
import io.facegate.fleet.follower.ReplicaFollower;
import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.facegate.service.GalleryWrites;
import io.facegate.service.Usernames;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * The HTTP side of a fleet: the replication feed and the replica admin views of a central, the
 * read-only refusal of a follower, and {@code min_seq} (a read waits briefly until this instance's
 * replica holds a write made elsewhere). The parts are attached once the boot has opened them; on a
 * standalone box the feed routes answer 404 and {@code min_seq} has nothing to wait for.
 */
public final class FleetRoutes {
  /** How long a read with {@code min_seq} may wait for the replica before it is refused. */
  static final long MIN_SEQ_WAIT_MS = 2_000;

  /** A central's feed and what the admin views read. */
  public record Central(ReplicationFeed feed, Replicas replicas, ChangeLog log) {}

  private final FleetConfig.Role role;
  private volatile Central central;
  private volatile ReplicaFollower replica;
  private volatile ImportHandler imports;

  public FleetRoutes(FleetConfig.Role role) {
    this.role = role;
  }

  public void attach(Central central) {
    this.central = central;
  }

  public void attach(ReplicaFollower replica) {
    this.replica = replica;
  }

  /**
   * A central's writes, for {@code POST /admin/import}; embeddings of another model or size are
   * refused.
   */
  public void attach(CentralWrites writes, String modelId, int dimensions) {
    this.imports = new ImportHandler(writes, modelId, dimensions);
  }

  /** Before a write's body is read: a follower refuses it with READ_ONLY_REPLICA. */
  void writable(RoutingContext ctx) {
    if (role == FleetConfig.Role.FOLLOWER) {
      ApiErrors.send(ctx, GalleryWrites.refusal());
    } else {
      ctx.next();
    }
  }

  /**
   * {@code min_seq=S}: waits up to {@link #MIN_SEQ_WAIT_MS} for the replica to reach S, else 503
   * with Retry-After.
   */
  void minSeq(RoutingContext ctx) {
    String raw = ctx.request().getParam("min_seq");
    ReplicaFollower follower = replica;
    if (raw != null && role == FleetConfig.Role.STANDALONE) {
      ApiErrors.send(
          ctx,
          ErrorCode.BAD_REQUEST,
          "min_seq is for a central or a follower; a standalone server "
              + "answers a write only once every read sees it");
      return;
    }
    if (raw == null || follower == null) { // no replica yet: the readiness check answers
      ctx.next();
      return;
    }
    long wanted;
    try {
      wanted = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      wanted = -1;
    }
    if (wanted < 0) {
      ApiErrors.send(
          ctx,
          new FacegateException(
              ErrorCode.BAD_REQUEST, "min_seq must be a gallery seq (a whole number)"));
      return;
    }
    long seq = wanted;
    follower
        .awaitApplied(seq, MIN_SEQ_WAIT_MS)
        .onSuccess(
            reached -> {
              if (reached) {
                ctx.next();
              } else {
                ApiErrors.send(
                    ctx,
                    new FacegateException(
                        ErrorCode.NOT_READY,
                        "this instance's replica is at gallery seq "
                            + follower.seq()
                            + ", not yet "
                            + seq
                            + "; retry in 1 s",
                        new JsonObject().put(FacegateException.RETRY_AFTER, 1)));
              }
            });
  }

  /**
   * GET /replication/changes?lineage&after&limit&wait: the door is the token's subject, or {@code
   * replica} when given.
   */
  void changes(RoutingContext ctx) {
    Central c = centralOr404(ctx);
    if (c == null) {
      return;
    }
    String door =
        ctx.request().getParam("replica", String.valueOf(ctx.user().principal().getValue("sub")));
    try {
      long after = Long.parseLong(ctx.request().getParam("after", "0"));
      int limit =
          Integer.parseInt(
              ctx.request().getParam("limit", String.valueOf(ReplicationFeed.DEFAULT_LIMIT)));
      int wait = Integer.parseInt(ctx.request().getParam("wait", "0"));
      c.feed()
          .changes(door, ctx.request().getParam("lineage"), after, limit, wait)
          .onSuccess(ctx::json)
          .onFailure(e -> feedFailure(ctx, e));
    } catch (NumberFormatException e) {
      ApiErrors.send(ctx, ErrorCode.BAD_REQUEST, "after, limit and wait must be whole numbers");
    }
  }

  /** POST /admin/import: JSON lines of people streamed into the central gallery. */
  void importPeople(RoutingContext ctx) {
    ImportHandler handler = imports;
    if (centralOr404(ctx) != null) {
      if (handler == null) { // the central's replica has not loaded yet
        ApiErrors.send(ctx, ErrorCode.NOT_READY, "the central is still loading its gallery");
      } else {
        handler.handle(ctx);
      }
    }
  }

  void snapshot(RoutingContext ctx) {
    Central c = centralOr404(ctx);
    if (c != null) {
      // Encoded on a worker: a large gallery takes seconds, which on the event loop would stall
      // every other request and long poll of the central.
      c.feed()
          .snapshot()
          .compose(s -> ctx.vertx().executeBlocking(() -> FeedJson.snapshot(s).toBuffer(), false))
          .onSuccess(
              body ->
                  ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body))
          .onFailure(e -> ApiErrors.send(ctx, e));
    }
  }

  /**
   * GET /admin/replicas: each follower's id, cursor, lag in changes behind the head, and when it
   * was last seen.
   */
  void replicas(RoutingContext ctx) {
    Central c = centralOr404(ctx);
    if (c == null) {
      return;
    }
    c.log()
        .head()
        .compose(
            head ->
                c.replicas()
                    .list()
                    .map(
                        all -> {
                          JsonArray replicas = new JsonArray();
                          all.forEach(
                              r ->
                                  replicas.add(
                                      status(r)
                                          .put(
                                              "lag",
                                              r.lineage().equals(head.lineage())
                                                  ? Math.max(0, head.seq() - r.seq())
                                                  : null)));
                          return new JsonObject()
                              .put("lineage", head.lineage())
                              .put("seq", head.seq())
                              .put("replicas", replicas);
                        }))
        .onSuccess(ctx::json)
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  /**
   * GET /admin/erasures/{username}: when the person was deleted, at which seq, and which followers
   * have applied it.
   */
  void erasure(RoutingContext ctx) {
    Central c = centralOr404(ctx);
    if (c == null) {
      return;
    }
    String username;
    try {
      username = Usernames.require(ctx.pathParam("username"));
    } catch (FacegateException e) {
      ApiErrors.send(ctx, e);
      return;
    }
    c.replicas()
        .erasure(username)
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ApiErrors.send(
                    ctx,
                    ErrorCode.NOT_FOUND,
                    "the change log holds no deletion of '"
                        + username
                        + "' (never deleted, or pruned since)");
                return;
              }
              Erasure e = found.get();
              JsonArray applied = new JsonArray();
              e.applied().forEach(r -> applied.add(status(r)));
              JsonArray pending = new JsonArray();
              e.pending().forEach(r -> pending.add(status(r)));
              ctx.json(
                  new JsonObject()
                      .put("username", e.username())
                      .put("seq", e.seq())
                      .put("deleted_at", time(e.at()))
                      .put("applied", applied)
                      .put("pending", pending));
            })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  private Central centralOr404(RoutingContext ctx) {
    Central c = central;
    if (c == null) {
      ApiErrors.send(
          ctx, ErrorCode.NOT_FOUND, "this server is not a central: it has no replication feed");
    }
    return c;
  }

  private static void feedFailure(RoutingContext ctx, Throwable e) {
    if (e instanceof FeedRefusal refusal) {
      ApiErrors.send(
          ctx,
          refusal.reason() == FeedRefusal.Reason.GONE ? ErrorCode.GONE : ErrorCode.LINEAGE_CHANGED,
          refusal.getMessage());
    } else if (e instanceof IllegalArgumentException) {
      ApiErrors.send(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
    } else {
      ApiErrors.send(ctx, e);
    }
  }

  private static JsonObject status(ReplicaStatus r) {
    return new JsonObject()
        .put("id", r.door())
        .put("lineage", r.lineage())
        .put("seq", r.seq())
        .put("last_seen", time(r.seenAt()));
  }

  private static String time(Instant at) {
    return at.toString();
  }
}
