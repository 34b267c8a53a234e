package dev.leakgate.operator;

import dev.leakgate.spec.InvalidSpecException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Thin on purpose: picks the step for the gate's phase, runs steps while the phase moves on, then
 * writes the status (only when it changed) and asks to be called again when the step said. All
 * state is in the status, so any reconcile after a restart continues where the last one ended.
 */
@ControllerConfiguration(name = LeakGateReconciler.NAME)
public class LeakGateReconciler implements Reconciler<LeakGate> {
  public static final String NAME = "leakgate";

  /** More steps than phases: a loop guard, never reached by a correct step. */
  private static final int MAX_STEPS_PER_RECONCILE = 8;

  private final Clock clock;
  private final KubernetesClient client;
  private final LeakGateConfig config;
  private final GateMetrics metrics;
  private final GateEvents events;
  private final PrometheusSignalSources prometheus;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @jakarta.inject.Inject
  public LeakGateReconciler(
      Clock clock, KubernetesClient client, LeakGateConfig config, MeterRegistry registry) {
    this.clock = clock;
    this.client = client;
    this.config = config;
    this.metrics = new GateMetrics(registry);
    this.events = new GateEvents(client);
    this.prometheus = new PrometheusSignalSources(client, config.prometheus(), metrics);
  }

  @Override
  public List<EventSource<?, LeakGate>> prepareEventSources(EventSourceContext<LeakGate> context) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, LeakGate.class)
                .withLabelSelector("app.kubernetes.io/managed-by=leakgate")
                .build(),
            context));
  }

  @Override
  public UpdateControl<LeakGate> reconcile(LeakGate resource, Context<LeakGate> context) {
    LeakGateStatus before = resource.getStatus();
    String key = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    if (before != null && before.phase != null && before.phase.isFinal()) {
      metrics.phase(key, before.phase);
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    LeakGateStatus status = copy(before);
    if (status.phase == null) {
      status.phase = Phase.Pending;
      status.startedAt = now.toString();
      status.phaseStartedAt = now.toString();
    }
    List<Entered> entered = new ArrayList<>();
    if (before == null || before.phase == null) {
      entered.add(new Entered(Phase.Pending, "the operator took the gate on"));
    }
    Progress progress = run(resource, context, status, now, entered);
    status.observedGeneration = resource.getMetadata().getGeneration();
    boolean block =
        !"Allow".equals(resource.getSpec() == null ? null : resource.getSpec().inconclusive());
    status.conditions =
        new ArrayList<>(
            Conditions.of(
                status, Objects.requireNonNullElse(status.observedGeneration, 0L), block, now));
    for (Entered e : entered) {
      events.phaseEntered(resource, e.phase(), e.message(), now);
      if (e.phase().isFinal()) {
        metrics.decided(e.phase().name(), status.reason);
      }
    }
    metrics.phase(key, status.phase);
    UpdateControl<LeakGate> control;
    if (sameStatus(before, status)) {
      control = UpdateControl.noUpdate();
    } else {
      resource.setStatus(status);
      control = UpdateControl.patchStatus(resource);
    }
    if (progress instanceof Progress.Wait wait && !status.phase.isFinal()) {
      control.rescheduleAfter(atLeast(wait.after(), Duration.ofMillis(500)));
    }
    return control;
  }

  /** A phase a gate entered in this reconcile, with the message it entered with. */
  private record Entered(Phase phase, String message) {}

  private Progress run(
      LeakGate resource,
      Context<LeakGate> context,
      LeakGateStatus status,
      Instant now,
      List<Entered> entered) {
    GatePlan plan;
    try {
      plan = GatePlans.from(resource.getSpec());
    } catch (InvalidSpecException e) {
      Gate gate = new Gate(resource, null, status, now);
      Progress error = Outcomes.error(gate, ErrorReason.InvalidSpec, e.describe());
      entered.add(new Entered(status.phase, status.message));
      return error;
    }
    Gate gate = new Gate(resource, plan, status, now);
    SignalSource signals;
    try {
      signals = prometheus.forGate(resource);
    } catch (PrometheusSignalSources.ConfigException e) {
      Progress error = Outcomes.error(gate, ErrorReason.PrometheusConfig, e.getMessage());
      entered.add(new Entered(status.phase, status.message));
      return error;
    }
    ClusterView cluster =
        new KubernetesClusterView(client, context.getSecondaryResource(Job.class));
    QueryRange range = new QueryRange(config.prometheus().step());
    Progress progress = Progress.moved();
    for (int i = 0; i < MAX_STEPS_PER_RECONCILE && !status.phase.isFinal(); i++) {
      Phase phase = status.phase;
      PhaseStep step =
          switch (phase) {
            case Pending -> new PendingStep(cluster);
            case Baseline -> new BaselineStep(signals, range);
            case Loading -> new LoadingStep(cluster, new LoadJobs(config.load()));
            case Recovering -> new RecoveringStep(signals, range);
            default -> throw new IllegalStateException("no step for final phase " + phase);
          };
      progress = step.run(gate);
      if (status.phase != phase) {
        metrics.phaseEnded(phase, Duration.between(Gate.time(status.phaseStartedAt), now));
        status.phaseStartedAt = now.toString();
        entered.add(new Entered(status.phase, status.message));
      }
      if (progress instanceof Progress.Wait) {
        break;
      }
    }
    return progress;
  }

  /** A reconcile that threw (the API server refused a write, say): counted, then retried. */
  @Override
  public ErrorStatusUpdateControl<LeakGate> updateErrorStatus(
      LeakGate resource, Context<LeakGate> context, Exception e) {
    metrics.reconcileFailed();
    return ErrorStatusUpdateControl.defaultErrorProcessing();
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
