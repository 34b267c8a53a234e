package dev.leakgate.sample;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The sample service's HTTP side: {@code /api/recommend}, {@code /metrics} (Prometheus text format,
 * the JVM's metrics under one client library's names) and {@code /threads}. A small fixed request
 * pool, so the only threads that come and go are the scoring workers.
 *
 * <p>On Vert.x, not the JDK's {@code com.sun.net.httpserver}: when a caller gave up on a queued
 * call, the JDK server's answer failed with "Broken pipe" and it never closed that socket (400
 * calls a second for 10 s with a 1 s timeout kept about 3,690 sockets open for good), so the
 * healthy build failed its gates on open fds. Vert.x closes a connection when its peer does.
 */
public final class SampleServer implements AutoCloseable {
  /**
   * Enough for the gate shapes' 100 calls a second with room to spare: a call holds its thread for
   * the backend's latency or the timeout, about 170 ms on average at the defaults, so 32 threads
   * serve about 190 a second (16 served about 95, and the calls queued).
   */
  private static final int REQUEST_THREADS = 32;

  /** Idle keep-alive connections (an open fd each) close after this, as a real service's do. */
  private static final int IDLE_SECONDS = 3;

  private final Vertx vertx;
  private final HttpServer server;
  private final ExecutorService requests;
  private final ExecutorService management;
  private final ScoringService scoring;
  private final ServiceMetrics metrics;

  public SampleServer(String host, int port, ScoringService scoring, ServiceMetrics metrics)
      throws InterruptedException {
    this.scoring = scoring;
    this.metrics = metrics;
    // Every thread the service will have, started now: threads that appeared during the first load
    // would look like a leak. One event loop reads and writes every connection; it never blocks.
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1)));
    this.requests = prestarted(REQUEST_THREADS, "request");
    // /metrics and /threads get their own two threads: when calls queue up (more arrive than the
    // request pool serves), a scrape still answers at once, as a real service's management endpoint
    // would, so a gate sees the load instead of a gap.
    this.management = prestarted(2, "http");
    this.server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout(IDLE_SECONDS)
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
    server.requestHandler(this::route);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      vertx.close();
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static ExecutorService prestarted(int threads, String name) {
    ThreadPoolExecutor pool =
        (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, r -> new Thread(r, name));
    pool.prestartAllCoreThreads();
    return pool;
  }

  public int port() {
    return server.actualPort();
  }

  private void route(HttpServerRequest request) {
    switch (request.path()) {
      case "/api/recommend" -> requests.execute(() -> recommend(request));
      case "/metrics" ->
          management.execute(() -> respond(request, 200, metrics.contentType(), metrics.scrape()));
      case "/threads" ->
          management.execute(() -> respond(request, 200, "text/plain", ThreadDump.grouped()));
      default -> respond(request, 404, "text/plain", "not found\n");
    }
  }

  private void recommend(HttpServerRequest request) {
    try {
      String score = scoring.recommend();
      if (score == null) {
        metrics.countCall("timeout");
        respond(request, 504, "application/json", "{\"error\":\"scoring backend timed out\"}");
      } else {
        metrics.countCall("ok");
        respond(request, 200, "application/json", score);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(request, 503, "application/json", "{\"error\":\"shutting down\"}");
    }
  }

  /** Answers; if the caller has gone, Vert.x has closed the connection and drops the answer. */
  private static void respond(HttpServerRequest request, int status, String type, String body) {
    request.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
  }

  @Override
  public void close() {
    requests.shutdownNow();
    management.shutdownNow();
    vertx.close();
    metrics.close();
  }
}
