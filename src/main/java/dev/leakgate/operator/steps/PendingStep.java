package dev.leakgate.operator.steps;

import dev.leakgate.gate.GateClock;
import dev.leakgate.operator.model.ErrorReason;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pending: waits until every pod of the target is ready, makes sure Prometheus answers, then starts
 * the baseline, from history when the pods have been ready for longer than the window.
 *
 * <p>Waiting costs no requests: the target's controller reports readiness in its status, which the
 * operator watches, and every change to it wakes the gate; otherwise the gate sleeps until its
 * startTimeout. The pods are listed once the controller says they are all ready, and they decide.
 */
public final class PendingStep implements PhaseStep {
  /**
   * How soon to look again when the controller's count ran ahead of the pods that can be listed.
   */
  private static final Duration RELIST = Duration.ofSeconds(5);

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
    Instant deadline = Gate.time(gate.status().startedAt).plus(plan.startTimeout());
    if (!workload.reportsAllReady()) {
      // Its controller's next status update wakes the gate; the deadline is the only timer.
      return waitOrGiveUp(gate, deadline, workload.readyReplicas(), workload, deadline);
    }
    List<ClusterView.PodState> pods = cluster.pods(gate.namespace(), workload);
    long ready = pods.stream().filter(ClusterView.PodState::ready).count();
    if (pods.size() != workload.desiredReplicas() || ready != workload.desiredReplicas()) {
      // A pod's own status can trail its controller's count, or an old pod still terminates.
      Instant relist = gate.now().plus(RELIST);
      return waitOrGiveUp(
          gate, deadline, ready, workload, relist.isBefore(deadline) ? relist : deadline);
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
        pods.stream()
            .map(p -> new LeakGateStatus.PodRef(p.name(), p.uid()))
            .collect(Collectors.toCollection(ArrayList::new));
    Duration window = plan.settings().baselineWindow();
    Instant historyFrom = gate.now().minus(window);
    boolean history =
        pods.stream().allMatch(p -> p.readySince().map(t -> !t.isAfter(historyFrom)).orElse(false));
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

  private static Progress waitOrGiveUp(
      Gate gate, Instant deadline, long ready, ClusterView.Workload workload, Instant lookAgain) {
    GatePlan plan = gate.plan();
    String waiting =
        ready
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
    return Progress.waitFor(Duration.between(gate.now(), lookAgain));
  }
}
