package dev.leakgate.operator;

import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.testing.LoadConfigs;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;

/** Gates for step tests: a resource from YAML, its plan, and a status at a fixed time. */
final class Gates {
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Gates() {}

  static LeakGate resource(String spec) {
    LeakGate gate =
        SERIALIZATION.unmarshal(
            """
            apiVersion: leakgate.dev/v1alpha1
            kind: LeakGate
            metadata: {name: checkout-1, namespace: shop, uid: 9f1c-uid, generation: 1}
            spec:
            """
                + spec.indent(2),
            LeakGate.class);
    return gate;
  }

  static final String HTTP_GATE =
      """
      target: {name: checkout}
      signals: {presets: [jvm-threads]}
      baseline: {window: 5m}
      load:
        http: {url: "http://checkout.shop:8080/api", rate: 50, duration: 2m, timeout: 2s}
      recovery: {timeout: 10m}
      """;

  static Gate at(LeakGate resource, LeakGateStatus status, Instant now) {
    try {
      return new Gate(resource, GatePlans.from(resource.getSpec()), status, now);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(e.describe(), e);
    }
  }

  static LeakGateStatus status(Phase phase) {
    LeakGateStatus status = new LeakGateStatus();
    status.phase = phase;
    status.startedAt = T0.toString();
    status.phaseStartedAt = T0.toString();
    return status;
  }

  static LeakGateConfig.Load loadConfig(String... allowedAccounts) {
    return LoadConfigs.of("ghcr.io/leakgate/leakgate:test", "leakgate-load", allowedAccounts);
  }
}
