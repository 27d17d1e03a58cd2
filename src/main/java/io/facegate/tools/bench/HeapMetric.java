package io.facegate.tools.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server's Java heap as its /metrics reports it, all heap pools added up. */
enum HeapMetric {
  USED("jvm_memory_used_bytes"),
  COMMITTED("jvm_memory_committed_bytes");

  private final Pattern pools;

  HeapMetric(String gauge) {
    this.pools = Pattern.compile("(?m)^" + gauge + "\\{area=\"heap\"[^}]*} (\\S+)$");
  }

  /** Bytes, read from the server at {@code base} now. */
  long read(HttpClient http, URI base) throws IOException, InterruptedException {
    String metrics =
        http.send(
                HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = pools.matcher(metrics);
    double bytes = 0;
    while (m.find()) {
      bytes += Double.parseDouble(m.group(1));
    }
    return (long) bytes;
  }
}
