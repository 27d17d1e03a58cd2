package io.facegate.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events to an MQTT broker, QoS 1, on {@code <prefix>/<topic>} (e.g. {@code facegate/door/match},
 * {@code facegate/door/people/enrolled}). An event counts as delivered when the broker's PUBACK
 * arrives; a lost connection or a PUBACK that does not come within the timeout is a failed attempt,
 * retried. While the broker is away the events wait in the bounded queue and the client reconnects
 * with exponential backoff.
 *
 * <p>Each connection gets a fresh {@link MqttClient}: vertx-mqtt keeps unacknowledged QoS 1 packets
 * of a closed connection counted against its in-flight limit, so a reused client could refuse to
 * publish after a few broker restarts.
 */
final class MqttEventPublisher extends QueuedEventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(MqttEventPublisher.class);

  /** Where and as whom to connect; an empty client id lets the client make one up. */
  record Broker(
      String host,
      int port,
      String topicPrefix,
      String clientId,
      String username,
      String password) {
    Broker {
      topicPrefix = topicPrefix.strip().replaceAll("/+$", "");
      if (host.isBlank() || port < 1 || port > 65_535) {
        throw new IllegalArgumentException("mqtt_host must be set and mqtt_port in 1..65535");
      }
      if (topicPrefix.isEmpty() || topicPrefix.contains("#") || topicPrefix.contains("+")) {
        throw new IllegalArgumentException(
            "mqtt_topic_prefix must be non-empty, without the wildcards # and +");
      }
    }
  }

  private final Broker broker;
  // Confined to the publisher's context (the client's callbacks arrive there: it connects from it).
  private volatile MqttClient client; // connected, or null; volatile: the sink-up gauge reads it
  private final Map<Integer, Promise<Void>> awaitingAck = new HashMap<>();
  private final Set<Integer> earlyAcks = new HashSet<>();
  private int failedConnects;
  private long reconnectTimer = -1;
  private boolean stopped;

  MqttEventPublisher(
      Vertx vertx, Broker broker, DeliverySettings settings, MeterRegistry registry) {
    super(vertx, "mqtt", settings, registry);
    this.broker = broker;
    context.runOnContext(v -> connect());
  }

  String topic(Event event) {
    return broker.topicPrefix() + "/" + event.topic();
  }

  private MqttClientOptions options() {
    MqttClientOptions options =
        new MqttClientOptions()
            // vertx-mqtt counts the PUBACK timeout in whole seconds.
            .setAckTimeout((int) Math.max(1, (settings.timeoutMs() + 999) / 1000))
            .setMaxInflightQueue(1); // one event in flight at a time (see QueuedEventPublisher)
    options.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeoutMs()));
    if (!broker.clientId().isBlank()) {
      options.setClientId(broker.clientId());
    }
    if (!broker.username().isEmpty()) {
      options.setUsername(broker.username());
    }
    if (!broker.password().isEmpty()) {
      options.setPassword(broker.password());
    }
    return options;
  }

  private void connect() {
    if (stopped) {
      return;
    }
    MqttClient next = MqttClient.create(vertx, options());
    next.publishCompletionHandler(id -> acknowledged(next, id, null));
    next.publishCompletionExpirationHandler(
        id ->
            acknowledged(
                next,
                id,
                new TimeoutException("no PUBACK within " + settings.timeoutMs() + " ms")));
    next.exceptionHandler(e -> LOG.debug("mqtt connection error: {}", e.getMessage()));
    next.closeHandler(v -> lost(next));
    // Something that accepts TCP but never sends CONNACK would leave the client connecting for
    // ever.
    long connackGuard = vertx.setTimer(settings.timeoutMs(), id -> next.disconnect());
    next.connect(broker.port(), broker.host())
        .onComplete(
            connected -> {
              vertx.cancelTimer(connackGuard);
              if (connected.failed()) {
                if (failedConnects == 0) {
                  LOG.warn(
                      "mqtt broker {}:{} unreachable ({}); events are queued and the connection retried",
                      broker.host(),
                      broker.port(),
                      connected.cause().getMessage());
                }
                reconnectLater();
              } else if (stopped) {
                next.disconnect();
              } else {
                LOG.info(
                    "mqtt connected to {}:{}, publishing events on {}/<decision> and {}/people/<event>",
                    broker.host(),
                    broker.port(),
                    broker.topicPrefix(),
                    broker.topicPrefix());
                failedConnects = 0;
                client = next;
                wake();
              }
            });
  }

  private void reconnectLater() {
    if (stopped || reconnectTimer != -1) {
      return;
    }
    long delay = settings.backoffMs(++failedConnects);
    reconnectTimer =
        vertx.setTimer(
            delay,
            id -> {
              reconnectTimer = -1;
              connect();
            });
  }

  /** The broker went away: every PUBACK still awaited is lost with the connection. */
  private void lost(MqttClient which) {
    if (which != client) {
      return;
    }
    client = null;
    failAwaited("connection to the broker closed");
    if (!stopped) {
      LOG.warn("mqtt connection to {}:{} lost; reconnecting", broker.host(), broker.port());
      reconnectLater();
    }
  }

  private void failAwaited(String why) {
    List<Promise<Void>> waiting = new ArrayList<>(awaitingAck.values());
    awaitingAck.clear();
    earlyAcks.clear();
    waiting.forEach(p -> p.tryFail(why));
  }

  private void acknowledged(MqttClient which, int packetId, Throwable failure) {
    if (which != client) {
      return;
    }
    Promise<Void> waiting = awaitingAck.remove(packetId);
    if (waiting == null) {
      if (failure == null) {
        earlyAcks.add(packetId); // the PUBACK overtook the write's completion
      }
    } else if (failure == null) {
      waiting.tryComplete();
    } else {
      waiting.tryFail(failure);
    }
  }

  @Override
  protected boolean ready() {
    return client != null && client.isConnected();
  }

  @Override
  protected Future<Void> deliver(Event event) {
    MqttClient target = client;
    if (target == null) {
      return Future.failedFuture("not connected to the broker");
    }
    return target
        .publish(topic(event), event.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, false)
        .compose(
            packetId -> {
              if (earlyAcks.remove(packetId)) {
                return Future.succeededFuture();
              }
              Promise<Void> acked = Promise.promise();
              awaitingAck.put(packetId, acked);
              return acked.future();
            });
  }

  @Override
  protected Future<Void> closeTransport() {
    stopped = true;
    if (reconnectTimer != -1) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
    MqttClient open = client;
    client = null;
    failAwaited("shutting down");
    return open == null || !open.isConnected() ? Future.succeededFuture() : open.disconnect();
  }
}
