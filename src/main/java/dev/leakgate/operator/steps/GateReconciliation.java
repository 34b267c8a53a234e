package dev.leakgate.operator.steps;

import dev.leakgate.operator.model.Conditions;
import dev.leakgate.operator.model.ErrorReason;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.spec.InvalidSpecException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reconcile of one gate, without the framework: picks the step for the gate's phase, runs steps
 * while the phase moves on, and says what changed. {@link LeakGateReconciler} writes the status,
 * sends the Events and reschedules; everything else is here, tested at fixed times against an
 * in-memory cluster and Prometheus.
 */
public final class GateReconciliation {
  /** More steps than phases: a loop guard, never reached by a correct step. */
  private static final int MAX_STEPS_PER_RECONCILE = 8;

  /** The soonest a gate is looked at again, whatever a step asked. */
  static final Duration RESCHEDULE_FLOOR = Duration.ofMillis(500);

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /** What a reconcile reaches outside the gate, made for each reconcile by the host. */
  public interface Collaborators {
    /** The gate's Prometheus, with its own credentials where the spec names them. */
    SignalSource signals(LeakGate resource) throws SignalSource.ConfigException;

    ClusterView cluster();

    QueryRange range();

    LoadJobs loadJobs();
  }

  /** A phase the gate entered in this reconcile, with its message and the phase it left. */
  public record Entered(Phase phase, String message, Optional<Left> left) {}

  /** The phase a gate left, and how long it was in it. */
  public record Left(Phase phase, Duration took) {}

  /**
   * What one reconcile did.
   *
   * @param changed whether the status differs from the one read: only then is it written
   * @param entered the phases entered, in order, each once: one Event each
   * @param lookAgainAfter when to reconcile again; empty once the gate is final
   */
  public record Result(
      LeakGateStatus status,
      boolean changed,
      List<Entered> entered,
      Optional<Duration> lookAgainAfter) {}

  public Result reconcile(LeakGate resource, Collaborators with, Instant now) {
    LeakGateStatus before = resource.getStatus();
    if (before != null && before.phase != null && before.phase.isFinal()) {
      return new Result(before, false, List.of(), Optional.empty());
    }
    LeakGateStatus status = copy(before);
    List<Entered> entered = new ArrayList<>();
    if (status.phase == null) {
      status.phase = Phase.Pending;
      status.startedAt = now.toString();
      status.phaseStartedAt = now.toString();
      entered.add(new Entered(Phase.Pending, "the operator took the gate on", Optional.empty()));
    }
    Progress progress = run(resource, with, status, now, entered);
    status.observedGeneration = resource.getMetadata().getGeneration();
    boolean block =
        !"Allow".equals(resource.getSpec() == null ? null : resource.getSpec().inconclusive());
    status.conditions =
        new ArrayList<>(
            Conditions.of(
                status, Objects.requireNonNullElse(status.observedGeneration, 0L), block, now));
    Optional<Duration> again =
        progress instanceof Progress.Wait wait && !status.phase.isFinal()
            ? Optional.of(atLeast(wait.after(), RESCHEDULE_FLOOR))
            : Optional.empty();
    return new Result(status, !sameStatus(before, status), List.copyOf(entered), again);
  }

  private Progress run(
      LeakGate resource,
      Collaborators with,
      LeakGateStatus status,
      Instant now,
      List<Entered> entered) {
    GatePlan plan;
    try {
      plan = GatePlans.from(resource.getSpec());
    } catch (InvalidSpecException e) {
      return ended(
          entered,
          Outcomes.error(
              new Gate(resource, null, status, now), ErrorReason.InvalidSpec, e.describe()),
          status);
    }
    Gate gate = new Gate(resource, plan, status, now);
    SignalSource signals;
    try {
      signals = with.signals(resource);
    } catch (SignalSource.ConfigException e) {
      return ended(
          entered, Outcomes.error(gate, ErrorReason.PrometheusConfig, e.getMessage()), status);
    }
    Progress progress = Progress.moved();
    for (int i = 0; i < MAX_STEPS_PER_RECONCILE && !status.phase.isFinal(); i++) {
      Phase phase = status.phase;
      progress = step(phase, with, signals).run(gate);
      if (status.phase != phase) {
        Left left = new Left(phase, Duration.between(Gate.time(status.phaseStartedAt), now));
        status.phaseStartedAt = now.toString();
        entered.add(new Entered(status.phase, status.message, Optional.of(left)));
      }
      if (progress instanceof Progress.Wait) {
        break;
      }
    }
    return progress;
  }

  private static PhaseStep step(Phase phase, Collaborators with, SignalSource signals) {
    return switch (phase) {
      case Pending -> new PendingStep(with.cluster(), signals);
      case Baseline -> new BaselineStep(signals, with.range());
      case Loading -> new LoadingStep(with.cluster(), with.loadJobs());
      case Recovering -> new RecoveringStep(signals, with.range());
      case Passed, Failed, Inconclusive, Error ->
          throw new IllegalStateException("no step for final phase " + phase);
    };
  }

  /** A gate that cannot run as specified ends in Error before any step. */
  private static Progress ended(List<Entered> entered, Progress error, LeakGateStatus status) {
    entered.add(new Entered(status.phase, status.message, Optional.empty()));
    return error;
  }

  private LeakGateStatus copy(LeakGateStatus status) {
    return status == null
        ? new LeakGateStatus()
        : serialization.unmarshal(serialization.asJson(status), LeakGateStatus.class);
  }

  /** Compare before writing: a reconcile that changed nothing writes nothing. */
  private boolean sameStatus(LeakGateStatus before, LeakGateStatus after) {
    return before != null && serialization.asJson(before).equals(serialization.asJson(after));
  }

  private static Duration atLeast(Duration d, Duration min) {
    return d.compareTo(min) < 0 ? min : d;
  }
}
