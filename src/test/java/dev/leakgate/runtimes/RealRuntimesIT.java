package dev.leakgate.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.cli.ExitCodes;
import dev.leakgate.testing.GoService;
import dev.leakgate.testing.Leakgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Real services of each preset runtime, gated by {@code leakgate run} with the preset's default
 * signals at the short gate shape (baseline 60 s, load 30 s at 100/s, recovery up to 2 min, scraped
 * every second): the healthy build passes, each leaky build fails on the leaked signal, naming the
 * pod. The gates are minutes of wall-clock time and little CPU, so this class runs beside the
 * others (see the failsafe configuration in pom.xml).
 */
@Execution(ExecutionMode.CONCURRENT)
class RealRuntimesIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  /** The short gate shape for one pod of a preset. */
  private Path shortGate(String name, String preset, String baseUrl) throws Exception {
    Path file = home.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: leakgate.dev/v1alpha1
        kind: LeakGate
        metadata: {name: %s}
        spec:
          target: {name: %s-0, metricsUrl: "%s/metrics"}
          signals: {presets: [%s]}
          inconclusive: Block
          scrapeInterval: 1s
          baseline: {window: 60s}
          load:
            http: {url: "%s/api/recommend", rate: 100, duration: 30s, timeout: 2s}
          recovery: {timeout: 2m}
        """
            .formatted(name, name, baseUrl, preset, baseUrl));
    return file;
  }

  private Leakgate.Running run(Path gate) throws Exception {
    return Leakgate.start(home, "run", gate.toString(), "--output", "json");
  }

  /** The verdict of a pod and signal in {@code run}'s JSON. */
  private static JsonNode pod(JsonNode verdict, String signal, String pod) {
    for (JsonNode s : verdict.path("signals")) {
      if (s.path("name").asText().equals(signal)) {
        for (JsonNode p : s.path("pods")) {
          if (p.path("pod").asText().equals(pod)) {
            return p;
          }
        }
      }
    }
    throw new AssertionError("no " + signal + " on " + pod + " in " + verdict);
  }

  @Test
  void goTheStorysBugAndARetainedHeapFailAndTheFixPasses() throws Exception {
    Path binary = GoService.build(home);
    try (GoService fixed = new GoService(binary, home.resolve("fixed.log"), "none");
        GoService stuck = new GoService(binary, home.resolve("stuck.log"), "goroutines");
        GoService retains = new GoService(binary, home.resolve("retains.log"), "memory")) {
      Leakgate.Running fix = run(shortGate("go-fixed", "go", fixed.url.toString()));
      Leakgate.Running leak = run(shortGate("go-stuck", "go", stuck.url.toString()));
      Leakgate.Running heap = run(shortGate("go-retains", "go", retains.url.toString()));

      Leakgate.Result fixResult = fix.await(Duration.ofMinutes(5));
      JsonNode fixJson = MAPPER.readTree(fixResult.stdout());
      assertThat(fixResult.exitCode()).as(fixResult.stderr()).isEqualTo(ExitCodes.PASSED);
      assertThat(fixJson.path("reason").asText()).isEqualTo("SignalsRecovered");
      for (String signal : new String[] {"go-goroutines", "go-heap-alloc", "process-open-fds"}) {
        assertThat(pod(fixJson, signal, "go-fixed-0").path("result").asText())
            .as(signal)
            .isEqualTo("Recovered");
      }

      // The story: about a third of 3,000 calls time out, each leaving a goroutine behind.
      Leakgate.Result leakResult = leak.await(Duration.ofMinutes(5));
      JsonNode leakJson = MAPPER.readTree(leakResult.stdout());
      assertThat(leakResult.exitCode()).as(leakResult.stderr()).isEqualTo(ExitCodes.FAILED);
      assertThat(leakJson.path("message").asText()).startsWith("go-goroutines on go-stuck-0:");
      JsonNode goroutines = pod(leakJson, "go-goroutines", "go-stuck-0");
      assertThat(goroutines.path("result").asText()).isEqualTo("Leak");
      assertThat(goroutines.path("reason").asText())
          .isIn("StuckAboveBaseline", "StillRising", "CannotRecoverInTime");
      assertThat(goroutines.path("level").asDouble() - goroutines.path("baseline").asDouble())
          .isGreaterThan(500);

      // 3,000 payloads of 16 KiB kept: about 48 MiB, three times the heap band.
      Leakgate.Result heapResult = heap.await(Duration.ofMinutes(5));
      JsonNode heapJson = MAPPER.readTree(heapResult.stdout());
      assertThat(heapResult.exitCode()).as(heapResult.stderr()).isEqualTo(ExitCodes.FAILED);
      assertThat(heapJson.path("message").asText()).startsWith("go-heap-alloc on go-retains-0:");
      JsonNode retained = pod(heapJson, "go-heap-alloc", "go-retains-0");
      assertThat(retained.path("result").asText()).isEqualTo("Leak");
      assertThat(retained.path("level").asDouble() - retained.path("baseline").asDouble())
          .isGreaterThan(32 * 1024 * 1024);
      assertThat(pod(heapJson, "go-goroutines", "go-retains-0").path("result").asText())
          .isEqualTo("Recovered");
    }
  }
}
