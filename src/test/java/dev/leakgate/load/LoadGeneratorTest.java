package dev.leakgate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The load generator against a real HTTP server on loopback. */
class LoadGeneratorTest {
  private final LoadGenerator generator = new LoadGenerator();

  private static LoadPlan plan(String url, Arrivals arrivals, Duration duration, Duration timeout) {
    return new LoadPlan(
        URI.create(url), "GET", List.of(), new byte[0], arrivals, duration, timeout, Duration.ZERO);
  }

  /** A load whose progress reports are not looked at. */
  private LoadSummary load(String url, Arrivals arrivals, Duration duration, Duration timeout)
      throws InterruptedException {
    return generator.run(plan(url, arrivals, duration, timeout), Duration.ofSeconds(10), p -> {});
  }

  @Test
  void openModelDeliversTheRequestedRateAndMeasuresLatency() throws Exception {
    try (TestServer server = new TestServer(Duration.ofMillis(20))) {
      List<LoadProgress> progress = new CopyOnWriteArrayList<>();
      LoadSummary summary =
          generator.run(
              plan(
                  server.url("/"),
                  new Arrivals.Rate(200, 100),
                  Duration.ofSeconds(3),
                  Duration.ofSeconds(2)),
              Duration.ofSeconds(1),
              progress::add);

      assertThat(summary.requests()).isEqualTo(600);
      assertThat(summary.achievedRate()).isCloseTo(200, within(4.0));
      assertThat(summary.successes()).isEqualTo(600);
      assertThat(summary.dropped()).isZero();
      assertThat(summary.errors()).isEmpty();
      assertThat(server.received.get()).isEqualTo(601); // and one uncounted warm-up request
      assertThat(summary.latencyMs().p50()).isBetween(20.0, 200.0);
      assertThat(summary.latencyMs().max()).isGreaterThanOrEqualTo(summary.latencyMs().p99());
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1).requests()).isGreaterThan(300);
    }
  }

  @Test
  void arrivalsThatFindTheCapFullAreDroppedAndCountedNotDelayed() throws Exception {
    try (TestServer server = new TestServer(Duration.ofMillis(500))) {
      LoadSummary summary =
          load(
              server.url("/"),
              new Arrivals.Rate(100, 5),
              Duration.ofSeconds(2),
              Duration.ofSeconds(5));

      // every arrival is either sent or dropped
      assertThat(summary.requests() + summary.dropped()).isEqualTo(200);
      // five at a time, half a second each: about 20 sent in 2 s
      assertThat(summary.requests()).isBetween(10L, 30L);
      assertThat(server.maxConcurrent.get()).isLessThanOrEqualTo(5 + 1);
      assertThat(summary.successes()).isEqualTo(summary.requests());
    }
  }

  @Test
  void closedModelKeepsExactlyItsWorkersBusy() throws Exception {
    try (TestServer server = new TestServer(Duration.ofMillis(50))) {
      LoadSummary summary =
          load(
              server.url("/"),
              new Arrivals.Concurrency(4),
              Duration.ofSeconds(2),
              Duration.ofSeconds(2));

      assertThat(server.maxConcurrent.get()).isEqualTo(4);
      // 4 workers x 2 s / 50 ms = 160 at most
      assertThat(summary.requests()).isBetween(100L, 165L);
      assertThat(summary.model()).isEqualTo("closed");
      assertThat(summary.concurrency()).isEqualTo(4);
      assertThat(summary.requestedRate()).isNull();
    }
  }

  @Test
  void errorsAreCountedByKind() throws Exception {
    try (TestServer server = new TestServer(Duration.ZERO)) {
      LoadSummary serverErrors =
          load(
              server.url("/status/503"),
              new Arrivals.Rate(50, 10),
              Duration.ofSeconds(1),
              Duration.ofSeconds(2));
      assertThat(serverErrors.errors()).containsOnlyKeys("http-5xx");
      assertThat(serverErrors.errors().get("http-5xx")).isEqualTo(50);
      assertThat(serverErrors.delivered()).isFalse();

      LoadSummary clientErrors =
          load(
              server.url("/status/404"),
              new Arrivals.Rate(20, 10),
              Duration.ofSeconds(1),
              Duration.ofSeconds(2));
      assertThat(clientErrors.errors()).containsExactly(java.util.Map.entry("http-4xx", 20L));
    }
    try (TestServer slow = new TestServer(Duration.ofSeconds(2))) {
      LoadSummary timeouts =
          load(
              slow.url("/"),
              new Arrivals.Rate(10, 50),
              Duration.ofSeconds(1),
              Duration.ofMillis(300));
      assertThat(timeouts.errors()).containsExactly(java.util.Map.entry("timeout", 10L));
      assertThat(timeouts.successes()).isZero();
    }
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    LoadSummary refused =
        load(
            "http://127.0.0.1:" + closedPort + "/",
            new Arrivals.Rate(10, 50),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    assertThat(refused.errors()).containsExactly(java.util.Map.entry("connect", 10L));
    assertThat(refused.delivered()).isFalse();
  }

  @Test
  void sendsTheMethodHeadersAndBody() throws Exception {
    try (TestServer server = new TestServer(Duration.ZERO)) {
      LoadPlan plan =
          new LoadPlan(
              URI.create(server.url("/")),
              "POST",
              List.of(new LoadPlan.Header("X-Test", "yes")),
              "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
              new Arrivals.Rate(5, 5),
              Duration.ofMillis(500),
              Duration.ofSeconds(1),
              Duration.ZERO);
      LoadSummary summary = generator.run(plan, Duration.ofSeconds(10), p -> {});
      assertThat(summary.successes()).isEqualTo(3);
      assertThat(server.lastMethod).isEqualTo("POST");
      assertThat(server.lastHeader).isEqualTo("yes");
      assertThat(server.lastBody).isEqualTo("{\"a\":1}");
    }
  }
}
