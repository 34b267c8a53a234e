package dev.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.prometheus.PromQl;
import dev.leakgate.prometheus.PrometheusClient;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.Matrix;
import dev.leakgate.recording.Recording;
import dev.leakgate.recording.RecordingJson;
import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.SampleServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Prometheus stopped mid-gate and started again (an upgrade, a reschedule): it scraped nothing for
 * 8 s, and on restart writes no staleness markers, so {@code query_range} repeats the last value
 * across the outage as if it had been measured. {@code record --raw} reads what was really scraped,
 * and the engine sees the hole for what it is: it can't vouch for what nobody watched. Mostly
 * waiting on the wall clock with its own Prometheus and service, so it runs beside the other
 * classes.
 */
@Execution(ExecutionMode.CONCURRENT)
class PrometheusOutageIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String POD = "checkout-0";

  @TempDir Path dir;

  @Test
  void aPrometheusOutageIsAGapInRawSamplesNotAFilledInPass() throws Exception {
    try (SampleServiceProcess service = new SampleServiceProcess(dir.resolve("svc.log"), "off");
        LocalPrometheus prometheus =
            new LocalPrometheus(dir, "shop", Map.of(POD, service.url.resolve("/metrics")))) {
      prometheus.awaitSamples(POD, 3);
      Thread.sleep(20_000);
      Instant loadStart = Instant.now();
      Leakgate.Result load =
          Leakgate.run(
              dir,
              "load",
              "--url",
              service.url.resolve("/api/recommend").toString(),
              "--rate",
              "10",
              "--duration",
              "8s");
      assertThat(load.exitCode()).as(load.stderr()).isZero();
      Instant loadEnd = Instant.now();
      Thread.sleep(5_000);
      Instant down = Instant.now();
      prometheus.stop();
      // Shorter than the recent window (20 s at a 40 s timeout), as a restart of a minute or two is
      // at the default 10 min: the gate saw the pod before and after the hole.
      Thread.sleep(8_000);
      prometheus.start();
      Instant up = Instant.now();
      Thread.sleep(Duration.between(Instant.now(), loadEnd.plusSeconds(42)).toMillis());

      Path filled = dir.resolve("filled.json");
      Leakgate.Result stepped =
          Leakgate.record(
              dir, prometheus.url, "shop", POD, "jvm-threads", loadStart, loadEnd, filled);
      assertThat(stepped.exitCode()).as(stepped.stderr()).isZero();
      // query_range has a value at every step through the outage: the last one, repeated.
      assertThat(largestHole(filled)).isLessThanOrEqualTo(2.0);

      Path raw = dir.resolve("raw.json");
      Leakgate.Result rawRecord =
          Leakgate.record(
              dir, prometheus.url, "shop", POD, "jvm-threads", loadStart, loadEnd, raw, "--raw");
      assertThat(rawRecord.exitCode()).as(rawRecord.stderr()).isZero();
      JsonNode signal = MAPPER.readTree(raw.toFile()).at("/signals/0");
      assertThat(signal.path("samples").asText()).isEqualTo("raw");
      assertThat(signal.path("query").asText())
          .isEqualTo("max by (pod) (jvm_threads_current{namespace=\"shop\", pod=~\"checkout-0\"})");
      double hole = largestHole(raw);
      // Down for the outage, plus the few seconds a started Prometheus takes to scrape again
      // (its target discovery hands over targets every 5 s).
      assertThat(hole)
          .isGreaterThanOrEqualTo(8.0)
          .isLessThanOrEqualTo(Duration.between(down, up).toSeconds() + 8.0);

      Leakgate.Result judge = Leakgate.run(dir, "judge", "--output", "json", raw.toString());
      JsonNode verdict = MAPPER.readTree(judge.stdout());
      assertThat(verdict.path("verdict").asText()).as(judge.stdout()).isEqualTo("Inconclusive");
      assertThat(verdict.path("reason").asText()).isEqualTo("DataGap");
      assertThat(verdict.path("message").asText()).startsWith("jvm-threads on checkout-0:");
      assertThat(verdict.at("/signals/0/pods/0/pod").asText()).isEqualTo(POD);
      assertThat(verdict.at("/signals/0/pods/0/reason").asText()).isEqualTo("DataGap");

      // Reading raw samples in windows (an hour in use) gives the same samples, each once.
      PrometheusClient client =
          new PrometheusClient(
              prometheus.url,
              Map.of(),
              Duration.ofSeconds(2),
              Duration.ofSeconds(10),
              2,
              Duration.ofMillis(100),
              2,
              Optional.empty());
      String selector = "jvm_threads_current{pod=\"" + POD + "\"}";
      Instant from = loadStart.minusSeconds(20);
      Instant to = loadEnd.plusSeconds(40);
      JsonNode whole = client.rawSamples(selector, from, to, Duration.ofHours(1));
      JsonNode windowed = client.rawSamples(selector, from, to, Duration.ofSeconds(7));
      assertThat(windowed).isEqualTo(whole);
      assertThat(whole.at("/result/0/values").size()).isGreaterThan(40);

      // The operator and run re-read queries resolved at the baseline: preset ones as raw
      // samples, a custom one (arbitrary PromQL) through query_range.
      Preset.Signal threads = Preset.resolve(List.of("jvm-threads")).get(0);
      Recorder.Request request =
          new Recorder.Request(
              new Recorder.Target("shop", List.of(POD), List.of(threads), false),
              new Recorder.Span(from, loadStart, loadEnd, to),
              Duration.ofSeconds(1),
              GateSettings.defaults(),
              Recorder.PresetSignals.REQUIRED,
              Recorder.Samples.RAW);
      String presetQuery = PromQl.fill(threads.template(), "shop", List.of(POD));
      String customQuery = "max by (pod) (process_open_fds{pod=\"" + POD + "\"})";
      Recording reread =
          new Recorder(client)
              .recordResolved(
                  List.of(
                      new Recorder.ResolvedQuery("jvm-threads", SignalKind.THREADS, presetQuery),
                      new Recorder.ResolvedQuery("open-fds", SignalKind.COUNT, customQuery)),
                  request);
      assertThat(reread.signals().get(0).rawSamples()).isTrue();
      Matrix.Entry scraped = RecordingJson.matrix(whole, "whole").result().get(0);
      Matrix.Entry folded = reread.signals().get(0).data().result().get(0);
      assertThat(folded.times()).containsExactly(scraped.times());
      assertThat(folded.values()).containsExactly(scraped.values());
      assertThat(reread.signals().get(1).rawSamples()).isFalse();
      // A step every second from start to end, both whole seconds as the client sends them.
      assertThat(reread.signals().get(1).data().result().get(0).times())
          .hasSize((int) (to.getEpochSecond() - from.getEpochSecond()) + 1);
    }
  }

  /** The longest time between two consecutive samples of the recording's first series. */
  private static double largestHole(Path recording) throws Exception {
    JsonNode values = MAPPER.readTree(recording.toFile()).at("/signals/0/data/result/0/values");
    double largest = 0;
    for (int i = 1; i < values.size(); i++) {
      largest =
          Math.max(largest, values.get(i).get(0).asDouble() - values.get(i - 1).get(0).asDouble());
    }
    return largest;
  }
}
