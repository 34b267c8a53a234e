package dev.leakgate.operator.steps;

import dev.leakgate.gate.RecoveryContract;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's side of the recovery contract: {@link RecoveringStep} run at each time it asks to
 * be looked at again, from the load's end, against a Prometheus holding the pod's samples.
 */
class OperatorRecoveryContractTest extends RecoveryContract {
  private static final LeakGate RESOURCE =
      Gates.resource(
          """
          target: {name: checkout}
          signals: {presets: [jvm-threads]}
          baseline: {window: 60s}
          load:
            http: {url: "http://checkout.shop:8080/api", rate: 50, duration: 30s, timeout: 2s}
          recovery: {timeout: 2m}
          """);

  @Override
  protected Outcome recover(Shape threads, boolean unreadable) {
    FakeSignals prometheus =
        new FakeSignals(
            request ->
                RecordingBuilder.load(LOAD_START.getEpochSecond(), 30)
                    .baselineWindow("60s")
                    .recovery(null, "2m", null, 3)
                    .scrape(
                        SCRAPE_SECONDS,
                        -60,
                        request.to().getEpochSecond() - LOAD_START.getEpochSecond())
                    .signal("jvm-threads", "threads")
                    .pod(POD, threads)
                    .done()
                    .json());
    if (unreadable) {
      prometheus.failure =
          new PrometheusException(
              PrometheusException.Kind.UNREACHABLE, "jvm_threads", "connection refused");
    }
    QueryRange range = new QueryRange(Duration.ofSeconds(15));
    RecoveringStep step = new RecoveringStep(prometheus, range);
    LeakGateStatus status = Gates.status(Phase.Recovering);
    status.baselineStartedAt = BASELINE_START.toString();
    status.loadStartedAt = LOAD_START.toString();
    status.loadFinishedAt = LOAD_END.toString();
    status.pods = new ArrayList<>(List.of(new LeakGateStatus.PodRef(POD, "uid-0")));
    status.queries =
        new ArrayList<>(
            List.of(new LeakGateStatus.ResolvedQuery("jvm-threads", "threads", "jvm_threads")));

    Instant now = LOAD_END;
    Duration look = Duration.ZERO;
    while (!status.phase.isFinal()) {
      Progress progress = step.run(Gates.at(RESOURCE, status, now));
      if (progress instanceof Progress.Wait wait && !status.phase.isFinal()) {
        look = wait.after();
        now = now.plus(look);
      }
    }
    return new Outcome(
        status.phase.name(),
        status.reason,
        status.message,
        Duration.between(LOAD_END, now),
        range.step(Gates.at(RESOURCE, status, now).plan()),
        look);
  }
}
