package dev.leakgate.operator;

import dev.leakgate.operator.cluster.GateEvents;
import dev.leakgate.operator.cluster.KubernetesClusterView;
import dev.leakgate.operator.cluster.PrometheusSignalSources;
import dev.leakgate.operator.cluster.TargetWorkloads;
import dev.leakgate.operator.config.LeakGateConfig;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.operator.steps.ClusterView;
import dev.leakgate.operator.steps.GateReconciliation;
import dev.leakgate.operator.steps.LoadJobs;
import dev.leakgate.operator.steps.QueryRange;
import dev.leakgate.operator.steps.SignalSource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Thin on purpose: {@link GateReconciliation} runs the gate's steps and says what changed; this
 * class writes the status (only when it changed), announces each phase entered and asks to be
 * called again when the step said. All state is in the status, so any reconcile after a restart
 * continues where the last one ended.
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

  private final Clock clock;
  private final KubernetesClient client;
  private final LeakGateConfig config;
  private final GateMetrics metrics;
  private final GateEvents events;
  private final PrometheusSignalSources prometheus;
  private final QueryRange range;
  private final LoadJobs loadJobs;
  private final GateReconciliation reconciliation = new GateReconciliation();

  @jakarta.inject.Inject
  public LeakGateReconciler(
      Clock clock, KubernetesClient client, LeakGateConfig config, MeterRegistry registry) {
    this.clock = clock;
    this.client = client;
    this.config = config;
    this.metrics = new GateMetrics(registry);
    this.events = new GateEvents(client);
    this.prometheus = new PrometheusSignalSources(client, config.prometheus(), metrics);
    this.range = new QueryRange(config.prometheus().step());
    this.loadJobs = new LoadJobs(config.load());
  }

  @Override
  public List<EventSource<?, LeakGate>> prepareEventSources(EventSourceContext<LeakGate> context) {
    List<EventSource<?, LeakGate>> sources = new ArrayList<>();
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, LeakGate.class)
                .withLabelSelector("app.kubernetes.io/managed-by=leakgate")
                .build(),
            context));
    sources.addAll(TargetWorkloads.eventSources(context));
    return sources;
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
    Instant now = clock.instant();
    GateReconciliation.Result result =
        reconciliation.reconcile(resource, collaborators(resource, context), now);
    if (result.changed()) {
      resource.setStatus(result.status());
      // Cached for the next reconcile, which may come before the informer sees this write.
      context.resourceOperations().jsonMergePatchPrimaryStatus(resource);
    }
    for (GateReconciliation.Entered e : result.entered()) {
      announce(resource, e, result.status(), now);
    }
    if ((before == null || before.load == null) && result.status().load != null) {
      LOG.infof("created load Job %s", result.status().load.job());
    }
    metrics.phase(key, result.status().phase);
    UpdateControl<LeakGate> control = UpdateControl.noUpdate();
    result.lookAgainAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The cluster as this reconcile sees it: its target and load Job from the informers' caches. */
  private GateReconciliation.Collaborators collaborators(LeakGate gate, Context<LeakGate> context) {
    return new GateReconciliation.Collaborators() {
      @Override
      public SignalSource signals(LeakGate resource) throws SignalSource.ConfigException {
        return prometheus.forGate(resource);
      }

      @Override
      public ClusterView cluster() {
        return new KubernetesClusterView(
            client, context.getSecondaryResource(Job.class), TargetWorkloads.cached(gate, context));
      }

      @Override
      public QueryRange range() {
        return range;
      }

      @Override
      public LoadJobs loadJobs() {
        return loadJobs;
      }
    };
  }

  /**
   * A phase entered and written: the one it left timed, logged, sent as an Event (best effort), a
   * verdict counted.
   */
  private void announce(
      LeakGate resource, GateReconciliation.Entered entered, LeakGateStatus status, Instant now) {
    Phase phase = entered.phase();
    entered.left().ifPresent(left -> metrics.phaseEnded(left.phase(), left.took()));
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

  /** A reconcile that threw (the API server refused a write, say): counted, then retried. */
  @Override
  public ErrorStatusUpdateControl<LeakGate> updateErrorStatus(
      LeakGate resource, Context<LeakGate> context, Exception e) {
    metrics.reconcileFailed();
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }
}
