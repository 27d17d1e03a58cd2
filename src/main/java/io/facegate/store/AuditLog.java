package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The audit table: appended to after each audited request, read by admins, pruned by age.
 *
 * <p>Appends are group-committed: one transaction at a time writes every event queued so far, and
 * events arriving meanwhile wait for the next one. An idle server still writes each event at once;
 * a busy one pays one commit (one fsync: milliseconds on an SD card) per batch instead of per
 * request, which also keeps the single writer free for enrollments.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /**
   * Fixed width so that comparing the text compares the instants (Instant.toString varies its
   * digits).
   */
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final String INSERT =
      "INSERT INTO audit(at, subject, client_ip, method, route, status, username, "
          + "decision, score, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Writes waiting for the single SQLite writer beyond which new events are dropped (and counted in
   * the log): a flood of refused requests must not queue unbounded memory or starve enrollments.
   */
  static final int MAX_PENDING = 1000;

  /** Events per transaction at most. */
  static final int MAX_BATCH = 200;

  private final Database db;
  private final AtomicInteger pending = new AtomicInteger();
  private final Queue<AuditEvent> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();

  public AuditLog(Database db) {
    this.db = db;
  }

  static String format(Instant at) {
    return AT.format(at);
  }

  /** Fire and forget: a failed write is logged, never passed to the request that caused it. */
  public void record(AuditEvent e) {
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      long total = dropped.incrementAndGet();
      if (total == 1 || total % 1000 == 0) {
        LOG.warn("audit writes are {} behind: {} events dropped so far", MAX_PENDING, total);
      }
      return;
    }
    queued.add(e);
    writeQueued();
  }

  /**
   * Starts a transaction with everything queued unless one is running; the running one starts the
   * next.
   */
  private void writeQueued() {
    if (!writing.compareAndSet(false, true)) {
      return;
    }
    List<AuditEvent> batch = new ArrayList<>();
    for (AuditEvent e; batch.size() < MAX_BATCH && (e = queued.poll()) != null; ) {
      batch.add(e);
    }
    if (batch.isEmpty()) {
      writing.set(false);
      if (!queued.isEmpty()) { // added after the poll, before the flag was cleared
        writeQueued();
      }
      return;
    }
    List<Tuple> rows = batch.stream().map(AuditLog::row).toList();
    db.inTransaction(conn -> conn.preparedQuery(INSERT).executeBatch(rows))
        .onComplete(
            done -> {
              pending.addAndGet(-batch.size());
              if (done.failed()) {
                logFailure(batch, done.cause());
              }
              writing.set(false);
              writeQueued();
            });
  }

  private static Tuple row(AuditEvent e) {
    return Tuple.from(
        new Object[] {
          format(e.at()),
          e.subject(),
          e.clientIp(),
          e.method(),
          e.route(),
          e.status(),
          e.username(),
          e.decision(),
          e.score(),
          e.requestId()
        });
  }

  private static void logFailure(List<AuditEvent> batch, Throwable err) {
    // Runs later, on another thread: the request id goes into the MDC here, for JSON logs too.
    String first = batch.get(0).requestId();
    if (first != null) {
      MDC.put("request_id", first);
    }
    try {
      LOG.warn(
          "could not write {} audit event(s), from request {}: {}",
          batch.size(),
          first,
          err.getMessage());
    } finally {
      MDC.remove("request_id");
    }
  }

  /**
   * Events at or after {@code since}, oldest first, after the event id in {@code cursor} (null:
   * from the start).
   */
  public Future<AuditPage> list(Instant since, int limit, String cursor) {
    long afterId;
    try {
      afterId = cursor == null ? 0 : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid cursor", e));
    }
    return db.reader()
        .preparedQuery("SELECT * FROM audit WHERE at >= ? AND id > ? ORDER BY id LIMIT ?")
        .execute(Tuple.of(format(since), afterId, limit + 1))
        .map(
            rows -> {
              List<AuditEvent> events = new ArrayList<>(limit);
              long lastId = 0;
              for (Row row : rows) {
                if (events.size() == limit) {
                  return new AuditPage(events, Long.toString(lastId));
                }
                events.add(toEvent(row));
                lastId = row.getLong("id");
              }
              return new AuditPage(events, null);
            });
  }

  /** Deletes events older than {@code cutoff}; the number removed. */
  public Future<Integer> deleteBefore(Instant cutoff) {
    return db.inTransaction(
        conn ->
            conn.preparedQuery("DELETE FROM audit WHERE at < ?")
                .execute(Tuple.of(format(cutoff)))
                .map(rows -> rows.rowCount()));
  }

  private static AuditEvent toEvent(Row row) {
    Object score = row.getValue("score");
    return new AuditEvent(
        Instant.parse(row.getString("at")),
        row.getString("subject"),
        row.getString("client_ip"),
        row.getString("method"),
        row.getString("route"),
        row.getInteger("status"),
        row.getString("username"),
        row.getString("decision"),
        score instanceof Number n ? Math.round(n.doubleValue() * 10_000) / 10_000.0 : null,
        row.getString("request_id"));
  }
}
