package dev.leakgate.operator.cluster;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.spec.TargetSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Deployments and StatefulSets gates target, watched rather than polled: a change to one wakes
 * the gates that still wait for it (and no others, so a workload's status updates never make a
 * recovering gate query Prometheus again), and a waiting gate reads its target from the cache.
 *
 * <p>The operator caches the workloads of the namespaces it watches, not their pods: a workload's
 * status says how many of its pods are ready, and pods are listed only once it says all are.
 */
public final class TargetWorkloads {
  /** Gates by the workload they target: "namespace/kind/name". */
  private static final String BY_TARGET = "leakgate.dev/target";

  private TargetWorkloads() {}

  public static List<InformerEventSource<?, LeakGate>> eventSources(
      EventSourceContext<LeakGate> context) {
    IndexerResourceCache<LeakGate> gates = context.getPrimaryCache();
    gates.addIndexer(BY_TARGET, TargetWorkloads::targetKey);
    return List.of(
        informer(Deployment.class, TargetSpec.DEPLOYMENT, gates, context),
        informer(StatefulSet.class, TargetSpec.STATEFUL_SET, gates, context));
  }

  /** The gate's target as the informer last saw it; empty when it has none of that name. */
  public static Optional<? extends HasMetadata> cached(LeakGate gate, Context<LeakGate> context) {
    return target(gate)
        .flatMap(
            t ->
                t.kind().equals(TargetSpec.STATEFUL_SET)
                    ? context.getSecondaryResource(StatefulSet.class)
                    : context.getSecondaryResource(Deployment.class));
  }

  private static <W extends HasMetadata> InformerEventSource<W, LeakGate> informer(
      Class<W> type,
      String kind,
      IndexerResourceCache<LeakGate> gates,
      EventSourceContext<LeakGate> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, LeakGate.class)
            .withName(kind)
            .withSecondaryToPrimaryMapper(
                workload ->
                    gates
                        .byIndex(
                            BY_TARGET,
                            key(
                                workload.getMetadata().getNamespace(),
                                kind,
                                workload.getMetadata().getName()))
                        .stream()
                        .filter(TargetWorkloads::waiting)
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (LeakGate gate) ->
                    target(gate)
                        .filter(t -> t.kind().equals(kind))
                        .map(
                            t ->
                                Set.of(new ResourceID(t.name(), gate.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .build(),
        context);
  }

  /** Only a pending gate reads its target; the later phases have their pods in the status. */
  private static boolean waiting(LeakGate gate) {
    return gate.getStatus() == null
        || gate.getStatus().phase == null
        || gate.getStatus().phase == Phase.Pending;
  }

  private static List<String> targetKey(LeakGate gate) {
    return target(gate)
        .map(t -> List.of(key(gate.getMetadata().getNamespace(), t.kind(), t.name())))
        .orElse(List.of());
  }

  private static Optional<TargetSpec> target(LeakGate gate) {
    return Optional.ofNullable(gate.getSpec())
        .map(spec -> spec.target())
        .filter(t -> t.name() != null);
  }

  private static String key(String namespace, String kind, String name) {
    return namespace + "/" + kind + "/" + name;
  }
}
