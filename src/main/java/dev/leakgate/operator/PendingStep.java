package dev.leakgate.operator;

import dev.leakgate.gate.GateClock;
import dev.leakgate.prometheus.PrometheusException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pending: waits until every pod of the target is ready, makes sure Prometheus answers, then starts
 * the baseline, from history when the pods have been ready for longer than the window.
 */
public final class PendingStep implements PhaseStep {
  private static final Duration POLL = Duration.ofSeconds(5);

  private final ClusterView cluster;
  private final SignalSource signals;

  public PendingStep(ClusterView cluster, SignalSource signals) {
    this.cluster = cluster;
    this.signals = signals;
  }

  @Override
  public Progress run(Gate gate) {
    GatePlan plan = gate.plan();
    Optional<ClusterView.Workload> found =
        cluster.workload(gate.namespace(), plan.targetKind(), plan.targetName());
    if (found.isEmpty()) {
      return Outcomes.error(
          gate,
          ErrorReason.TargetNotFound,
          plan.targetKind()
              + " "
              + plan.targetName()
              + " not found in namespace "
              + gate.namespace());
    }
    ClusterView.Workload workload = found.get();
    boolean allReady =
        workload.desiredReplicas() > 0
            && workload.pods().size() == workload.desiredReplicas()
            && workload.ready() == workload.desiredReplicas();
    Instant deadline = Gate.time(gate.status().startedAt).plus(plan.startTimeout());
    if (!allReady) {
      String waiting =
          workload.ready()
              + " of "
              + workload.desiredReplicas()
              + " pods of "
              + plan.targetKind()
              + " "
              + plan.targetName()
              + " ready";
      if (!gate.now().isBefore(deadline)) {
        return Outcomes.error(
            gate,
            ErrorReason.TargetNotReady,
            waiting + " after startTimeout " + GateClock.span(plan.startTimeout()));
      }
      gate.status().message = "waiting: " + waiting;
      Duration left = Duration.between(gate.now(), deadline);
      return Progress.waitFor(left.compareTo(POLL) < 0 ? left : POLL);
    }
    try {
      // A wrong URL or a refused token would otherwise show only after the whole baseline window.
      signals.check(gate.now());
    } catch (PrometheusException e) {
      return Outcomes.error(
          gate,
          ErrorReason.PrometheusUnavailable,
          "Prometheus did not answer before the baseline: " + e.getMessage());
    }
    gate.status().pods =
        workload.pods().stream()
            .map(p -> new LeakGateStatus.PodRef(p.name(), p.uid()))
            .collect(Collectors.toCollection(ArrayList::new));
    Duration window = plan.settings().baselineWindow();
    Instant historyFrom = gate.now().minus(window);
    boolean history =
        workload.pods().stream()
            .allMatch(p -> p.readySince().map(t -> !t.isAfter(historyFrom)).orElse(false));
    gate.status().baselineSource = history ? "History" : "Measured";
    gate.status().baselineStartedAt = (history ? historyFrom : gate.now()).toString();
    return Outcomes.moveTo(
        gate,
        Phase.Baseline,
        history
            ? "baseline from the last "
                + GateClock.span(window)
                + " already in Prometheus (pods ready longer than that)"
            : "measuring the baseline for " + GateClock.span(window));
  }
}
