package dev.leakgate.operator.steps;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import java.time.Instant;
import java.util.List;

/**
 * One reconcile's view of a gate: the resource, its checked plan, the working copy of its status
 * that the steps change, and the time of this reconcile.
 */
public record Gate(LeakGate resource, GatePlan plan, LeakGateStatus status, Instant now) {

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  public String name() {
    return resource.getMetadata().getName();
  }

  public List<String> podNames() {
    return status.pods.stream().map(LeakGateStatus.PodRef::name).toList();
  }

  public static Instant time(String text) {
    return Instant.parse(text);
  }
}
