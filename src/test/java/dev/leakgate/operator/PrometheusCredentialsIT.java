package dev.leakgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.leakgate.operator.cluster.PrometheusSignalSources;
import dev.leakgate.operator.config.LeakGateConfig;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.operator.steps.Gate;
import dev.leakgate.operator.steps.Gates;
import dev.leakgate.operator.steps.QueryRange;
import dev.leakgate.operator.steps.SignalSource;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.testing.KubeCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A gate's Prometheus token is read from its Secret on each reconcile, so a rotated token is used
 * at once, and rotating it does not cost a thread: the operator keeps one HTTP client per
 * Prometheus and TLS setting. The Secret lives in a real API server. The Prometheus is a local
 * server that records each request's Authorization header, because a real Prometheus does not check
 * bearer tokens and so cannot say which one it got.
 */
class PrometheusCredentialsIT {
  private static final String NS = "rotation";

  @Test
  void fiftyTokenRotationsUseEachTokenAndNoNewThread() throws Exception {
    KubernetesClient admin = KubeCluster.shared().admin();
    KubeCluster.shared().namespace(NS);
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    prometheus.createContext(
        "/",
        exchange -> {
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] empty =
              "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, empty.length);
          exchange.getResponseBody().write(empty);
          exchange.close();
        });
    prometheus.start();
    try {
      PrometheusSignalSources sources =
          new PrometheusSignalSources(admin, config(), new GateMetrics(new SimpleMeterRegistry()));
      LeakGate gate =
          Gates.resource(
              """
              target: {name: checkout}
              prometheus:
                url: http://127.0.0.1:%d
                bearerTokenSecretRef: {name: prom-token, key: token}
              signals: {presets: [jvm-threads]}
              load:
                http: {url: "http://checkout:8080/", rate: 5, duration: 10s}
              """
                  .formatted(prometheus.getAddress().getPort()));
      gate.getMetadata().setNamespace(NS);

      readWith(admin, sources, gate, "token-0");
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      for (int i = 1; i <= 50; i++) {
        readWith(admin, sources, gate, "token-" + i);
      }

      assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
          .as("threads after 50 token rotations")
          .isLessThanOrEqualTo(threads + 2);
      assertThat(sources.clients()).isEqualTo(1);
      assertThat(authorizations).contains("Bearer token-0", "Bearer token-25", "Bearer token-50");
      assertThat(authorizations.get(authorizations.size() - 1)).isEqualTo("Bearer token-50");
    } finally {
      prometheus.stop(0);
    }
  }

  /** Rotates the Secret, then reads the gate's signals as a reconcile would. */
  private static void readWith(
      KubernetesClient admin, PrometheusSignalSources sources, LeakGate gate, String token)
      throws Exception {
    admin
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("prom-token")
                .endMetadata()
                .addToStringData("token", token)
                .build())
        .serverSideApply();
    LeakGateStatus status = Gates.status(Phase.Baseline);
    status.baselineStartedAt = Gates.T0.toString();
    status.pods = List.of(new LeakGateStatus.PodRef("checkout-0", "uid-0"));
    Gate at = Gates.at(gate, status, Gates.T0.plusSeconds(300));
    SignalSource source = sources.forGate(gate);
    try {
      source.resolve(
          new QueryRange(Duration.ofSeconds(15))
              .request(at, Gates.T0.plusSeconds(300), Gates.T0.plusSeconds(300)));
    } catch (PrometheusException e) {
      // No series for the pods: expected of an empty answer, after the request was made.
    }
  }

  private static LeakGateConfig.Prometheus config() {
    return new LeakGateConfig.Prometheus() {
      @Override
      public Optional<String> url() {
        return Optional.empty();
      }

      @Override
      public Optional<Path> tokenFile() {
        return Optional.empty();
      }

      @Override
      public Optional<Path> caFile() {
        return Optional.empty();
      }

      @Override
      public Duration step() {
        return Duration.ofSeconds(15);
      }

      @Override
      public Duration requestTimeout() {
        return Duration.ofSeconds(5);
      }
    };
  }
}
