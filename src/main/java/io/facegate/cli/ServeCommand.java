package io.facegate.cli;

import io.facegate.app.FacegateServer;
import io.facegate.app.LogFormat;
import io.facegate.config.FacegateConfig;
import io.facegate.vision.NativeStderr;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** Runs the server until SIGTERM/SIGINT, then shuts it down gracefully. */
@Command(name = "serve", description = "Start the HTTP server (the default).")
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Override
  public Integer call() throws Exception {
    FacegateConfig config = FacegateConfig.load();
    LogFormat.apply(config.server().logFormat());
    NativeStderr
        .install(); // what OpenCV, libjpeg and libpng print becomes log lines in the chosen format
    FacegateServer server =
        FacegateServer.start(config).toCompletionStage().toCompletableFuture().get();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  try {
                    server
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(config.server().shutdownGrace().toSeconds() + 10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("shutdown did not finish cleanly: {}", e.toString());
                  }
                  stopped.countDown();
                },
                "facegate-shutdown"));
    try {
      server.ready().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      // The cause is already logged; a server that cannot load its models or store must not linger.
      System.exit(1);
    }
    stopped.await();
    return 0;
  }
}
