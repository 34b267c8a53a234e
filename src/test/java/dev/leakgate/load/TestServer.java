package dev.leakgate.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server for the load generator's tests: answers after a delay, with a status
 * chosen by path ({@code /status/503}), and keeps count of requests and of the most it saw at once.
 */
final class TestServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();
  final AtomicInteger received = new AtomicInteger();
  volatile String lastMethod;
  volatile String lastHeader;
  volatile String lastBody;

  static {
    // Without it the JDK server's separate header and body writes meet delayed ACKs: +40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  TestServer(Duration delay) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(pool);
    server.createContext(
        "/",
        exchange -> {
          received.incrementAndGet();
          maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          try {
            lastMethod = exchange.getRequestMethod();
            lastHeader = exchange.getRequestHeaders().getFirst("X-Test");
            lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Thread.sleep(delay.toMillis());
            // Counted out before answering: once the answer is written, the client may send its
            // next request before this thread runs again, and that one is not concurrent.
            concurrent.decrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } catch (InterruptedException e) {
            concurrent.decrementAndGet();
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
