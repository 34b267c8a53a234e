package dev.leakgate.operator.cluster;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.Phase;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Locale;

/**
 * Kubernetes Events on a gate, one per phase it enters. Names are deterministic ({@code
 * <gate>.<phase>}), so a repeat (say, after a restart) counts up instead of adding another Event.
 */
public final class GateEvents {
  private final KubernetesClient client;

  public GateEvents(KubernetesClient client) {
    this.client = client;
  }

  public void phaseEntered(LeakGate gate, Phase phase, String message, Instant now) {
    String namespace = gate.getMetadata().getNamespace();
    String name = gate.getMetadata().getName() + "." + phase.name().toLowerCase(Locale.ROOT);
    String type = phase == Phase.Failed || phase == Phase.Error ? "Warning" : "Normal";
    var events = client.v1().events().inNamespace(namespace);
    Event existing = events.withName(name).get();
    if (existing != null) {
      int count = existing.getCount() == null ? 2 : existing.getCount() + 1;
      events
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client
                  .getKubernetesSerialization()
                  .asJson(
                      java.util.Map.of(
                          "count", count, "lastTimestamp", now.toString(), "message", message)));
      return;
    }
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(gate.getApiVersion())
            .withKind(gate.getKind())
            .withName(gate.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(gate.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(phase.name())
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withNewSource()
            .withComponent("leakgate")
            .endSource()
            .build();
    try {
      events.resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
