package io.facegate.config;

import static io.facegate.config.Section.DECISIONS;
import static io.facegate.config.Section.EVENTS;
import static io.facegate.config.Section.FLEET;
import static io.facegate.config.Section.INDEX;
import static io.facegate.config.Section.LIMITS;
import static io.facegate.config.Section.PIPELINE;
import static io.facegate.config.Section.QUALITY;
import static io.facegate.config.Section.SECURITY;
import static io.facegate.config.Section.SERVER;
import static io.facegate.config.Section.STORAGE;

import io.facegate.config.SettingType.AutoOr;
import io.facegate.config.SettingType.Choice;
import io.facegate.config.SettingType.Cidrs;
import io.facegate.config.SettingType.Decimal;
import io.facegate.config.SettingType.Text;
import io.facegate.config.SettingType.Whole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every setting the server reads, with what it accepts and one line on what it does. The defaults
 * are not here: they are config/facegate.json, embedded in the jar, which must name exactly these
 * keys. docs/configuration.md is generated from this table.
 */
public final class SettingTable {
  private static final int INT_MAX = Integer.MAX_VALUE;
  private static final long GIB = 1L << 30;
  private static final int DAY_S = 86_400;

  public static final List<Setting> ALL =
      List.of(
          row(SERVER, "host", required(), "address to listen on"),
          row(SERVER, "port", whole(0, 65_535), "port to listen on; 0 takes any free port"),
          row(
              SERVER,
              "tls_cert_file",
              text(),
              "PEM certificate chain: with tls_key_file, serve HTTPS only; empty: plain HTTP"),
          row(SERVER, "tls_key_file", text(), "PEM private key of tls_cert_file"),
          row(
              SERVER,
              "cors_origins",
              text(),
              "comma-separated origins allowed to call from a browser; empty: no CORS headers"),
          row(
              SERVER,
              "trusted_proxies",
              new Cidrs(),
              "reverse proxies whose X-Forwarded-For or Forwarded header names the client (for rate"
                  + " limits and the audit); empty: the TCP peer is the client and the headers are"
                  + " ignored"),
          row(
              SERVER,
              "idle_timeout_seconds",
              whole(0, DAY_S),
              "a connection that sends nothing for this long is closed; 0: never"),
          row(
              SERVER,
              "shutdown_grace_seconds",
              whole(0, 3_600),
              "on SIGTERM: how long in-flight requests may finish before the store closes"),
          row(
              SERVER,
              "log_format",
              choice("text", "json"),
              "text: one readable line per event; json: one JSON object per line"),
          row(LIMITS, "body_limit_bytes", whole(1, GIB), "largest request body"),
          row(LIMITS, "max_image_bytes", whole(1, GIB), "largest image, checked before decoding"),
          row(
              LIMITS,
              "max_image_pixels",
              whole(1, 1_000_000_000),
              "most pixels in one image, read from its header before decoding"),
          row(
              LIMITS,
              "decode_budget_bytes",
              whole(1, 1L << 40),
              "native memory for decoded photos shared by all requests; a photo that does not fit waits, then gets 503"),
          row(
              LIMITS,
              "decode_wait_ms",
              whole(0, 60_000),
              "how long a photo waits for room in decode_budget_bytes"),
          row(LIMITS, "max_images_per_request", whole(1, 1_000), "images in one request"),
          row(
              LIMITS,
              "max_header_bytes",
              whole(1_024, 1 << 20),
              "all request headers together; more: 431"),
          row(LIMITS, "max_form_field_bytes", whole(1, 1 << 20), "one multipart text field"),
          row(
              LIMITS,
              "max_form_fields",
              whole(1, 10_000),
              "multipart parts (text fields and files) per request: room for 10 images, 30 frames and the text fields; more: 400"),
          row(
              LIMITS,
              "workers",
              whole(1, 256),
              "photos decoded and run through the models at the same time"),
          row(
              LIMITS,
              "max_queue",
              whole(1, 100_000),
              "photo requests admitted at once, running or waiting for a worker; more: 503 OVERLOADED before the body is read"),
          row(
              LIMITS,
              "inference_timeout_ms",
              whole(1, 600_000),
              "longest a photo request's decoding and model runs may take, waiting for a worker included; more: 503 TIMED_OUT"),
          row(
              PIPELINE,
              "models_dir",
              text(),
              "read the models from this directory; empty: the copies embedded in the jar"),
          row(
              PIPELINE,
              "pipeline_preset",
              choice("door_terminal", "wide_camera"),
              "sets the detector, alignment and embedder left at auto: door_terminal (face fills the frame: short-range detector first) "
                  + "or wide_camera (small faces: full-range detector first); docs/accuracy.md"),
          row(
              PIPELINE,
              "detector",
              choice("auto", "back", "front", "front-then-back"),
              "auto: pipeline_preset's; back: BlazeFace full range, 256 input, small faces too; front: 128 input, cheaper, "
                  + "for faces filling the frame; front-then-back: front first, back only when it finds nothing"),
          row(
              PIPELINE,
              "min_detection_score",
              number(0, 1),
              "detector confidence below which a candidate is not a face"),
          row(
              PIPELINE,
              "alignment",
              choice("auto", "mesh", "detector"),
              "auto: pipeline_preset's; mesh: five landmarks from the face mesh; detector: BlazeFace's coarse key points (cheaper, less accurate)"),
          row(
              PIPELINE,
              "embedder",
              choice("auto", "mobilefacenet", "fr_feature"),
              "auto: pipeline_preset's (mobilefacenet in both); mobilefacenet: 192-D; fr_feature: 512-D, weights of unstated origin (docs/accuracy.md)"),
          row(
              PIPELINE,
              "inference_threads",
              whole(1, 256),
              "ONNX Runtime intra-op threads per model run; keep workers x inference_threads at or below the cores"),
          row(
              DECISIONS,
              "threshold_auth",
              new AutoOr(number(-1, 1)),
              "cosine score a 1:1 probe (and /compare) must reach; auto: the loaded embedder's calibrated threshold (FAR 1e-3, docs/accuracy.md)"),
          row(
              DECISIONS,
              "threshold_id",
              new AutoOr(number(-1, 1)),
              "cosine score the best person must reach in 1:N; auto: derived from the gallery for id_target_fpir"),
          row(
              DECISIONS,
              "id_target_fpir",
              number(0.001, 0.5),
              "with threshold_id auto: the share of never-enrolled people an id answer may name as someone"),
          row(
              DECISIONS,
              "id_margin",
              number(0, 2),
              "in 1:N the best person must lead the runner-up by this much, else unknown"),
          row(
              DECISIONS,
              "duplicate_threshold",
              new AutoOr(number(-1, 1)),
              "/register refuses a face scoring this much against someone else (409 DUPLICATE_FACE); auto: threshold_auth"),
          row(
              DECISIONS,
              "liveness",
              choice("off", "report", "enforce"),
              "liveness: off (frames a client sends are judged and reported, nothing more), report (the passive model's score reported too) or enforce (a failed or missing check makes /verify and /compare answer match:false and /register 422 SPOOF_SUSPECTED)"),
          row(
              DECISIONS,
              "liveness_threshold",
              number(0, 100),
              "passive model (antispoof.onnx) score at or above which its reported check fails"),
          row(
              DECISIONS,
              "liveness_challenge_actions",
              whole(1, 3),
              "actions (blink, turn_left, turn_right) a liveness challenge asks for, in random order"),
          row(
              DECISIONS,
              "liveness_challenge_seconds",
              whole(3, 300),
              "how long a liveness challenge may be answered (once) after it is issued"),
          row(
              QUALITY,
              "enroll_min_face_px",
              number(0, 10_000),
              "enrollment: smallest face, in pixels"),
          row(
              QUALITY,
              "enroll_min_sharpness",
              number(0, 1_000_000),
              "enrollment: least sharpness (variance of the Laplacian)"),
          row(
              QUALITY,
              "enroll_min_brightness",
              number(0, 255),
              "enrollment: darkest mean face brightness"),
          row(
              QUALITY,
              "enroll_max_brightness",
              number(0, 255),
              "enrollment: brightest mean face brightness"),
          row(QUALITY, "enroll_max_roll", number(0, 180), "enrollment: most head tilt, in degrees"),
          row(QUALITY, "enroll_max_yaw", number(0, 180), "enrollment: most head turn, in degrees"),
          row(
              QUALITY,
              "enroll_min_detector_score",
              number(0, 1),
              "enrollment: least detector confidence"),
          row(
              QUALITY,
              "verify_min_face_px",
              number(0, 10_000),
              "verification: smallest face, in pixels"),
          row(
              QUALITY,
              "verify_min_sharpness",
              number(0, 1_000_000),
              "verification: least sharpness (variance of the Laplacian)"),
          row(
              QUALITY,
              "verify_min_brightness",
              number(0, 255),
              "verification: darkest mean face brightness"),
          row(
              QUALITY,
              "verify_max_brightness",
              number(0, 255),
              "verification: brightest mean face brightness"),
          row(
              QUALITY,
              "verify_max_roll",
              number(0, 180),
              "verification: most head tilt, in degrees"),
          row(
              QUALITY,
              "verify_max_yaw",
              number(0, 180),
              "verification: most head turn, in degrees"),
          row(
              QUALITY,
              "verify_min_detector_score",
              number(0, 1),
              "verification: least detector confidence"),
          row(
              QUALITY,
              "min_face_presence",
              number(0, 1),
              "least face-presence score (0-1) the face mesh must give a detection for it to count as a face; 0: not checked"),
          row(
              QUALITY,
              "max_landmark_drift",
              number(0, 100),
              "farthest the face mesh's eyes, nose and mouth may lie from the detector's, in eye distances, for a detection"
                  + " to count as a face"),
          row(
              QUALITY,
              "max_face_flatness",
              number(0, 1),
              "largest share of the middle of a face box that may be flat colour, no change between neighbouring pixels"
                  + " (a drawing, not skin), for a detection to count as a face; 1: not checked"),
          row(
              SECURITY,
              "jwt_secret",
              text(),
              "HMAC secret, at least 32 bytes; empty: generated into the data directory"),
          row(
              SECURITY,
              "jwt_algorithm",
              choice(
                  "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                  "ES256", "ES384", "ES512"),
              "the only token alg accepted: HS* with the secret, RS*, PS* or ES* with jwt_public_key_file"),
          row(SECURITY, "jwt_issuer", required(), "iss claim written and required"),
          row(
              SECURITY,
              "jwt_audience",
              text(),
              "when set, tokens must carry it in aud (and minted ones do); empty: not checked"),
          row(
              SECURITY,
              "jwt_public_key_file",
              text(),
              "PEM public key of a system that mints tokens elsewhere; this server then only verifies"),
          row(
              SECURITY,
              "rate_limit_per_second",
              number(0, 1_000_000),
              "photo requests per second per token subject and per client address; 0 disables rate limiting"),
          row(
              SECURITY,
              "rate_limit_burst",
              number(0, 1_000_000),
              "photo requests a caller may send at once before the rate applies"),
          row(
              SECURITY,
              "rate_limit_concurrent",
              whole(0, 100_000),
              "photo requests one token subject may have admitted at once; 0, or rate limiting off, disables it"),
          row(
              SECURITY,
              "lockout_failures",
              whole(0, 1_000),
              "failed 1:1 verifications of one username within the window that lock it for the window; 0 disables"),
          row(
              SECURITY,
              "lockout_window_seconds",
              whole(1, 7 * DAY_S),
              "the lockout's window and duration"),
          row(
              INDEX,
              "index_shortlist_from",
              whole(0, INT_MAX),
              "from this many embeddings the scan shortlists by random-projection codes first; 0: at every size"),
          row(
              INDEX,
              "index_shortlist",
              whole(1, INT_MAX),
              "rows scored exactly per search once shortlisting"),
          row(
              STORAGE,
              "data_dir",
              required(),
              "the SQLite database and the generated token secret"),
          row(
              STORAGE,
              "on_model_mismatch",
              choice("refuse", "ignore-old"),
              "stored embeddings from another embedding model: refuse to start, or ignore-old (start without them)"),
          row(
              STORAGE,
              "audit_retention_days",
              whole(1, 36_500),
              "audit events older than this are deleted at boot and daily"),
          row(
              STORAGE,
              "crop_store_key_file",
              text(),
              "file with a base64 32-byte key: keep each enrollment's face crop encrypted, for reembed; empty: no crops"),
          row(
              EVENTS,
              "mqtt_host",
              text(),
              "door events to this MQTT broker (QoS 1); empty: no MQTT"),
          row(EVENTS, "mqtt_port", whole(1, 65_535), "the MQTT broker's port"),
          row(
              EVENTS,
              "mqtt_topic_prefix",
              required(),
              "events go to <prefix>/<decision>, e.g. facegate/door/match"),
          row(EVENTS, "mqtt_client_id", text(), "MQTT client id; empty: generated"),
          row(EVENTS, "mqtt_username", text(), "MQTT user name; empty: anonymous"),
          row(EVENTS, "mqtt_password", text(), "MQTT password"),
          row(
              EVENTS,
              "webhook_url",
              text(),
              "door events POSTed as JSON to this http(s):// URL; empty: no webhook"),
          row(
              EVENTS,
              "webhook_authorization",
              text(),
              "sent as the webhook's Authorization header as is; empty: none"),
          row(
              EVENTS,
              "webhook_hmac_secret",
              text(),
              "adds X-Facegate-Signature: sha256=<HMAC-SHA256 of the body>; empty: none"),
          row(
              EVENTS,
              "events_queue_size",
              whole(1, 1_000_000),
              "door events waiting per sink; when full the oldest is dropped"),
          row(
              EVENTS,
              "events_max_attempts",
              whole(1, 1_000),
              "tries per event before it is dropped"),
          row(
              EVENTS,
              "events_retry_initial_ms",
              whole(1, 3_600_000),
              "first backoff between tries and MQTT reconnects; doubles"),
          row(
              EVENTS,
              "events_retry_max_ms",
              whole(1, DAY_S * 1000L),
              "longest backoff; at least events_retry_initial_ms"),
          row(
              EVENTS,
              "events_timeout_ms",
              whole(1, 600_000),
              "a webhook call or MQTT PUBACK taking longer fails the try"),
          row(
              EVENTS,
              "events_flush_ms",
              whole(0, 600_000),
              "on stop: how long queued events may still be delivered"),
          row(
              FLEET,
              "role",
              choice("standalone", "central", "follower"),
              "standalone: one box, SQLite only; central: the gallery lives in PostgreSQL; follower: a door replicating a central"),
          row(
              FLEET,
              "postgres_url",
              text(),
              "central: postgresql://USER@HOST:PORT/DATABASE; the schema is migrated at start"),
          row(
              FLEET,
              "postgres_password",
              text(),
              "central: the PostgreSQL password; empty: none (trust or a .pgpass-free setup)"),
          row(
              FLEET,
              "follow_url",
              text(),
              "follower: base URL of a central instance, e.g. https://central:8080"),
          row(
              FLEET,
              "follow_token",
              text(),
              "follower: a bearer token with the role replica, minted on the central"),
          row(
              FLEET,
              "replica_id",
              text(),
              "follower: the name the central lists this door under; empty: the token's subject"),
          row(
              FLEET,
              "replication_log_retention_hours",
              whole(1, 365 * 24),
              "central: change-log entries older than this are pruned hourly; a door further behind reloads the snapshot"),
          row(
              FLEET,
              "follower_stale_after_seconds",
              whole(1, 365 * DAY_S),
              "follower: not in sync with the central for longer than this makes the door stale"),
          row(
              FLEET,
              "follower_stale_policy",
              choice("keep", "unknown"),
              "a stale door keeps naming people (keep) or answers every 1:N and 1:1 with no match (unknown)"));

  /**
   * Keys earlier versions read, with why each went: a config file or variable still setting one is
   * refused with that reason instead of as an unknown key.
   */
  static final Map<String, String> REMOVED =
      removed(
          "was removed with the HNSW graph (1:N searches scan the gallery) and can be deleted",
          "index_m",
          "index_ef_construction",
          "index_ef",
          "index_graph_from",
          "index_snapshot_seconds");

  static final Map<String, Setting> BY_KEY =
      ALL.stream()
          .collect(
              Collectors.toMap(
                  Setting::key,
                  Function.identity(),
                  (a, b) -> {
                    throw new IllegalStateException("setting " + a.key() + " defined twice");
                  },
                  LinkedHashMap::new));

  private SettingTable() {}

  private static Map<String, String> removed(String why, String... keys) {
    return Stream.of(keys).collect(Collectors.toUnmodifiableMap(Function.identity(), k -> why));
  }

  private static Setting row(Section section, String key, SettingType type, String description) {
    return new Setting(section, key, type, description);
  }

  private static SettingType text() {
    return new Text(true);
  }

  private static SettingType required() {
    return new Text(false);
  }

  private static Whole whole(long min, long max) {
    return new Whole(min, max);
  }

  private static Decimal number(double min, double max) {
    return new Decimal(min, max);
  }

  private static SettingType choice(String... values) {
    return new Choice(List.of(values));
  }
}
