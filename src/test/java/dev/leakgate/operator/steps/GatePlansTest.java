package dev.leakgate.operator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leakgate.analysis.SignalKind;
import dev.leakgate.prometheus.CustomSignal;
import dev.leakgate.spec.InvalidSpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatePlansTest {

  private static GatePlan plan(String signals) throws InvalidSpecException {
    return GatePlans.from(
        Gates.resource(Gates.HTTP_GATE.replace("signals: {presets: [jvm-threads]}", signals))
            .getSpec());
  }

  @Test
  void customSignalsTakeTheirKindsGatingUnlessToldOtherwise() throws Exception {
    GatePlan plan =
        plan(
            """
            signals:
              presets: [jvm-threads]
              custom:
                - {name: open-connections, kind: count, query: "sum by (pod) (conns)", tolerance: {absolute: "5"}}
                - {name: rss, kind: memory, query: "container_memory_rss"}
                - {name: pool-threads, kind: threads, query: "pool_threads", gating: false}""");

    assertThat(plan.custom())
        .extracting(CustomSignal::name, CustomSignal::kind, CustomSignal::gating)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("open-connections", SignalKind.COUNT, true),
            org.assertj.core.groups.Tuple.tuple("rss", SignalKind.MEMORY, false),
            org.assertj.core.groups.Tuple.tuple("pool-threads", SignalKind.THREADS, false));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{name: jvm-threads, kind: threads, query: q} | spec.signals.custom[0].name | already a"
            + " signal",
        "{name: c, kind: count, query: q} | spec.signals.custom[0].tolerance | needs a tolerance",
        "{name: c, kind: start-time, query: q} | spec.signals.custom[0].kind | is not one of",
        "{name: c, kind: threads} | spec.signals.custom[0].query | is required",
      })
  void badCustomSignalsNameTheirField(String custom, String field, String message) {
    assertThatThrownBy(() -> plan("signals: {presets: [jvm-threads], custom: [" + custom + "]}"))
        .isInstanceOfSatisfying(
            InvalidSpecException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void aNamedContainerNarrowsTheContainerMetricsOnly() throws Exception {
    GatePlan plan =
        GatePlans.from(
            Gates.resource(
                    Gates.HTTP_GATE
                        .replace(
                            "target: {name: checkout}", "target: {name: checkout, container: app}")
                        .replace("presets: [jvm-threads]", "presets: [container, jvm-threads]"))
                .getSpec());

    var templates =
        plan.signals().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    dev.leakgate.prometheus.Preset.Signal::name,
                    dev.leakgate.prometheus.Preset.Signal::template));
    assertThat(templates.get("container-rss"))
        .contains("container=\"app\"")
        .doesNotContain("container!=");
    assertThat(templates.get("container-oom-killed")).contains("container=\"app\"");
    assertThat(templates.get("container-restarts"))
        .contains("kube_pod_container_status_restarts_total{")
        .contains("container=\"app\"");
    assertThat(templates.get("jvm-threads")).doesNotContain("container");
  }
}
