package dev.leakgate.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.operator.steps.Gate;
import dev.leakgate.operator.steps.GatePlans;
import dev.leakgate.operator.steps.LoadJobs;
import dev.leakgate.testing.Http;
import dev.leakgate.testing.KubeCluster;
import dev.leakgate.testing.LoadConfigs;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.LocalRegistry;
import dev.leakgate.testing.Podman;
import dev.leakgate.testing.PodmanPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LeakGate's image, built from its Dockerfile on the stand-in base (podman build --from: no
 * registry serves the real base here), published to a local registry and pulled back by the release
 * script, then run as the chart and the operator run it: the operator's container as the API server
 * stored its pod (token, CA and namespace at the in-cluster path), and a load Job's container as
 * the operator builds it. Settings come from those pod specs ({@link PodmanPod}), not from this
 * test.
 */
class ImageIT {
  private static final String NS = "image-check";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static LocalRegistry registry;
  private static String image;
  private static String version;

  @BeforeAll
  static void release() throws Exception {
    Podman.requireBase();
    registry = new LocalRegistry(Files.createDirectories(dir.resolve("registry")));
    ProcessBuilder script =
        new ProcessBuilder(
                "bash",
                ".ci/release-image",
                registry.address + "/leakgate/leakgate",
                "--from",
                Podman.BASE,
                "--tls-verify=false")
            .redirectErrorStream(true);
    script.environment().put("PODMAN_RUN_OPTIONS", String.join(" ", Podman.MACHINE_OPTIONS));
    Process process = script.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    List<String> lines = out.lines().toList();
    image = lines.get(lines.size() - 1);
    version = System.getProperty("leakgate.version");
    assertThat(image).isEqualTo(registry.address + "/leakgate/leakgate:" + version);
    assertThat(out)
        .contains("pulling " + image + " back into an empty store")
        .contains("leakgate " + version);
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  /** As a user runs a command from it: read-only, a tmpfs /tmp, no capabilities. */
  private static Podman.Result command(String... args) throws Exception {
    List<String> run = new ArrayList<>(List.of("run", "--rm"));
    run.addAll(Podman.MACHINE_OPTIONS);
    run.addAll(List.of("--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL"));
    run.addAll(List.of("-v", Path.of("examples").toAbsolutePath() + ":/examples:ro", image));
    run.addAll(List.of(args));
    return Podman.run(run);
  }

  @Test
  void versionHelpAndJudgeRunFromTheImage() throws Exception {
    Podman.Result v = command("--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).contains("leakgate " + version);
    Podman.Result help = command("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: leakgate").contains("judge").contains("load");
    Podman.Result judge = command("judge", "/examples/recordings/checkout-leak.json");
    assertThat(judge.exitCode()).as(judge.out()).isEqualTo(1);
    assertThat(judge.out()).contains("Failed (StuckAboveBaseline)");
    Podman.Result user = Podman.run("image", "inspect", "--format", "{{.Config.User}}", image);
    assertThat(user.out().strip()).isEqualTo("185");
  }

  /** The load Job's container exactly as the operator builds it, its summary where it reads it. */
  @Test
  void theLoadContainerRunsAsTheOperatorsJobDoes() throws Exception {
    AtomicInteger served = new AtomicInteger();
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        exchange -> {
          served.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    target.start();
    try {
      LeakGate resource =
          new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
              .unmarshal(
                  """
                  apiVersion: leakgate.dev/v1alpha1
                  kind: LeakGate
                  metadata: {name: checkout-1, namespace: shop, uid: 9f1c-uid}
                  spec:
                    target: {name: checkout}
                    load:
                      http: {url: "http://127.0.0.1:%d/api", rate: 20, duration: 3s}
                  """
                      .formatted(target.getAddress().getPort()),
                  LeakGate.class);
      Gate gate =
          new Gate(
              resource, GatePlans.from(resource.getSpec()), new LeakGateStatus(), Instant.now());
      Job job = new LoadJobs(LoadConfigs.of(image, "default")).build(gate);
      Path terminationLog = dir.resolve("termination-log");
      List<String> run =
          new PodmanPod("shop", "checkout-1-load-x2k4p", job.getSpec().getTemplate().getSpec())
              .runArgs(image, "checkout-1-load", terminationLog);
      run.add(1, "--rm");
      Podman.Result result = Podman.run(run);

      assertThat(result.exitCode()).as(result.out()).isZero();
      assertThat(result.out()).contains("Picked up JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1");
      JsonNode summary = JSON.readTree(PodmanPod.message(terminationLog));
      assertThat(summary.path("requests").asLong()).isEqualTo(60);
      assertThat(summary.path("successes").asLong()).isEqualTo(60);
      assertThat(served.get()).isEqualTo(61); // and the generator's first request
    } finally {
      target.stop(0);
    }
  }

  /**
   * The chart installed on the real API server; the pod its Deployment made run from the image as a
   * kubelet would: it becomes ready, leads through its Lease, decides a gate, and on SIGTERM hands
   * the Lease back.
   */
  @Test
  void theOperatorContainerRunsAsTheChartsPodAndDecidesAGate() throws Exception {
    KubeCluster cluster = KubeCluster.shared();
    KubernetesClient admin = cluster.admin();
    cluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", "crds/");
    int slash = image.lastIndexOf(':');
    Helm.Result install =
        Helm.run(
            "install",
            "lg-image",
            Helm.CHART.toString(),
            "-n",
            NS,
            "--create-namespace",
            "--skip-crds",
            "--set",
            "image.repository=" + image.substring(0, slash),
            "--set",
            "image.tag=" + image.substring(slash + 1),
            "--set",
            "prometheus.url=http://127.0.0.1:9",
            "--kubeconfig",
            cluster.adminKubeconfig().toString());
    assertThat(install.exitCode()).as(install.out()).isZero();
    Pod pod =
        admin
            .pods()
            .inNamespace(NS)
            .withLabel("app.kubernetes.io/instance", "lg-image")
            .informOnCondition(pods -> !pods.isEmpty())
            .get(60, TimeUnit.SECONDS)
            .get(0);

    int port = LocalPrometheus.freePort();
    String container = "lg-image-operator";
    PodmanPod run =
        new PodmanPod(NS, pod.getMetadata().getName(), pod.getSpec())
            .env("KUBERNETES_SERVICE_HOST", cluster.url().getHost())
            .env("KUBERNETES_SERVICE_PORT", Integer.toString(cluster.url().getPort()))
            // A pod has its own network; on the host's, the port must be one that is free.
            .env("QUARKUS_HTTP_PORT", Integer.toString(port));
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getProjected() != null) {
        run.volume(volume.getName(), serviceAccountFiles(cluster, pod));
      }
    }
    List<String> args = run.runArgs(image, container, dir.resolve("operator-termination-log"));
    args.add(1, "-d");
    Podman.Result started = Podman.run(args);
    assertThat(started.exitCode()).as(started.out()).isZero();
    try {
      awaitReady(port, container);
      String lease = "lg-image-leakgate-operator";
      admin
          .leases()
          .inNamespace(NS)
          .withName(lease)
          .waitUntilCondition(
              l ->
                  l != null
                      && l.getSpec().getHolderIdentity() != null
                      && l.getSpec().getHolderIdentity().startsWith(pod.getMetadata().getName()),
              60,
              TimeUnit.SECONDS);

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
                      metadata: {name: from-the-image, namespace: %s}
                      spec:
                        target: {name: checkout-gone}
                        load:
                          http: {url: "http://127.0.0.1:1/", rate: 5, duration: 5s}
                      """
                          .formatted(NS),
                      LeakGate.class))
          .create();
      LeakGate decided =
          admin
              .resources(LeakGate.class)
              .inNamespace(NS)
              .withName("from-the-image")
              .waitUntilCondition(
                  g -> g.getStatus() != null && g.getStatus().phase == Phase.Error,
                  60,
                  TimeUnit.SECONDS);
      assertThat(decided.getStatus().reason).isEqualTo("TargetNotFound");
      // Sent right after the status is written.
      admin
          .v1()
          .events()
          .inNamespace(NS)
          .withName("from-the-image.error")
          .waitUntilCondition(
              e -> e != null && e.getType().equals("Warning"), 30, TimeUnit.SECONDS);

      assertThat(Podman.run("stop", "-t", "20", container).exitCode()).isZero();
      assertThat(Podman.run("inspect", "--format", "{{.State.ExitCode}}", container).out().strip())
          .isEqualTo("143");
      assertThat(admin.leases().inNamespace(NS).withName(lease).get().getSpec().getHolderIdentity())
          .as(
              "the Lease after SIGTERM; the container's log:\n%s",
              Podman.run("logs", container).out())
          .isNullOrEmpty();
    } finally {
      Podman.run("rm", "-f", container);
      Helm.run(
          "uninstall", "lg-image", "-n", NS, "--kubeconfig", cluster.adminKubeconfig().toString());
    }
  }

  /**
   * What a kubelet writes into a pod's projected ServiceAccount volume: a token bound to the pod,
   * the cluster's CA and the namespace.
   */
  private static Path serviceAccountFiles(KubeCluster cluster, Pod pod) throws IOException {
    Path files = Files.createDirectories(dir.resolve("serviceaccount"));
    String token =
        cluster
            .admin()
            .serviceAccounts()
            .inNamespace(NS)
            .withName(pod.getSpec().getServiceAccountName())
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .withNewBoundObjectRef()
                    .withApiVersion("v1")
                    .withKind("Pod")
                    .withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid())
                    .endBoundObjectRef()
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Files.writeString(files.resolve("token"), token);
    Files.copy(cluster.ca(), files.resolve("ca.crt"));
    Files.writeString(files.resolve("namespace"), NS);
    // The image's user (185) reads them, as it reads the files a kubelet mounts.
    for (Path f :
        List.of(
            files, files.resolve("token"), files.resolve("ca.crt"), files.resolve("namespace"))) {
      f.toFile().setReadable(true, false);
      f.toFile().setExecutable(true, false);
    }
    return files;
  }

  private static void awaitReady(int port, String container) throws Exception {
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    if (!Http.awaitOk(HttpClient.newHttpClient(), ready, Duration.ofSeconds(90), () -> {})) {
      throw new AssertionError(
          "the operator container was not ready within 90 s:\n"
              + Podman.run("logs", container).out());
    }
  }
}
