package dev.leakgate.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leakgate.prometheus.Preset;
import dev.leakgate.sample.SampleServer;
import dev.leakgate.sample.ScoringService;
import dev.leakgate.sample.ServiceMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TextFormatParserTest {
  private final TextFormatParser parser = new TextFormatParser();

  @Test
  void readsTheFormatsCorners() throws Exception {
    TextFormatParser.Page page =
        parser.parse(
            """
            # HELP http_requests_total The total, with a \\\\ and a \\n in its help.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3   1395066363000
            # a plain comment
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
            metric_without_timestamp_and_labels 12.47
            something_weird{problem="division by zero"} +Inf -3982045
            minus_inf -Inf
            not_a_number NaN
            trailing_comma{a="1",} 2
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            """);

    List<Sample> s = page.samples();
    assertThat(s).hasSize(13);
    assertThat(s.get(0).labels()).isEqualTo(Map.of("method", "post", "code", "200"));
    assertThat(s.get(0).value()).isEqualTo(1027);
    assertThat(s.get(0).timestampMillis()).hasValue(1395066363000L);
    assertThat(s.get(1).value()).isEqualTo(3);
    assertThat(s.get(2).labels().get("path")).isEqualTo("C:\\DIR\\FILE.TXT");
    assertThat(s.get(2).labels().get("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
    assertThat(s.get(2).value()).isEqualTo(1.458255915e9);
    assertThat(s.get(3).labels()).isEmpty();
    assertThat(s.get(3).timestampMillis()).isEmpty();
    assertThat(s.get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(s.get(4).timestampMillis()).hasValue(-3982045L);
    assertThat(s.get(5).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(s.get(6).value()).isNaN();
    assertThat(s.get(7).labels()).isEqualTo(Map.of("a", "1"));
    assertThat(s.get(12).labels()).isEqualTo(Map.of("le", "+Inf"));
    assertThat(page.types())
        .containsEntry("rpc_duration_seconds", "summary")
        .containsEntry("http_request_duration_seconds", "histogram")
        .containsEntry("http_requests_total", "counter");
  }

  @Test
  void rejectsBrokenLinesWithTheirNumber() {
    assertThatThrownBy(() -> parser.parse("ok 1\nbad{a=\"1\" 2\n"))
        .isInstanceOf(TextFormatException.class)
        .hasMessageStartingWith("line 2:");
    assertThatThrownBy(() -> parser.parse("a{b=\"x} 1")).hasMessageContaining("not closed");
    assertThatThrownBy(() -> parser.parse("a 1 2 3")).hasMessageContaining("unexpected text");
    assertThatThrownBy(() -> parser.parse("a one")).hasMessageContaining("'one' is not a number");
    assertThatThrownBy(() -> parser.parse("a Infinity")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> parser.parse("a{b=\"\\q\"} 1")).hasMessageContaining("escape");
    assertThatThrownBy(() -> parser.parse("a{b=\"1\",b=\"2\"} 1")).hasMessageContaining("twice");
    assertThatThrownBy(() -> parser.parse("# TYPE a sometype")).hasMessageContaining("type");
    assertThatThrownBy(() -> parser.parse("a")).hasMessageContaining("no value");
  }

  @ParameterizedTest
  @EnumSource(ServiceMetrics.Naming.class)
  void readsTheSampleServicesRealMetricsAndItsPresetSignals(ServiceMetrics.Naming naming)
      throws Exception {
    try (SampleServer server =
        new SampleServer(
            "127.0.0.1",
            0,
            new ScoringService(
                ScoringService.Leak.NONE,
                Duration.ofMillis(1),
                Duration.ofMillis(2),
                Duration.ofSeconds(1)),
            ServiceMetrics.of(naming))) {
      MetricsScraper scraper =
          new MetricsScraper(
              HttpClient.newHttpClient(),
              URI.create("http://127.0.0.1:" + server.port() + "/metrics"),
              Duration.ofSeconds(5));
      List<Sample> page = scraper.scrape();

      // Each JVM signal is found under this library's own naming, the one the preset names.
      Map<String, String> flavors = new java.util.TreeMap<>();
      for (Preset.Signal signal : Preset.resolve(List.of("jvm"))) {
        ScrapedSignals.read(signal, page)
            .ifPresent(r -> flavors.put(signal.name(), r.variant().flavor()));
      }
      String library = naming.name();
      Map<String, String> all = new java.util.TreeMap<>();
      all.put("jvm-threads", library);
      all.put("jvm-old-gen-after-gc", library);
      // simpleclient's process collector uses the names every Prometheus client shares.
      all.put(
          "process-open-fds",
          naming == ServiceMetrics.Naming.simpleclient ? "prometheus" : library);
      // OpenTelemetry's runtime metrics have no process start time.
      if (naming != ServiceMetrics.Naming.opentelemetry) {
        all.put("process-start-time", "prometheus");
      }
      assertThat(flavors).isEqualTo(all);

      Preset.Signal threads = Preset.resolve(List.of("jvm-threads")).get(0);
      assertThat(ScrapedSignals.read(threads, page).orElseThrow().value())
          .isEqualTo((double) Thread.activeCount(), org.assertj.core.api.Assertions.within(40.0));
      Preset.Signal fds = Preset.resolve(List.of("process-open-fds")).get(0);
      assertThat(ScrapedSignals.read(fds, page).orElseThrow().value()).isBetween(5.0, 4096.0);
      Preset.Signal start = Preset.resolve(List.of("process-start-time")).get(0);
      if (all.containsKey("process-start-time")) {
        assertThat(ScrapedSignals.read(start, page).orElseThrow().value())
            .isCloseTo(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0,
                org.assertj.core.api.Assertions.within(2.0));
      }
      Preset.Signal goroutines = Preset.resolve(List.of("go-goroutines")).get(0);
      assertThat(ScrapedSignals.read(goroutines, page)).isEmpty();
    }
  }
}
