package dev.leakgate.operator;

import dev.leakgate.testing.KubeCluster;
import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.LocalPrometheus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged operator as its own process, outside the cluster as in development, authenticated as
 * the chart's ServiceAccount (a TokenRequest token in its kubeconfig), so the API server enforces
 * the chart's RBAC on every call it makes.
 */
final class OperatorProcess implements AutoCloseable {
  static final String SERVICE_ACCOUNT = "leakgate";

  final String name;
  private final Leakgate.Running running;
  private final int httpPort;

  /**
   * kubectl apply of deploy/ as docs/install.md says, but for the Deployment and Service: the
   * operator runs as a process here, with the chart's ServiceAccount and RBAC (and the users'
   * roles, for the pipelines that wait on its gates).
   */
  static void install(KubeCluster cluster) throws IOException, InterruptedException {
    cluster.kubectl(
        "apply",
        "--server-side",
        "--force-conflicts",
        "-f",
        "deploy/000-namespace.yaml",
        "-f",
        "deploy/010-crd.yaml",
        "-f",
        "deploy/020-serviceaccounts.yaml",
        "-f",
        "deploy/030-rbac.yaml",
        "-f",
        "deploy/060-user-rbac.yaml");
  }

  OperatorProcess(KubeCluster cluster, Path home, String name, Map<String, String> env)
      throws IOException {
    this.name = name;
    Path dir = Files.createDirectories(home.resolve(name));
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        cluster.kubeconfig(
            cluster.token(KubeCluster.OPERATOR_NAMESPACE, SERVICE_ACCOUNT),
            KubeCluster.OPERATOR_NAMESPACE));
    this.httpPort = LocalPrometheus.freePort();
    Map<String, String> all = new HashMap<>(env);
    all.put("KUBECONFIG", kubeconfig.toString());
    all.put("HOSTNAME", name);
    all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    all.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    this.running = Leakgate.start(dir, all);
  }

  Process process() {
    return running.process();
  }

  String log() throws IOException {
    return running.stderr();
  }

  /** Lease holder identities start with the process's name. */
  boolean holds(String holderIdentity) {
    return holderIdentity != null && holderIdentity.startsWith(name + "-");
  }

  String metrics() throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * Waits until the process serves HTTP: a standby takes no Lease, so nothing else says it is up,
   * and on a busy machine its JVM may need longer than the first test takes to ask its metrics.
   */
  void awaitServing(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        metrics();
        return;
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError(name + " not serving HTTP after " + timeout + ": " + e, e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** A sample's value in /q/metrics, by its name and labels as printed; -1 when it is absent. */
  double metric(String series) throws IOException, InterruptedException {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Override
  public void close() throws InterruptedException {
    running.process().destroyForcibly();
    running.process().waitFor();
  }
}
