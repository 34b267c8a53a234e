package dev.leakgate.operator;

import dev.leakgate.spec.InvalidSpecException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Thin on purpose: picks the step for the gate's phase, runs steps while the phase moves on, then
 * writes the status (only when it changed) and asks to be called again when the step said. All
 * state is in the status, so any reconcile after a restart continues where the last one ended.
 *
 * <p>The status is written first, and only then are Events sent and verdicts counted: a refused
 * status write throws, the reconcile is retried from the old status, and nothing was announced
 * twice; a refused Event (no RBAC, a quota) is logged and never stops the gate.
 */
@ControllerConfiguration(name = LeakGateReconciler.NAME)
public class LeakGateReconciler implements Reconciler<LeakGate> {
  public static final String NAME = "leakgate";

  /** The MDC key every log line of a reconcile carries: the gate's namespace/name. */
  public static final String GATE_MDC = "gate";

  private static final Logger LOG = Logger.getLogger(LeakGateReconciler.class);

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
    String key = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    MDC.put(GATE_MDC, key);
    try {
      return reconcile(resource, context, key);
    } finally {
      MDC.remove(GATE_MDC);
    }
  }

  private UpdateControl<LeakGate> reconcile(
      LeakGate resource, Context<LeakGate> context, String key) {
    LeakGateStatus before = resource.getStatus();
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
      entered.add(new Entered(Phase.Pending, "the operator took the gate on", null));
    }
    Progress progress = run(resource, context, status, now, entered);
    status.observedGeneration = resource.getMetadata().getGeneration();
    boolean block =
        !"Allow".equals(resource.getSpec() == null ? null : resource.getSpec().inconclusive());
    status.conditions =
        new ArrayList<>(
            Conditions.of(
                status, Objects.requireNonNullElse(status.observedGeneration, 0L), block, now));
    if (!sameStatus(before, status)) {
      resource.setStatus(status);
      // Cached for the next reconcile, which may come before the informer sees this write.
      context.resourceOperations().jsonMergePatchPrimaryStatus(resource);
    }
    for (Entered e : entered) {
      announce(resource, e, status, now);
    }
    if ((before == null || before.load == null) && status.load != null) {
      LOG.infof("created load Job %s", status.load.job());
    }
    metrics.phase(key, status.phase);
    UpdateControl<LeakGate> control = UpdateControl.noUpdate();
    if (progress instanceof Progress.Wait wait && !status.phase.isFinal()) {
      control.rescheduleAfter(atLeast(wait.after(), Duration.ofMillis(500)));
    }
    return control;
  }

  /**
   * A phase entered and written: the one it left timed, logged, sent as an Event (best effort), a
   * verdict counted.
   */
  private void announce(LeakGate resource, Entered entered, LeakGateStatus status, Instant now) {
    Phase phase = entered.phase();
    if (entered.left() != null) {
      metrics.phaseEnded(entered.left().phase(), entered.left().took());
    }
    if (phase.isFinal()) {
      LOG.infof("ended %s (%s): %s", phase, status.reason, entered.message());
      metrics.decided(phase.name(), status.reason);
    } else {
      LOG.infof("entered %s: %s", phase, entered.message());
    }
    try {
      events.phaseEntered(resource, phase, entered.message(), now);
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not record the %s Event (HTTP %d: %s); the gate goes on without it",
          phase, e.getCode(), e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
  }

  /** A phase a gate entered in this reconcile, with the message it entered with. */
  private record Entered(Phase phase, String message, Left left) {}

  /** The phase a gate left for the one it entered, and how long it was in it. */
  private record Left(Phase phase, Duration took) {}

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
      entered.add(new Entered(status.phase, status.message, null));
      return error;
    }
    Gate gate = new Gate(resource, plan, status, now);
    SignalSource signals;
    try {
      signals = prometheus.forGate(resource);
    } catch (PrometheusSignalSources.ConfigException e) {
      Progress error = Outcomes.error(gate, ErrorReason.PrometheusConfig, e.getMessage());
      entered.add(new Entered(status.phase, status.message, null));
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
            case Pending -> new PendingStep(cluster, signals);
            case Baseline -> new BaselineStep(signals, range);
            case Loading -> new LoadingStep(cluster, new LoadJobs(config.load()));
            case Recovering -> new RecoveringStep(signals, range);
            case Passed, Failed, Inconclusive, Error ->
                throw new IllegalStateException("no step for final phase " + phase);
          };
      progress = step.run(gate);
      if (status.phase != phase) {
        Left left = new Left(phase, Duration.between(Gate.time(status.phaseStartedAt), now));
        status.phaseStartedAt = now.toString();
        entered.add(new Entered(status.phase, status.message, left));
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
