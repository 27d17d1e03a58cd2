package io.facegate.events;

import io.facegate.testing.Mosquitto;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the facegate server and the real broker that a test can cut and restore: to
 * the server the broker goes away (connections closed, new ones refused) and comes back on the same
 * port, while the test's subscriber stays connected to the broker directly and misses nothing.
 */
final class BrokerLink implements AutoCloseable {
  private final Vertx vertx;
  private final NetClient upstream;
  private final int brokerPort;
  private final int port = Mosquitto.freePort();
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer listening;

  private BrokerLink(Vertx vertx, int brokerPort) {
    this.vertx = vertx;
    this.upstream = vertx.createNetClient();
    this.brokerPort = brokerPort;
  }

  static BrokerLink start(Vertx vertx, int brokerPort) {
    BrokerLink link = new BrokerLink(vertx, brokerPort);
    link.restore();
    return link;
  }

  int port() {
    return port;
  }

  /** The broker is reachable again through {@link #port()}. */
  void restore() {
    NetServer server =
        vertx
            .createNetServer()
            .connectHandler(
                client -> {
                  client.pause();
                  open.add(client);
                  upstream
                      .connect(brokerPort, "127.0.0.1")
                      .onComplete(
                          connected -> {
                            if (connected.failed()) {
                              client.close();
                              return;
                            }
                            NetSocket broker = connected.result();
                            open.add(broker);
                            broker.pipeTo(client);
                            client.pipeTo(broker);
                          });
                });
    listening = TestServer.await(server.listen(port, "127.0.0.1"));
  }

  /**
   * Every relayed connection is closed and new ones are refused: for the server the broker is gone.
   */
  void cut() {
    TestServer.await(listening.close());
    TestServer.await(Future.join(open.stream().map(NetSocket::close).toList()));
    open.clear();
  }

  @Override
  public void close() {
    cut();
    TestServer.await(upstream.close());
  }
}
