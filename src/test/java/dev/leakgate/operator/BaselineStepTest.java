package dev.leakgate.operator;

import static dev.leakgate.operator.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.prometheus.PrometheusException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineStepTest {
  private static final String QUERY = "max by (pod) (jvm_threads_current{pod=~\"checkout-a\"})";

  private final FakeSignals signals =
      new FakeSignals(
          request -> {
            ObjectNode recording = new ObjectMapper().createObjectNode();
            ObjectNode signal = recording.putArray("signals").addObject();
            signal.put("name", "jvm-threads").put("kind", "threads").put("query", QUERY);
            return recording;
          });
  private final BaselineStep step =
      new BaselineStep(signals, new QueryRange(Duration.ofSeconds(15)));
  private final LeakGate resource = Gates.resource(Gates.HTTP_GATE);

  private LeakGateStatus measuring() {
    LeakGateStatus status = Gates.status(Phase.Baseline);
    status.baselineStartedAt = T0.toString();
    status.pods = new java.util.ArrayList<>(List.of(new LeakGateStatus.PodRef("checkout-a", "u")));
    return status;
  }

  @Test
  void waitsOutTheWindowWithoutAskingPrometheus() {
    LeakGateStatus status = measuring();

    Progress progress = step.run(Gates.at(resource, status, T0.plusSeconds(100)));

    assertThat(progress).isEqualTo(Progress.waitFor(Duration.ofSeconds(200)));
    assertThat(status.message).isEqualTo("measuring the baseline until 2026-11-28T10:05:00Z");
    assertThat(signals.requests).isEmpty();
  }

  @Test
  void resolvesTheQueriesForThePodsOverTheWindowThenLoads() {
    LeakGateStatus status = measuring();

    step.run(Gates.at(resource, status, T0.plusSeconds(300)));

    assertThat(status.phase).isEqualTo(Phase.Loading);
    assertThat(status.queries)
        .containsExactly(new LeakGateStatus.ResolvedQuery("jvm-threads", "threads", QUERY));
    assertThat(signals.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.pods()).containsExactly("checkout-a");
              assertThat(r.namespace()).isEqualTo("shop");
              assertThat(r.from()).isEqualTo(T0);
              assertThat(r.to()).isEqualTo(T0.plusSeconds(300));
              assertThat(r.step()).isEqualTo(Duration.ofSeconds(15));
            });
  }

  @Test
  void aSignalWithoutSeriesIsAnError() {
    signals.failure =
        new PrometheusException(
            PrometheusException.Kind.EMPTY_RESULT, QUERY, "jvm-threads matched no series");
    LeakGateStatus status = measuring();

    step.run(Gates.at(resource, status, T0.plusSeconds(300)));

    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("SignalsNotFound");
    assertThat(status.message).contains("jvm-threads matched no series").contains(QUERY);
  }

  @Test
  void anUnreachablePrometheusIsRetriedUntilTheStartTimeout() {
    signals.failure =
        new PrometheusException(PrometheusException.Kind.UNREACHABLE, QUERY, "connection refused");
    LeakGateStatus status = measuring();

    Progress retry = step.run(Gates.at(resource, status, T0.plusSeconds(300)));
    assertThat(retry).isEqualTo(Progress.waitFor(Duration.ofSeconds(10)));
    assertThat(status.phase).isEqualTo(Phase.Baseline);
    assertThat(status.message).startsWith("baseline done, retrying Prometheus: UNREACHABLE");

    step.run(Gates.at(resource, status, T0.plusSeconds(300 + 300)));
    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("PrometheusUnavailable");
  }

  @Test
  void shortWindowsQueryAtFinerSteps() {
    LeakGate shortGate = Gates.resource(Gates.HTTP_GATE.replace("window: 5m", "window: 20s"));
    QueryRange range = new QueryRange(Duration.ofSeconds(15));
    assertThat(range.step(Gates.at(shortGate, measuring(), T0).plan()))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(range.step(Gates.at(resource, measuring(), T0).plan()))
        .isEqualTo(Duration.ofSeconds(15));
  }

  private static final String CUSTOM_GATE =
      Gates.HTTP_GATE.replace(
          "signals: {presets: [jvm-threads]}",
          """
          signals:
            presets: [jvm-threads]
            custom:
              - name: open-connections
                kind: count
                query: sum by (pod) (app_open_connections{namespace="$namespace", pod=~"$pods"})
                tolerance: {absolute: "5"}""");

  private static ObjectNode customAnswer(
      List<dev.leakgate.prometheus.Recorder.ResolvedQuery> qs, boolean found) {
    ObjectNode recording = new ObjectMapper().createObjectNode();
    for (var q : qs) {
      ObjectNode s = recording.withArray("signals").addObject();
      s.put("name", q.signal()).put("kind", q.kind().id()).put("query", q.query());
      var result = s.putObject("data").put("resultType", "matrix").putArray("result");
      if (found) {
        result.addObject().putObject("metric").put("pod", "checkout-a");
      }
    }
    return recording;
  }

  @Test
  void customSignalsAreFilledInForThePodsAndKeptWithThePresets() {
    signals.recordAnswer = qs -> customAnswer(qs, true);
    LeakGateStatus status = measuring();

    step.run(Gates.at(Gates.resource(CUSTOM_GATE), status, T0.plusSeconds(300)));

    assertThat(status.phase).isEqualTo(Phase.Loading);
    assertThat(status.queries)
        .extracting(LeakGateStatus.ResolvedQuery::signal)
        .containsExactly("jvm-threads", "open-connections");
    assertThat(status.queries.get(1).query())
        .isEqualTo("sum by (pod) (app_open_connections{namespace=\"shop\", pod=~\"checkout-a\"})");
    assertThat(status.queries.get(1).kind()).isEqualTo("count");
  }

  @Test
  void aCustomSignalWithoutSeriesIsAnErrorNamingIt() {
    signals.recordAnswer = qs -> customAnswer(qs, false);
    LeakGateStatus status = measuring();

    step.run(Gates.at(Gates.resource(CUSTOM_GATE), status, T0.plusSeconds(300)));

    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("SignalsNotFound");
    assertThat(status.message)
        .startsWith("custom signal open-connections matched no series for pods [checkout-a]")
        .contains("app_open_connections");
  }
}
