package dev.leakgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.testing.KubeCluster;
import dev.leakgate.testing.LocalPrometheus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What waiting costs the API server (docs/performance.md): many gates Pending on Deployments whose
 * pods never become ready (there is no scheduler or kubelet here, so they stay Pending, as on a
 * cluster short of nodes), and the packaged operator, under the chart's RBAC, watching them. Counts
 * the operator's requests in the API server's audit log over a window once every gate waits, and
 * the operator's resident memory.
 *
 * <p>Not part of the suite (its name ends in neither Test nor IT). Run:
 *
 * <pre>
 * ./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=WaitingGatesBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
 *     [-Dbench.gates=1000] [-Dbench.targets=100] [-Dbench.window=60s]
 * </pre>
 */
class WaitingGatesBenchmark {
  private static final String NS = "bench";
  private static final String OPERATOR_USER =
      "system:serviceaccount:"
          + KubeCluster.OPERATOR_NAMESPACE
          + ":"
          + OperatorProcess.SERVICE_ACCOUNT;

  @TempDir Path home;

  @Test
  void waitingGatesCostTheApiServerAlmostNothing() throws Exception {
    int gates = Integer.getInteger("bench.gates", 1000);
    int targets = Integer.getInteger("bench.targets", 100);
    Duration window =
        Duration.parse("PT" + System.getProperty("bench.window", "60s").toUpperCase());
    KubeCluster cluster = KubeCluster.shared();
    KubernetesClient admin = cluster.admin();
    OperatorProcess.install(cluster);
    cluster.namespace(NS);
    Shop shop = new Shop(admin, NS);
    for (int t = 0; t < targets; t++) {
      shop.deployment("app-" + t, "registry.example/app:1");
    }
    for (int g = 0; g < gates; g++) {
      admin
          .resources(LeakGate.class)
          .inNamespace(NS)
          .resource(
              admin
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
                      apiVersion: leakgate.dev/v1alpha1
                      kind: LeakGate
                      metadata: {name: gate-%d, namespace: %s}
                      spec:
                        target: {name: app-%d}
                        startTimeout: 1h
                        load: {http: {url: "http://app-%d.%s:8080/", rate: 10, duration: 10s}}
                      """
                          .formatted(g, NS, g % targets, g % targets, NS),
                      LeakGate.class))
          .create();
    }
    int deadPrometheus = LocalPrometheus.freePort();
    Instant started = Instant.now();
    try (OperatorProcess operator =
        new OperatorProcess(
            cluster,
            home,
            "operator-bench",
            Map.of("LEAKGATE_PROMETHEUS_URL", "http://127.0.0.1:" + deadPrometheus))) {
      awaitAllWaiting(admin, gates, operator);
      Instant allWaiting = Instant.now();
      Thread.sleep(10_000);
      Instant from = Instant.now();
      Thread.sleep(window.toMillis());
      Instant to = Instant.now();
      long rssKib = rssKib(operator.process().pid());

      List<JsonNode> untilWaiting = requests(cluster, started, allWaiting);
      List<JsonNode> steady = requests(cluster, from, to);
      double perSecond = steady.size() / (window.toMillis() / 1000.0);
      System.out.printf(
          "%n%d gates on %d Deployments: all waiting after %s, %d requests to get there %s%n"
              + "steady state over %s: %d requests (%.2f/s) %s%noperator RSS %d MiB%n%n",
          gates,
          targets,
          Duration.between(started, allWaiting).withNanos(0),
          untilWaiting.size(),
          byCall(untilWaiting),
          window,
          steady.size(),
          perSecond,
          byCall(steady),
          rssKib / 1024);
      Files.writeString(
          Path.of("target", "waiting-gates-benchmark.txt"),
          "gates=%d targets=%d untilWaiting=%s requestsUntilWaiting=%d steadyPerSecond=%.2f rssMiB=%d%n"
              .formatted(
                  gates,
                  targets,
                  Duration.between(started, allWaiting).withNanos(0),
                  untilWaiting.size(),
                  perSecond,
                  rssKib / 1024));
      assertThat(perSecond).as("the target in docs/performance.md").isLessThan(5);
    }
  }

  private static void awaitAllWaiting(KubernetesClient admin, int gates, OperatorProcess operator)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (Instant.now().isBefore(deadline)) {
      long waiting =
          admin.resources(LeakGate.class).inNamespace(NS).list().getItems().stream()
              .filter(g -> g.getStatus() != null && g.getStatus().phase == Phase.Pending)
              .filter(
                  g -> g.getStatus().message != null && g.getStatus().message.startsWith("waiting"))
              .count();
      if (waiting == gates) {
        return;
      }
      Thread.sleep(2_000);
    }
    throw new AssertionError("not every gate waits after 10 minutes:\n" + operator.log());
  }

  /** The operator's requests received in [from, to), each once (its completed stage). */
  private static List<JsonNode> requests(KubeCluster cluster, Instant from, Instant to)
      throws Exception {
    return cluster.auditEvents().stream()
        .filter(e -> OPERATOR_USER.equals(e.path("user").path("username").asText()))
        .filter(e -> e.path("stage").asText().equals("ResponseComplete"))
        .filter(
            e -> {
              Instant at = Instant.parse(e.path("requestReceivedTimestamp").asText());
              return !at.isBefore(from) && at.isBefore(to);
            })
        .toList();
  }

  private static Map<String, Long> byCall(List<JsonNode> requests) {
    return requests.stream()
        .collect(
            Collectors.groupingBy(
                e -> ApiCalls.of(e).orElse(e.path("requestURI").asText()),
                TreeMap::new,
                Collectors.counting()));
  }

  private static long rssKib(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElseThrow();
  }
}
