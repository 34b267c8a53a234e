package dev.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.SampleServiceProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leakgate run} end to end: real sample-service processes, the embedded scraper, the
 * built-in load and the engine. The four gates run at once to keep the build short.
 */
class RunCommandIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private Path spec(String name, String base, String loadUrl) throws Exception {
    return spec(name, base, loadUrl, "Block");
  }

  private Path spec(String name, String base, String loadUrl, String inconclusive)
      throws Exception {
    Path file = home.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: leakgate.dev/v1alpha1
        kind: LeakGate
        metadata: {name: %s}
        spec:
          target: {name: %s, metricsUrl: %s/metrics, threadDumpUrl: %s/threads}
          signals: {presets: [jvm-threads, process-open-fds, process-start-time]}
          scrapeInterval: 1s
          baseline: {window: 10s}
          load:
            http: {url: %s, rate: 30, duration: 10s, timeout: 2s}
          recovery: {timeout: 40s}
          inconclusive: %s
        """
            .formatted(name, name, base, base, loadUrl, inconclusive));
    return file;
  }

  /** {@code run FILE --output json} in the background, with more options when given. */
  private Leakgate.Running run(Path spec, String... options) throws Exception {
    String[] args = new String[4 + options.length];
    args[0] = "run";
    args[1] = spec.toString();
    args[2] = "--output";
    args[3] = "json";
    System.arraycopy(options, 0, args, 4, options.length);
    return Leakgate.start(home, args);
  }

  @Test
  void gatesRealServicesEndToEnd() throws Exception {
    int closedPort = closedPort();
    try (SampleServiceProcess leaky = new SampleServiceProcess(home.resolve("leaky.log"), "on");
        SampleServiceProcess fixed = new SampleServiceProcess(home.resolve("fixed.log"), "off");
        SampleServiceProcess killed = new SampleServiceProcess(home.resolve("killed.log"), "off");
        SampleServiceProcess idle = new SampleServiceProcess(home.resolve("idle.log"), "off")) {
      Leakgate.Running leak =
          run(
              spec("leaky", leaky.url.toString(), leaky.url + "/api/recommend"),
              "--record",
              home.resolve("leaky-recording.json").toString());
      Leakgate.Running fix = run(spec("fixed", fixed.url.toString(), fixed.url + "/api/recommend"));
      Leakgate.Running dies =
          run(spec("killed", killed.url.toString(), killed.url + "/api/recommend"));
      // inconclusive: Allow lets an Inconclusive verdict through (the killed gate blocks).
      Leakgate.Running noLoad =
          run(
              spec(
                  "no-load", idle.url.toString(), "http://127.0.0.1:" + closedPort + "/", "Allow"));

      // The target dies during the load: its metrics stop, and the gate must not pass.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!dies.stderr().contains("[killed load ") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(dies.stderr()).contains("[killed load ");
      killed.kill();

      Leakgate.Result leakResult = leak.await(Duration.ofMinutes(2));
      JsonNode leakJson = MAPPER.readTree(leakResult.stdout());
      assertThat(leakResult.exitCode()).as(leakResult.stderr()).isEqualTo(ExitCodes.FAILED);
      assertThat(leakJson.path("verdict").asText()).isEqualTo("Failed");
      assertThat(leakJson.path("reason").asText())
          .isIn("StuckAboveBaseline", "StillRising", "CannotRecoverInTime");
      assertThat(leakJson.path("message").asText()).contains("jvm-threads on leaky");
      assertThat(leakJson.path("topStack").asText())
          .contains("SynchronousQueue.put")
          .contains("ScoringService");
      assertThat(leakJson.path("load").path("requests").asLong()).isEqualTo(300);
      assertThat(leakResult.stderr()).contains("[leaky baseline").contains("ABOVE band");
      JsonNode recording = MAPPER.readTree(home.resolve("leaky-recording.json").toFile());
      assertThat(recording.path("signals").get(0).path("name").asText()).isEqualTo("jvm-threads");
      Leakgate.Result replay =
          Leakgate.run(home, "judge", home.resolve("leaky-recording.json").toString());
      assertThat(replay.exitCode()).isEqualTo(ExitCodes.FAILED);

      Leakgate.Result fixResult = fix.await(Duration.ofMinutes(2));
      JsonNode fixJson = MAPPER.readTree(fixResult.stdout());
      assertThat(fixResult.exitCode()).as(fixResult.stderr()).isEqualTo(ExitCodes.PASSED);
      assertThat(fixJson.path("reason").asText()).isEqualTo("SignalsRecovered");
      assertThat(fixJson.has("topStack")).isFalse();

      Leakgate.Result diesResult = dies.await(Duration.ofMinutes(2));
      JsonNode diesJson = MAPPER.readTree(diesResult.stdout());
      assertThat(diesResult.exitCode()).as(diesResult.stderr()).isEqualTo(ExitCodes.INCONCLUSIVE);
      assertThat(diesJson.path("reason").asText())
          .isIn("PodVanished", "StaleData", "DataGap", "RecordingEnded");
      assertThat(diesResult.stderr()).contains("scrape failing").contains("connection refused");

      Leakgate.Result noLoadResult = noLoad.await(Duration.ofMinutes(2));
      JsonNode noLoadJson = MAPPER.readTree(noLoadResult.stdout());
      assertThat(noLoadResult.exitCode()).isEqualTo(ExitCodes.PASSED);
      assertThat(noLoadJson.path("verdict").asText()).isEqualTo("Inconclusive");
      assertThat(noLoadJson.path("allowed").asText()).isEqualTo("InconclusiveAllowed");
      assertThat(diesJson.has("allowed")).isFalse();
      assertThat(noLoadJson.path("reason").asText()).isEqualTo("LoadNotDelivered");
      assertThat(noLoadJson.path("message").asText()).contains("connect");
      assertThat(noLoadJson.path("load").path("successes").asLong()).isZero();
    }
  }

  @Test
  void aSourceThatNeverAnswersEndsTheGateInSecondsNotAfterTheBaseline() throws Exception {
    int metricsPort = closedPort();
    int prometheusPort = closedPort();
    String gate =
        """
        apiVersion: leakgate.dev/v1alpha1
        kind: LeakGate
        metadata: {name: %s}
        spec:
          target: {name: checkout-0%s}
          %s
          signals: {presets: [jvm-threads]}
          scrapeInterval: 1s
          baseline: {window: 5m}
          load:
            http: {url: "http://127.0.0.1:%d/", rate: 30, duration: 10s}
        """;
    Path scraped = home.resolve("scraped.yaml");
    Files.writeString(
        scraped,
        gate.formatted(
            "scraped",
            ", metricsUrl: \"http://127.0.0.1:" + metricsPort + "/metrics\"",
            "",
            metricsPort));
    Path viaPrometheus = home.resolve("via-prometheus.yaml");
    Files.writeString(
        viaPrometheus,
        gate.formatted(
            "via-prometheus",
            "",
            "prometheus: {url: \"http://127.0.0.1:" + prometheusPort + "\"}",
            metricsPort));

    long started = System.nanoTime();
    Leakgate.Running a = Leakgate.start(home, "run", scraped.toString());
    Leakgate.Running b = Leakgate.start(home, "run", viaPrometheus.toString());
    Leakgate.Result scrapedResult = a.await(Duration.ofMinutes(2));
    Leakgate.Result prometheusResult = b.await(Duration.ofMinutes(2));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(scrapedResult.exitCode()).as(scrapedResult.stderr()).isEqualTo(ExitCodes.ERROR);
    assertThat(scrapedResult.stderr())
        .containsPattern(
            "leakgate: could not scrape http://127.0.0.1:"
                + metricsPort
                + "/metrics \\([0-9]+ tries in [0-9]+ s\\): .*(refused|ConnectException)")
        .doesNotContain("loading]");
    assertThat(prometheusResult.exitCode())
        .as(prometheusResult.stderr())
        .isEqualTo(ExitCodes.ERROR);
    assertThat(prometheusResult.stderr())
        .contains("leakgate: UNREACHABLE: http://127.0.0.1:" + prometheusPort + "/ did not answer")
        .doesNotContain("loading]");
    // Both within the 15 s rule plus a JVM's start, where the 5 min baseline used to run out first.
    assertThat(took).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aTargetThatStopsAnsweringEarlyInTheBaselineIsInconclusiveWithoutALoad() throws Exception {
    try (SampleServiceProcess target = new SampleServiceProcess(home.resolve("thin.log"), "off")) {
      Leakgate.Running run =
          run(spec("thin", target.url.toString(), target.url + "/api/recommend"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      // Killed at the first status line, about 5 s into the 10 s window: half its samples.
      while (!run.stderr().contains("[thin baseline ") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(run.stderr()).contains("[thin baseline ");
      target.kill();

      Leakgate.Result result = run.await(Duration.ofMinutes(1));

      JsonNode json = MAPPER.readTree(result.stdout());
      assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.INCONCLUSIVE);
      assertThat(json.path("reason").asText()).isEqualTo("InsufficientBaseline");
      assertThat(json.path("message").asText())
          .containsPattern("^[a-z-]+ on thin: baseline window has [0-9] of ~10 expected samples");
      assertThat(json.has("load")).isFalse();
      assertThat(result.stderr())
          .contains("[thin baseline done] not starting the load: ")
          .doesNotContain("[thin loading]");
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anInvalidSpecNamesTheFieldAndExits3() throws Exception {
    Path file = home.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        apiVersion: leakgate.dev/v1alpha1
        kind: LeakGate
        spec:
          target: {metricsUrl: http://127.0.0.1:1/metrics}
          load:
            http: {url: http://127.0.0.1:1/, rate: 10, duration: 5 minutes}
        """);
    Leakgate.Result result = Leakgate.run(home, "run", file.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.stderr()).contains("spec.load.http.duration").contains("5 minutes");
    assertThat(result.stdout()).isEmpty();
  }
}
