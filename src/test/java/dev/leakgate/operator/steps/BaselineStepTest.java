package dev.leakgate.operator.steps;

import static dev.leakgate.operator.steps.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineStepTest {
  private static final String QUERY = Gates.THREADS_QUERY;

  /** When the pod's samples begin in Prometheus: from the start of time unless a test says. */
  private Instant samplesFrom = Instant.EPOCH;

  /** Prometheus holding the pod's threads every 15 s from {@link #samplesFrom} on. */
  private final FakeSignals signals =
      new FakeSignals(
          request -> Gates.baselineThreads(request, t -> t >= samplesFrom.getEpochSecond()));

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
  void aMeasuredBaselineTooThinToJudgeEndsInconclusiveBeforeTheLoad() {
    samplesFrom = T0.plusSeconds(240);
    LeakGateStatus status = measuring();
    status.baselineSource = "Measured";

    step.run(Gates.at(resource, status, T0.plusSeconds(300)));

    assertThat(status.phase).isEqualTo(Phase.Inconclusive);
    assertThat(status.verdict).isEqualTo("Inconclusive");
    assertThat(status.reason).isEqualTo("InsufficientBaseline");
    assertThat(status.message)
        .startsWith(
            "not starting the load: jvm-threads on checkout-a: baseline window has 3 of ~19");
    assertThat(status.signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.pod()).isEqualTo("checkout-a");
              assertThat(s.reason()).isEqualTo("InsufficientBaseline");
            });
    assertThat(status.queries).isEmpty();
  }

  @Test
  void aHistoryBaselineTooThinIsMeasuredAfreshOnce() {
    samplesFrom = T0.plusSeconds(240);
    LeakGateStatus status = measuring();
    status.baselineSource = "History";

    Progress progress = step.run(Gates.at(resource, status, T0.plusSeconds(300)));

    assertThat(status.phase).isEqualTo(Phase.Baseline);
    assertThat(progress).isEqualTo(Progress.waitFor(Duration.ofMinutes(5)));
    assertThat(status.baselineSource).isEqualTo("Measured");
    assertThat(status.baselineStartedAt).isEqualTo(T0.plusSeconds(300).toString());
    assertThat(status.message)
        .startsWith("history in Prometheus too thin (jvm-threads on checkout-a:")
        .endsWith("); measuring the baseline for 5m");

    step.run(Gates.at(resource, status, T0.plusSeconds(600)));

    assertThat(status.phase).isEqualTo(Phase.Loading);
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

  /** The custom signals over the baseline: 12 connections, or no series at all. */
  private static ObjectNode customAnswer(
      List<dev.leakgate.prometheus.Recorder.ResolvedQuery> qs, boolean found) {
    RecordingBuilder builder = RecordingBuilder.load(T0.getEpochSecond() + 300, 0);
    builder.scrape(15, -300, 0);
    for (var q : qs) {
      var signal = builder.signal(q.signal(), q.kind().id());
      if (found) {
        signal.pod("checkout-a", Shape.flat(12).withNoise(1, 0.3, 3).rounded());
      }
    }
    ObjectNode recording = builder.json();
    for (int i = 0; i < qs.size(); i++) {
      ((ObjectNode) recording.path("signals").get(i)).put("query", qs.get(i).query());
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
