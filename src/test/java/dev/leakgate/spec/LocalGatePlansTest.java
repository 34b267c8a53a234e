package dev.leakgate.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leakgate.load.Arrivals;
import dev.leakgate.local.LocalGatePlan;
import dev.leakgate.local.LocalGatePlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a LeakGate file for leakgate run: defaults, and errors that name the field. */
class LocalGatePlansTest {
  @TempDir Path dir;

  private LocalGatePlan plan(String spec) throws Exception {
    Path file = dir.resolve("gate.yaml");
    Files.writeString(
        file, "apiVersion: leakgate.dev/v1alpha1\nkind: LeakGate\nmetadata: {name: g}\n" + spec);
    return LocalGatePlans.from(new SpecReader().read(file));
  }

  private static final String MINIMAL =
      """
      spec:
        target: {metricsUrl: http://127.0.0.1:8080/metrics}
        load:
          http: {url: http://127.0.0.1:8080/, rate: 50, duration: 1m}
      """;

  @Test
  void theExampleSpecsRead() throws Exception {
    for (Path example : Files.newDirectoryStream(Path.of("examples/run"), "*.yaml")) {
      LocalGatePlan plan = LocalGatePlans.from(new SpecReader().read(example));
      assertThat(plan.signals()).as(example.toString()).isNotEmpty();
    }
  }

  @Test
  void defaultsComeFromTheModel() throws Exception {
    LocalGatePlan plan = plan(MINIMAL);
    assertThat(plan.pod()).isEqualTo("local");
    assertThat(plan.auto()).isTrue();
    assertThat(plan.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.settings().baselineWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(plan.settings().recovery().timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(plan.settings().recovery().settle()).isEqualTo(3);
    assertThat(plan.load().arrivals()).isEqualTo(new Arrivals.Rate(50, 1000));
    assertThat(plan.load().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.load().method()).isEqualTo("GET");
    assertThat(plan.blocksWhenInconclusive()).isTrue();
    assertThat(plan(MINIMAL + "  inconclusive: Allow\n").blocksWhenInconclusive()).isFalse();
  }

  @Test
  void withAPrometheusTheTargetIsAPodInTheGatesNamespace() throws Exception {
    Path file = dir.resolve("prom.yaml");
    Files.writeString(
        file,
        "apiVersion: leakgate.dev/v1alpha1\nkind: LeakGate\nmetadata: {name: g, namespace: shop}\n"
            + MINIMAL.replace("metricsUrl: http://127.0.0.1:8080/metrics", "name: checkout-0")
            + "  prometheus: {url: http://prom:9090}\n");
    LocalGatePlan plan = LocalGatePlans.from(new SpecReader().read(file));

    assertThat(plan.origin())
        .isEqualTo(
            new dev.leakgate.local.SignalOrigin.Prometheus(
                java.net.URI.create("http://prom:9090"), "shop", false));
    assertThat(plan.pod()).isEqualTo("checkout-0");
  }

  @Test
  void badInputNamesTheField() {
    assertError(
        MINIMAL.replace("rate: 50", "rate: 50, concurrency: 3"),
        "spec.load.http.rate",
        "exactly one");
    assertError(MINIMAL.replace("rate: 50", "rat: 50"), "spec.load.http.rat", "unknown field");
    assertError(MINIMAL.replace("rate: 50", "rate: fast"), "spec.load.http.rate", "number");
    assertError(MINIMAL.replace("1m}", "1 minute}"), "spec.load.http.duration", "1 minute");
    assertError(
        MINIMAL.replace("metricsUrl: http://127.0.0.1:8080/metrics", "name: x"),
        "spec.target.metricsUrl",
        "required");
    assertError(MINIMAL + "  signals: {presets: [ruby]}\n", "spec.signals.presets", "ruby");
    assertError(
        MINIMAL + "  recovery: {timeout: 1m, grace: 2m}\n", "spec.recovery.grace", "shorter");
    assertError(MINIMAL + "  inconclusive: Maybe\n", "spec.inconclusive", "Block or Allow");
    assertError(
        MINIMAL + "  prometheus: {url: http://prom:9090}\n", "spec.target.metricsUrl", "not both");
    assertError(
        MINIMAL.replace("metricsUrl: http://127.0.0.1:8080/metrics", "name: checkout-0")
            + "  prometheus: {url: http://prom:9090, bearerTokenSecretRef: {name: t, key: k}}\n",
        "spec.prometheus",
        "Secret references are for the operator");
    assertError(MINIMAL + "  baseline: {window: 10s}\n", "spec.baseline.window", "5 scrapes");
    // At 15 s scrapes a 90 s baseline holds enough for goroutines but not for the Go heap, whose
    // first trough window is left out: refused up front, naming the shortest that works.
    assertError(
        MINIMAL
            + "  scrapeInterval: 15s\n  baseline: {window: 90s}\n"
            + "  signals: {presets: [go]}\n  recovery: {timeout: 2m}\n",
        "spec.baseline.window",
        "for a heap signal, after its first trough window, whenever they fall: at least 2m");
    assertError(
        MINIMAL + "  scrapeInterval: 15s\n  baseline: {window: 2m}\n  recovery: {timeout: 2m}\n",
        "spec.recovery.timeout",
        "must be at least 4m12s at spec.scrapeInterval 15s");
    assertError(
        MINIMAL + "  scrapeInterval: 40s\n  baseline: {window: 10m}\n",
        "spec.scrapeInterval",
        "at most 35s");
    assertError(
        MINIMAL + "  signals: {custom: [{name: c, kind: threads, query: q}]}\n",
        "spec.signals.custom",
        "without PromQL");
  }

  private void assertError(String spec, String field, String text) {
    assertThatThrownBy(() -> plan(spec))
        .isInstanceOfSatisfying(
            InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(text);
  }
}
