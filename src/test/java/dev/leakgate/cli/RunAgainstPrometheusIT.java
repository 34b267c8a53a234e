package dev.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.SampleServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with {@code spec.prometheus.url}: a real Prometheus scrapes the leaky sample service
 * as a pod of a namespace, and the gate reads it with the presets' PromQL, as the operator would.
 */
class RunAgainstPrometheusIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  @Test
  void aLeakReadThroughPrometheusFailsTheGate() throws Exception {
    try (SampleServiceProcess leaky = new SampleServiceProcess(home.resolve("leaky.log"), "on");
        LocalPrometheus prometheus =
            new LocalPrometheus(
                Files.createDirectories(home.resolve("prom")),
                "shop",
                Map.of("checkout-0", leaky.url.resolve("/metrics")))) {
      // A Prometheus just started has no history, and the baseline begins when run starts.
      prometheus.awaitSamples("checkout-0", 3);
      Path spec = home.resolve("gate.yaml");
      Files.writeString(
          spec,
          """
          apiVersion: leakgate.dev/v1alpha1
          kind: LeakGate
          metadata: {name: checkout-prom, namespace: shop}
          spec:
            target: {name: checkout-0, threadDumpUrl: %s/threads}
            prometheus: {url: %s}
            signals: {presets: [jvm-threads, process-open-fds, process-start-time]}
            scrapeInterval: 1s
            baseline: {window: 10s}
            load:
              http: {url: %s/api/recommend, rate: 30, duration: 10s, timeout: 2s}
            recovery: {timeout: 40s}
          """
              .formatted(leaky.url, prometheus.url, leaky.url));

      Leakgate.Result result =
          Leakgate.start(
                  home,
                  "run",
                  spec.toString(),
                  "--output",
                  "json",
                  "--record",
                  home.resolve("rec.json").toString())
              .await(Duration.ofMinutes(2));

      JsonNode json = MAPPER.readTree(result.stdout());
      assertThat(result.exitCode())
          .as(result.stdout() + "\n" + result.stderr())
          .isEqualTo(ExitCodes.FAILED);
      assertThat(json.path("reason").asText())
          .isIn("StuckAboveBaseline", "StillRising", "CannotRecoverInTime");
      assertThat(json.path("message").asText()).contains("jvm-threads on checkout-0");
      assertThat(json.path("topStack").asText()).contains("SynchronousQueue.put");
      // Saved at the decision, the recording replays to the same verdict, though Prometheus may not
      // yet have had the last second's sample then: judge evaluates up to recordedUntil.
      Leakgate.Result replay =
          Leakgate.run(home, "judge", home.resolve("rec.json").toString(), "--output", "json");
      JsonNode replayed = MAPPER.readTree(replay.stdout());
      assertThat(replayed.path("verdict").asText()).isEqualTo(json.path("verdict").asText());
      assertThat(replayed.path("reason").asText()).isEqualTo(json.path("reason").asText());
      assertThat(replayed.path("message").asText()).isEqualTo(json.path("message").asText());
      JsonNode recording = MAPPER.readTree(home.resolve("rec.json").toFile());
      assertThat(recording.path("recordedUntil").asText()).isNotEmpty();
      assertThat(recording.path("signals").get(0).path("query").asText())
          .contains("jvm_threads_current")
          .contains("namespace=\"shop\"")
          .contains("checkout-0");
    }
  }
}
