package dev.leakgate.operator.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.operator.config.LeakGateConfig;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.testing.LoadConfigs;
import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.function.DoublePredicate;

/** Gates for step tests: a resource from YAML, its plan, and a status at a fixed time. */
public final class Gates {
  public static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Gates() {}

  public static LeakGate resource(String spec) {
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

  public static Gate at(LeakGate resource, LeakGateStatus status, Instant now) {
    try {
      return new Gate(resource, GatePlans.from(resource.getSpec()), status, now);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException(e.describe(), e);
    }
  }

  /** The query {@link #baselineThreads} answers. */
  static final String THREADS_QUERY = "max by (pod) (jvm_threads_current{pod=~\"checkout-a\"})";

  /**
   * Prometheus's answer to a baseline request for pod checkout-a's threads: a flat 40 every 15 s
   * over the request's range where {@code presentAt} (epoch seconds) says, as the recorder writes
   * it (the load starts and ends at the request's end: the baseline's), with its query.
   */
  static ObjectNode baselineThreads(Recorder.Request request, DoublePredicate presentAt) {
    long end = request.to().getEpochSecond();
    long from = request.from().getEpochSecond() - end;
    ObjectNode recording =
        RecordingBuilder.load(end, 0)
            .baselineWindow("5m")
            .recovery(null, "10m", null, 3)
            .scrape(15, from, 0)
            .signal("jvm-threads", "threads")
            .pod(
                "checkout-a",
                Shape.flat(40).withNoise(1, 0.3, 7).rounded(),
                t -> presentAt.test(end + t))
            .done()
            .json();
    ((ObjectNode) recording.path("signals").get(0)).put("query", THREADS_QUERY);
    return recording;
  }

  public static LeakGateStatus status(Phase phase) {
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
