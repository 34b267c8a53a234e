package dev.leakgate.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The sample service's HTTP side: {@code /api/recommend}, {@code /metrics} (Prometheus text format,
 * the JVM's metrics under one client library's names) and {@code /threads}. A small fixed request
 * pool, so the only threads that come and go are the scoring workers.
 */
public final class SampleServer implements AutoCloseable {
  /**
   * Enough for the gate shapes' 100 calls a second with room to spare: a call holds its thread for
   * the backend's latency or the timeout, about 170 ms on average at the defaults, so 32 threads
   * serve about 190 a second. With 16 (about 95) the calls queued at 100 a second, and after such a
   * load the service kept 78 fds more than its baseline, with its threads back: open connections
   * the JDK server never closed, on a build without the fd leak.
   */
  private static final int REQUEST_THREADS = 32;

  private static final String IDLE_SECONDS = "3";

  private final HttpServer server;
  private final ExecutorService requests;
  private final ExecutorService http;
  private final ScoringService scoring;
  private final ServiceMetrics metrics;

  public SampleServer(String host, int port, ScoringService scoring, ServiceMetrics metrics)
      throws IOException {
    this.scoring = scoring;
    this.metrics = metrics;
    // The JDK server keeps idle keep-alive connections (an open fd each) for 30 s by default;
    // a few seconds lets the fd count come back soon after a load, as a real service's would.
    System.setProperty("sun.net.httpserver.idleInterval", IDLE_SECONDS);
    // Its header and body writes would otherwise wait on delayed ACKs (40 ms per response).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
    ThreadPoolExecutor pool =
        (ThreadPoolExecutor)
            Executors.newFixedThreadPool(REQUEST_THREADS, r -> new Thread(r, "request"));
    // Started now, not on the first requests: otherwise the pool's growth during the first load
    // would look like 16 leaked threads.
    pool.prestartAllCoreThreads();
    this.requests = pool;
    // The server's own threads only read requests and serve /metrics and /threads; calls go to the
    // request pool. When the calls queue up (more arrive than the pool serves), a scrape still
    // answers at once, as a real service's management endpoint would, so a gate sees the load
    // instead of a gap.
    ThreadPoolExecutor serving =
        (ThreadPoolExecutor) Executors.newFixedThreadPool(2, r -> new Thread(r, "http"));
    serving.prestartAllCoreThreads();
    this.http = serving;
    server.setExecutor(http);
    server.createContext("/api/recommend", e -> requests.execute(() -> recommend(e)));
    server.createContext("/metrics", this::metrics);
    server.createContext("/threads", e -> respond(e, 200, "text/plain", ThreadDump.grouped()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void recommend(HttpExchange exchange) {
    try {
      String score = scoring.recommend();
      if (score == null) {
        metrics.countCall("timeout");
        respond(exchange, 504, "application/json", "{\"error\":\"scoring backend timed out\"}");
      } else {
        metrics.countCall("ok");
        respond(exchange, 200, "application/json", score);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      try {
        respond(exchange, 503, "application/json", "{\"error\":\"shutting down\"}");
      } catch (IOException ignored) {
        exchange.close();
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
      exchange.close();
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    respond(exchange, 200, metrics.contentType(), metrics.scrape());
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    requests.shutdownNow();
    http.shutdownNow();
    metrics.close();
  }
}
