package dev.leakgate.operator.steps;

import static dev.leakgate.operator.steps.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveringStepTest {
  private static final Instant LOAD_START = T0.plusSeconds(300);
  private static final Instant LOAD_END = LOAD_START.plusSeconds(120);
  private static final String POD = "checkout-a";

  private final LeakGate resource = Gates.resource(Gates.HTTP_GATE);

  /** Prometheus holding the pod's threads: 40 before the load, up to 400 during it. */
  private static FakeSignals threads(double retained) {
    Shape shape = Shape.hump(40, 400, 120, 20, retained).withNoise(1, 0.3, 7).rounded();
    return new FakeSignals(
        request ->
            untilNow(request).signal("jvm-threads", "threads").pod(POD, shape).done().json());
  }

  /** The gate's recording as Prometheus would answer it: every 15 s up to the request's end. */
  private static RecordingBuilder untilNow(Recorder.Request request) {
    return RecordingBuilder.load(LOAD_START.getEpochSecond(), 120)
        .baselineWindow("5m")
        .recovery(null, "10m", null, 3)
        .scrape(15, -300, request.to().getEpochSecond() - LOAD_START.getEpochSecond());
  }

  private static LeakGateStatus recovering() {
    LeakGateStatus status = Gates.status(Phase.Recovering);
    status.baselineStartedAt = T0.toString();
    status.loadStartedAt = LOAD_START.toString();
    status.loadFinishedAt = LOAD_END.toString();
    status.pods = new ArrayList<>(List.of(new LeakGateStatus.PodRef(POD, "uid-a")));
    status.queries =
        new ArrayList<>(
            List.of(new LeakGateStatus.ResolvedQuery("jvm-threads", "threads", "jvm_threads")));
    return status;
  }

  private static RecoveringStep step(FakeSignals signals) {
    return new RecoveringStep(signals, new QueryRange(Duration.ofSeconds(15)));
  }

  /** Runs the step every 30 s from the load end, as rescheduling would, until it decides. */
  private Instant runUntilDecided(RecoveringStep step, LeakGateStatus status) {
    return runUntilDecided(step, resource, status);
  }

  private static Instant runUntilDecided(
      RecoveringStep step, LeakGate resource, LeakGateStatus status) {
    for (Instant now = LOAD_END.plusSeconds(30);
        now.isBefore(LOAD_END.plusSeconds(900));
        now = now.plusSeconds(30)) {
      step.run(Gates.at(resource, status, now));
      if (status.phase.isFinal()) {
        return now;
      }
    }
    throw new AssertionError("undecided: " + status.message);
  }

  @Test
  void undecidedShowsEachPodAgainstItsBandAndWaitsAnInterval() {
    LeakGateStatus status = recovering();

    Progress progress = step(threads(0)).run(Gates.at(resource, status, LOAD_END.plusSeconds(30)));

    assertThat(progress).isEqualTo(Progress.waitFor(Duration.ofSeconds(30)));
    assertThat(status.phase).isEqualTo(Phase.Recovering);
    assertThat(status.message).isEqualTo("recovering 0:30 of up to 10:00");
    assertThat(status.signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.pod()).isEqualTo(POD);
              assertThat(s.baseline()).isBetween(38.0, 42.0);
              assertThat(s.allowed()).isGreaterThan(s.baseline());
            });
  }

  @Test
  void threadsThatStayUpFailTheGateOnThatPod() {
    LeakGateStatus status = recovering();

    runUntilDecided(step(threads(300)), status);

    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.verdict).isEqualTo("Failed");
    assertThat(status.reason).isIn("StuckAboveBaseline", "StillRising", "CannotRecoverInTime");
    assertThat(status.message).contains("jvm-threads on " + POD);
    assertThat(status.signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.result()).isEqualTo("Leak");
              assertThat(s.last()).isGreaterThan(300.0);
            });
  }

  @Test
  void threadsThatComeBackPass() {
    LeakGateStatus status = recovering();

    runUntilDecided(step(threads(0)), status);

    assertThat(status.phase).isEqualTo(Phase.Passed);
    assertThat(status.reason).isEqualTo("SignalsRecovered");
    assertThat(status.signals)
        .singleElement()
        .satisfies(s -> assertThat(s.result()).isEqualTo("Recovered"));
  }

  @Test
  void anOperatorThatStartsAtTheDecisionDecidesTheSame() {
    LeakGateStatus watched = recovering();
    Instant decided = runUntilDecided(step(threads(300)), watched);

    LeakGateStatus restarted = recovering();
    step(threads(300)).run(Gates.at(resource, restarted, decided));

    assertThat(restarted.phase).isEqualTo(watched.phase);
    assertThat(restarted.reason).isEqualTo(watched.reason);
    assertThat(restarted.message).isEqualTo(watched.message);
  }

  @Test
  void prometheusFailingPastTheDeadlineIsInconclusiveNeverPassed() {
    FakeSignals signals = threads(0);
    signals.failure =
        new PrometheusException(PrometheusException.Kind.UNREACHABLE, "jvm_threads", "refused");
    LeakGateStatus status = recovering();

    Progress retry = step(signals).run(Gates.at(resource, status, LOAD_END.plusSeconds(300)));
    assertThat(retry).isEqualTo(Progress.waitFor(Duration.ofSeconds(30)));
    assertThat(status.message)
        .startsWith("recovering; Prometheus failed: UNREACHABLE")
        .endsWith("; retrying");

    // Deadline: timeout 600 s + two 15 s steps; then two more intervals of retries.
    step(signals).run(Gates.at(resource, status, LOAD_END.plusSeconds(630 + 59)));
    assertThat(status.phase).isEqualTo(Phase.Recovering);
    step(signals).run(Gates.at(resource, status, LOAD_END.plusSeconds(630 + 60)));
    assertThat(status.phase).isEqualTo(Phase.Inconclusive);
    assertThat(status.reason).isEqualTo("PrometheusUnavailable");
    assertThat(status.message)
        .startsWith("could not read the signals by the recovery deadline and two looks after it:")
        .contains("Prometheus failed: UNREACHABLE");
  }

  @Test
  void aCustomCountSignalGatesWithItsOwnTolerance() {
    LeakGate custom =
        Gates.resource(
            Gates.HTTP_GATE.replace(
                "signals: {presets: [jvm-threads]}",
                """
                signals:
                  presets: [jvm-threads]
                  custom:
                    - {name: open-connections, kind: count, query: conns, tolerance: {absolute: "5"}}"""));
    Shape recovers = Shape.hump(40, 400, 120, 20, 0).withNoise(1, 0.3, 7).rounded();
    Shape keepsTwenty = Shape.hump(10, 200, 120, 20, 20).rounded();
    FakeSignals signals =
        new FakeSignals(
            request ->
                untilNow(request)
                    .signal("jvm-threads", "threads")
                    .pod(POD, recovers)
                    .done()
                    .signal("open-connections", "count")
                    .tolerance(null, "100")
                    .pod(POD, keepsTwenty)
                    .done()
                    .json());
    LeakGateStatus status = recovering();
    status.queries.add(new LeakGateStatus.ResolvedQuery("open-connections", "count", "conns"));
    runUntilDecided(step(signals), custom, status);

    // The spec's tolerance (5) replaces the 100 Prometheus' side knew nothing of: 20 left is a
    // leak.
    assertThat(status.phase).as(status.message).isEqualTo(Phase.Failed);
    assertThat(status.message).contains("open-connections on " + POD);
    assertThat(status.signals)
        .filteredOn(s -> s.name().equals("open-connections"))
        .singleElement()
        .satisfies(s -> assertThat(s.allowed()).isEqualTo(15.0));
  }
}
