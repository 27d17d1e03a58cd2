package io.facegate.fleet.central;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The central PostgreSQL database cannot be reached or refuses work for reasons of its own (down,
 * restarting, out of connections, a read-only standby). Nothing of the request was stored; the HTTP
 * layer answers 503 so a client retries, where a request error would be a 4xx.
 */
public final class CentralUnavailableException extends RuntimeException {
  private CentralUnavailableException(Throwable cause) {
    super("the central database is unavailable: " + cause.getMessage(), cause);
  }

  /**
   * {@code failure} as a CentralUnavailableException when the database, not the request, is at
   * fault; else unchanged.
   */
  public static Throwable classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CentralUnavailableException) {
        return failure;
      }
      if (unavailable(t)) {
        return new CentralUnavailableException(failure);
      }
    }
    return failure;
  }

  private static boolean unavailable(Throwable t) {
    if (t instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      // 08: connection exception; 53: insufficient resources; 57P01-03: shutting down or starting
      // up;
      // 25006: a read-only standby took the write.
      return state.startsWith("08")
          || state.startsWith("53")
          || state.startsWith("57P")
          || state.equals("25006");
    }
    // Refused or timed-out connects, a connection lost mid-request, a pool wait that ran out (the
    // pool
    // reports that as a bare throwable of an internal class with the message "Timeout", no type of
    // its own).
    return t instanceof IOException
        || t instanceof ConnectTimeoutException
        || t instanceof ClosedConnectionException
        || t instanceof TimeoutException
        || t instanceof ConnectionPoolTooBusyException
        || "Timeout".equals(t.getMessage());
  }
}
