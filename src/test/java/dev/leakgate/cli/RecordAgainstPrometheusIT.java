package dev.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.SampleServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path for real: the leaky and the fixed sample service as their own processes, a real
 * Prometheus scraping both every second, a bounded load on loopback, then {@code leakgate record}
 * and {@code leakgate judge} as a user runs them. A 20 s baseline, 15 s load and 40 s recovery: the
 * same engine as a production gate, on a short gate's settings. It runs in the sequential chain:
 * beside RealRuntimesIT, its four JVMs starved other gates' scrapes on a 2-core machine (a baseline
 * of RunCommandIT got 7 of 10 samples) and Node.js's load of its major collection.
 */
class RecordAgainstPrometheusIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String NAMESPACE = "demo";

  @TempDir Path dir;

  @Test
  void theLeakFailsOnItsThreadsAndTheFixPasses() throws Exception {
    try (SampleServiceProcess leaky = new SampleServiceProcess(dir.resolve("leaky.log"), "on");
        SampleServiceProcess fixed = new SampleServiceProcess(dir.resolve("fixed.log"), "off");
        // The same leak exported through Micrometer and through OpenTelemetry: the jvm preset's
        // other namings against the libraries that really use them.
        SampleServiceProcess micrometer =
            new SampleServiceProcess(
                dir.resolve("micrometer.log"), "on", "--metrics", "micrometer");
        SampleServiceProcess otel =
            new SampleServiceProcess(dir.resolve("otel.log"), "on", "--metrics", "opentelemetry");
        LocalPrometheus prometheus =
            new LocalPrometheus(
                dir,
                NAMESPACE,
                Map.of(
                    "checkout-leaky", leaky.url.resolve("/metrics"),
                    "checkout-fixed", fixed.url.resolve("/metrics"),
                    "checkout-micrometer", micrometer.url.resolve("/metrics"),
                    "checkout-otel", otel.url.resolve("/metrics")))) {
      // Warm up as a deployed service would be (JIT, connections), then a quiet baseline.
      drive(leaky.url, Duration.ofSeconds(3), 10);
      drive(fixed.url, Duration.ofSeconds(3), 10);
      drive(micrometer.url, Duration.ofSeconds(3), 10);
      drive(otel.url, Duration.ofSeconds(3), 10);
      Thread.sleep(30_000);
      Instant loadStart = Instant.now();
      CompletableFuture<Integer> micrometerLoad =
          CompletableFuture.supplyAsync(() -> driveUnchecked(micrometer.url));
      CompletableFuture<Integer> otelLoad =
          CompletableFuture.supplyAsync(() -> driveUnchecked(otel.url));
      Map<String, Integer> timedOut =
          Map.of(
              "leaky", drive(leaky.url, Duration.ofSeconds(15), 25),
              "fixed", drive(fixed.url, Duration.ofSeconds(15), 25),
              "checkout-micrometer", micrometerLoad.get(),
              "checkout-otel", otelLoad.get());
      Instant loadEnd = Instant.now();
      // Enough timeouts to make the leak plain: about half the calls outwait the 200 ms timeout.
      assertThat(timedOut.get("leaky")).isGreaterThan(100);
      Thread.sleep(42_000);

      String signals = "jvm-threads,process-open-fds,process-start-time";
      JsonNode leakVerdict =
          recordAndJudge(prometheus.url, "checkout-leaky", signals, loadStart, loadEnd);
      JsonNode fixVerdict =
          recordAndJudge(prometheus.url, "checkout-fixed", signals, loadStart, loadEnd);
      // auto finds the JVM's simpleclient names and leaves out what this service does not have.
      JsonNode auto = recordAndJudge(prometheus.url, "checkout-leaky", "auto", loadStart, loadEnd);
      List<String> found = new ArrayList<>();
      auto.get("signals").forEach(s -> found.add(s.get("name").asText()));
      assertThat(found)
          .contains("jvm-threads", "process-open-fds", "process-rss")
          .doesNotContain("go-goroutines", "nodejs-active-handles", "container-rss");
      assertThat(auto.get("verdict").asText()).isEqualTo("Failed");
      assertThat(auto.get("message").asText()).startsWith("jvm-threads on checkout-leaky:");

      // The same threads through a --query of the user's own, with its own band.
      Path own = dir.resolve("own.json");
      Leakgate.Result ownRecord =
          Leakgate.record(
              dir,
              prometheus.url,
              NAMESPACE,
              "checkout-leaky",
              "process-start-time",
              loadStart,
              loadEnd,
              own,
              "--query",
              "live-threads:count=max by (pod) (jvm_threads_current{namespace=\"$namespace\","
                  + " pod=~\"$pods\"})",
              "--tolerance",
              "live-threads=10%,5");
      assertThat(ownRecord.exitCode()).as(ownRecord.stderr()).isZero();
      JsonNode ownSignal = MAPPER.readTree(own.toFile()).at("/signals/1");
      assertThat(ownSignal.path("name").asText()).isEqualTo("live-threads");
      assertThat(ownSignal.path("query").asText())
          .isEqualTo(
              "max by (pod) (jvm_threads_current{namespace=\"demo\", pod=~\"checkout-leaky\"})");
      assertThat(ownSignal.path("tolerance").path("absolute").asText()).isEqualTo("5");
      Leakgate.Result ownJudge = Leakgate.run(dir, "judge", "--output", "json", own.toString());
      JsonNode ownVerdict = MAPPER.readTree(ownJudge.stdout());
      assertThat(ownVerdict.path("verdict").asText()).as(ownJudge.stdout()).isEqualTo("Failed");
      assertThat(ownVerdict.path("message").asText()).startsWith("live-threads on checkout-leaky:");

      assertNamingFailsTheLeak(
          "micrometer",
          prometheus.url,
          loadStart,
          loadEnd,
          timedOut,
          "jvm-threads: micrometer naming (max by (pod) (jvm_threads_live_threads{",
          "process-open-fds: micrometer naming (max by (pod) (process_files_open_files{");
      // OpenTelemetry exports no start time: two signals, its fds only with experimental
      // telemetry on (the sample service turns it on).
      assertNamingFailsTheLeak(
          "otel",
          prometheus.url,
          loadStart,
          loadEnd,
          timedOut,
          "jvm-threads: opentelemetry naming (sum by (pod) (jvm_thread_count{",
          "process-open-fds: opentelemetry naming (max by (pod) (jvm_file_descriptor_count{",
          "no process-start-time series under any naming, left out");

      System.out.println("leaky: " + leakVerdict);
      System.out.println("fixed: " + fixVerdict);
      assertThat(leakVerdict.get("verdict").asText())
          .as(leakVerdict.toString())
          .isEqualTo("Failed");
      assertThat(leakVerdict.get("message").asText()).startsWith("jvm-threads on checkout-leaky:");
      JsonNode threads = leakVerdict.at("/signals/0");
      assertThat(threads.get("name").asText()).isEqualTo("jvm-threads");
      assertThat(threads.at("/pods/0/pod").asText()).isEqualTo("checkout-leaky");
      assertThat(threads.at("/pods/0/result").asText()).isEqualTo("Leak");
      // Every timed-out call left one thread behind.
      assertThat(threads.at("/pods/0/level").asDouble() - threads.at("/pods/0/baseline").asDouble())
          .isGreaterThan(0.8 * timedOut.get("leaky"));

      assertThat(fixVerdict.get("verdict").asText()).as(fixVerdict.toString()).isEqualTo("Passed");
      assertThat(fixVerdict.at("/signals/0/pods/0/result").asText()).isEqualTo("Recovered");
    }
  }

  /**
   * The leak exported under another library's names: {@code record} finds each signal under that
   * naming, and the recording fails the leak on its threads, every timed-out call one thread.
   */
  private void assertNamingFailsTheLeak(
      String library,
      URI prometheus,
      Instant loadStart,
      Instant loadEnd,
      Map<String, Integer> timedOut,
      String... found)
      throws Exception {
    String pod = "checkout-" + library;
    Path recording = dir.resolve(library + ".json");
    Leakgate.Result record =
        Leakgate.record(
            dir,
            prometheus,
            NAMESPACE,
            pod,
            "jvm-threads,process-open-fds,process-start-time",
            loadStart,
            loadEnd,
            recording);
    assertThat(record.exitCode()).as(record.stderr()).isZero();
    assertThat(record.stderr()).contains(found);
    Leakgate.Result judge = Leakgate.run(dir, "judge", "--output", "json", recording.toString());
    JsonNode verdict = MAPPER.readTree(judge.stdout());
    assertThat(verdict.path("verdict").asText()).as(judge.stdout()).isEqualTo("Failed");
    assertThat(verdict.path("message").asText()).startsWith("jvm-threads on " + pod + ":");
    JsonNode threads = verdict.at("/signals/0/pods/0");
    assertThat(threads.path("result").asText()).isEqualTo("Leak");
    assertThat(threads.path("level").asDouble() - threads.path("baseline").asDouble())
        .isGreaterThan(0.8 * timedOut.get(pod));
  }

  private static int driveUnchecked(URI service) {
    try {
      return drive(service, Duration.ofSeconds(15), 25);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void failuresAreErrorsThatNameTheQueryNeverRecordings() throws Exception {
    Leakgate.Result unknown = recordInvalid("http://127.0.0.1:9", "a", "ruby");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(unknown.stderr()).contains("--signals: unknown preset or signal 'ruby'");

    Leakgate.Result badQuery =
        recordInvalid("http://127.0.0.1:9", "a", "jvm-threads", "--query", "conns=up");
    assertThat(badQuery.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(badQuery.stderr()).contains("--query 'conns=up' is not NAME:KIND=PROMQL");
    Leakgate.Result countWithoutBand =
        recordInvalid("http://127.0.0.1:9", "a", "jvm-threads", "--query", "conns:count=up");
    assertThat(countWithoutBand.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(countWithoutBand.stderr()).contains("--query conns is a count: give its band");

    int closed = LocalPrometheus.freePort();
    Leakgate.Result unreachable =
        recordInvalid("http://127.0.0.1:" + closed, "a", "jvm-threads", "--timeout", "2s");
    assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(unreachable.stderr())
        .contains("UNREACHABLE")
        .contains("query: max by (pod) (jvm_threads_current");

    try (LocalPrometheus empty = new LocalPrometheus(dir, NAMESPACE, Map.of())) {
      Leakgate.Result none = recordInvalid(empty.url.toString(), "nobody", "jvm-threads");
      assertThat(none.exitCode()).isEqualTo(ExitCodes.ERROR);
      assertThat(none.stderr())
          .contains("EMPTY_RESULT")
          .contains("jvm-threads matched no series for pods [nobody]");
    }
    assertThat(dir.resolve("x.json")).doesNotExist();
  }

  /** {@code leakgate record} over a fixed one-minute load, writing to x.json if it succeeds. */
  private Leakgate.Result recordInvalid(
      String prometheus, String pods, String signals, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "--prometheus",
                prometheus,
                "--namespace",
                NAMESPACE,
                "--pods",
                pods,
                "--signals",
                signals,
                "--load-start",
                "1795860000",
                "--load-end",
                "1795860060",
                "--from",
                "1795859940",
                "--to",
                "1795860120",
                "--out",
                dir.resolve("x.json").toString()));
    args.addAll(List.of(extra));
    return Leakgate.run(dir, args.toArray(String[]::new));
  }

  private JsonNode recordAndJudge(
      URI prometheus, String pod, String signals, Instant loadStart, Instant loadEnd)
      throws Exception {
    Path recording = dir.resolve(pod + "-" + signals.length() + ".json");
    Leakgate.Result record =
        Leakgate.record(dir, prometheus, NAMESPACE, pod, signals, loadStart, loadEnd, recording);
    assertThat(record.exitCode()).as(record.stderr()).isZero();
    assertThat(record.stdout()).isEmpty();
    JsonNode written = MAPPER.readTree(recording.toFile());
    assertThat(written.at("/signals/0/query").asText())
        .isEqualTo("max by (pod) (jvm_threads_current{namespace=\"demo\", pod=~\"" + pod + "\"})");
    assertThat(record.stderr()).contains("jvm-threads: simpleclient naming");

    Leakgate.Result judge = Leakgate.run(dir, "judge", "--output", "json", recording.toString());
    assertThat(judge.exitCode()).as(judge.stdout() + judge.stderr()).isIn(0, 1);
    return MAPPER.readTree(judge.stdout());
  }

  /**
   * Sends {@code rate} calls a second for {@code length} to /api/recommend and counts the 504s. A
   * bounded loop on loopback: it ends by itself.
   */
  private static int drive(URI service, Duration length, int rate) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(service.resolve("/api/recommend"))
            .timeout(Duration.ofSeconds(5))
            .build();
    List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
    long total = length.toSeconds() * rate;
    long started = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = started + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
    }
    int timedOut = 0;
    for (CompletableFuture<HttpResponse<Void>> call : calls) {
      if (call.get().statusCode() == 504) {
        timedOut++;
      }
    }
    return timedOut;
  }
}
