package dev.leakgate.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.SampleServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real Prometheus, and its retries against a server that fails on purpose. */
class PrometheusClientIT {
  @TempDir Path dir;

  private static PrometheusClient client(URI url, int attempts) {
    return new PrometheusClient(
        url,
        Map.of(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        attempts,
        Duration.ofMillis(50),
        4,
        Optional.empty());
  }

  @Test
  void realPrometheusAnswersRangesAndRefusesBadPromQl() throws Exception {
    try (LocalPrometheus prometheus = new LocalPrometheus(dir, "demo", Map.of())) {
      PrometheusClient client = client(prometheus.url, 2);
      Thread.sleep(2500);
      Instant now = Instant.now();

      // Four hours at 1 s is 14,401 points: over Prometheus' limit unless chunked.
      JsonNode data =
          client.queryRange(
              "vector(1)", now.minus(Duration.ofHours(4)), now, Duration.ofSeconds(1));
      assertThat(data.get("resultType").asText()).isEqualTo("matrix");
      assertThat(data.at("/result/0/values").size()).isEqualTo(14_401);

      PrometheusException bad =
          catchThrowableOfType(
              PrometheusException.class, () -> client.query("sum(rate(up[1m]", now));
      assertThat(bad.kind()).isEqualTo(PrometheusException.Kind.BAD_QUERY);
      assertThat(bad.query()).isEqualTo("sum(rate(up[1m]");
      assertThat(bad.getMessage()).contains("parse error");
    }
  }

  @Test
  void podNamesWithQuotesAndRegexCharactersSelectExactlyThemselves() throws Exception {
    // One scraped process, labelled as two pods whose names differ where a regex would not look:
    // unescaped, "." matches the X, and "|" starts another alternative.
    try (SampleServiceProcess target = new SampleServiceProcess(dir.resolve("target.log"), "off");
        LocalPrometheus prometheus =
            new LocalPrometheus(
                dir,
                "sh\"op",
                Map.of(
                    "a\"b.c",
                    target.url.resolve("/metrics"),
                    "a\"bXc",
                    target.url.resolve("/metrics")))) {
      prometheus.awaitSamples("a\"b.c", 2);
      prometheus.awaitSamples("a\"bXc", 2);
      PrometheusClient client = client(prometheus.url, 2);
      String template = "up{namespace=\"$namespace\", pod=~\"$pods\"}";

      JsonNode one =
          client.query(PromQl.fill(template, "sh\"op", List.of("a\"b.c")), Instant.now());
      assertThat(one.path("result")).hasSize(1);
      assertThat(one.at("/result/0/metric/pod").asText()).isEqualTo("a\"b.c");

      JsonNode alternative =
          client.query(PromQl.fill(template, "sh\"op", List.of("zz|a\"bXc")), Instant.now());
      assertThat(alternative.path("result")).isEmpty();

      JsonNode both =
          client.query(PromQl.fill(template, "sh\"op", List.of("a\"b.c", "a\"bXc")), Instant.now());
      assertThat(both.path("result")).hasSize(2);
    }
  }

  @Test
  void aServerSlowerThanTheTimeoutIsUnreachableAfterTheRetries() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server =
        queryApi(
            exchange -> {
              calls.incrementAndGet();
              try {
                Thread.sleep(3_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              exchange.close();
            });
    try {
      URI url = url(server);
      PrometheusClient client =
          new PrometheusClient(
              url,
              Map.of(),
              Duration.ofSeconds(1),
              Duration.ofMillis(500),
              2,
              Duration.ofMillis(50),
              4,
              Optional.empty());
      PrometheusException e =
          catchThrowableOfType(PrometheusException.class, () -> client.query("up", Instant.now()));
      assertThat(e.kind()).isEqualTo(PrometheusException.Kind.UNREACHABLE);
      assertThat(e.getMessage()).contains("did not answer").contains("timed out");
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }

  /** A server on loopback answering Prometheus' query API with {@code handler}, started. */
  private static HttpServer queryApi(HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/api/v1/query", handler);
    server.start();
    return server;
  }

  private static URI url(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Test
  void aPortWithNobodyIsUnreachableAfterTheRetries() throws Exception {
    int port = LocalPrometheus.freePort();
    PrometheusException e =
        catchThrowableOfType(
            PrometheusException.class,
            () -> client(URI.create("http://127.0.0.1:" + port), 3).query("up", Instant.now()));
    assertThat(e.kind()).isEqualTo(PrometheusException.Kind.UNREACHABLE);
    assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("(query: up)");
  }

  @Test
  void credentialsAndHeadersGoWithEveryRequestAndRequestsAreCapped() throws Exception {
    List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    HttpServer server =
        queryApi(
            exchange -> {
              most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              seen.add(
                  exchange.getRequestHeaders().getFirst("Authorization")
                      + " "
                      + exchange.getRequestHeaders().getFirst("X-Scope-OrgID"));
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              byte[] body =
                  "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
                      .getBytes(StandardCharsets.UTF_8);
              concurrent.decrementAndGet();
              answer(exchange, 200, body);
            });
    try {
      PrometheusClient client =
          new PrometheusClient(
              url(server),
              Map.of(
                  "Authorization",
                  PrometheusClient.basic("gate", "s3cret"),
                  "X-Scope-OrgID",
                  "team-a"),
              Duration.ofSeconds(2),
              Duration.ofSeconds(5),
              1,
              Duration.ofMillis(50),
              2,
              Optional.empty());
      List<Thread> callers = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Thread caller =
            new Thread(
                () -> {
                  try {
                    client.query("up", Instant.now());
                  } catch (PrometheusException e) {
                    throw new IllegalStateException(e);
                  }
                });
        caller.start();
        callers.add(caller);
      }
      for (Thread caller : callers) {
        caller.join();
      }
      // "gate:s3cret" in base64.
      assertThat(seen).hasSize(6).allMatch(h -> h.equals("Basic Z2F0ZTpzM2NyZXQ= team-a"));
      assertThat(most.get()).isLessThanOrEqualTo(2);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aPartialAnswerIsRetriedAndNeverTakenAsData() throws Exception {
    // Thanos and Mimir answer "success" with warnings when a store did not answer; the result
    // then lacks series or samples. There is no Thanos here, so a server answers as Thanos does.
    AtomicInteger calls = new AtomicInteger();
    HttpServer server =
        queryApi(
            exchange -> {
              int call = calls.incrementAndGet();
              String warnings =
                  call < 2 || exchange.getRequestURI().getQuery().contains("always")
                      ? ",\"warnings\":[\"receive: no StoreAPIs matched\","
                          + "\"store 10.0.0.7:10901 unavailable\"]"
                      : "";
              byte[] body =
                  ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}"
                          + warnings
                          + "}")
                      .getBytes(StandardCharsets.UTF_8);
              answer(exchange, 200, body);
            });
    try {
      URI url = url(server);
      // A store that comes back: the second answer is whole and is the one returned.
      JsonNode data = client(url, 3).query("up", Instant.now());
      assertThat(data.get("resultType").asText()).isEqualTo("vector");
      assertThat(calls.get()).isEqualTo(2);

      calls.set(0);
      PrometheusException e =
          catchThrowableOfType(
              PrometheusException.class, () -> client(url, 2).query("always_up", Instant.now()));
      assertThat(e.kind()).isEqualTo(PrometheusException.Kind.PARTIAL_DATA);
      assertThat(e.getMessage())
          .contains("no StoreAPIs matched; store 10.0.0.7:10901 unavailable")
          .contains("(query: always_up)");
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void overloadIsRetriedWithBackoffAndThenReportedWithItsMessage() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server =
        queryApi(
            exchange -> {
              int call = calls.incrementAndGet();
              byte[] body =
                  (call < 3
                          ? "too many queries"
                          : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")
                      .getBytes(StandardCharsets.UTF_8);
              answer(exchange, call < 3 ? 429 : 200, body);
            });
    try {
      URI url = url(server);
      JsonNode data = client(url, 3).query("up", Instant.now());
      assertThat(data.get("resultType").asText()).isEqualTo("vector");
      assertThat(calls.get()).isEqualTo(3);

      calls.set(0);
      PrometheusException e =
          catchThrowableOfType(
              PrometheusException.class, () -> client(url, 2).query("up", Instant.now()));
      assertThat(e.kind()).isEqualTo(PrometheusException.Kind.HTTP_ERROR);
      assertThat(e.getMessage()).contains("HTTP 429").contains("too many queries");
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }
}
