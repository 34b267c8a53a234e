package dev.leakgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.prometheus.PrometheusTls;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
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
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A real Kubernetes control plane for the tests: etcd, kube-apiserver and kube-controller-manager
 * v1.32.13 as processes, one per test JVM ({@link #shared()}), stopped when the JVM exits.
 *
 * <p>The API server runs with its default admission plugins, so the {@code ServiceAccount} plugin
 * refuses a pod whose ServiceAccount does not exist, as on a real cluster (kube-api-test's own
 * launcher turns that plugin off, so only its binary lookup and certificate generator are used
 * here). RBAC is on: an admin token for the tests, {@code TokenRequest} tokens for ServiceAccounts.
 * The controller manager runs the controllers the tests need (Jobs, Deployments, StatefulSets,
 * garbage collection, namespaces, ServiceAccounts). Requests by ServiceAccounts of {@code
 * leakgate-system} are written to an audit log, so a test can list what the operator called.
 *
 * <p>There is no kubelet and no scheduler: pods stay Pending until {@link StandInKubelet} runs
 * them. Binaries come from {@code ~/.kubeapitest} ({@code .ci/install-test-deps} puts them there
 * from {@code ../shared/k8s}); where they are missing and the machine has internet, kube-api-test
 * downloads the API server and etcd. A missing binary fails the test with what to run.
 */
public final class KubeCluster {
  public static final String VERSION = "1.32.13";

  /** The namespace the chart's objects go to, whose ServiceAccounts are audited. */
  public static final String OPERATOR_NAMESPACE = "leakgate-system";

  private static final String ADMIN_TOKEN = "leakgate-test-admin";
  private static final String CONTROLLERS =
      String.join(
          ",",
          "job-controller",
          "deployment-controller",
          "replicaset-controller",
          "statefulset-controller",
          "garbage-collector-controller",
          "namespace-controller",
          "serviceaccount-controller",
          "ttl-after-finished-controller",
          "root-ca-certificate-publisher-controller");

  private static KubeCluster shared;

  private final Path dir;
  private final Path kubectl;
  private final List<Process> processes = new ArrayList<>();
  private final URI url;
  private final Path ca;
  private final Path auditLog;
  private final KubernetesClient admin;

  /** The one control plane of this JVM, started on first use. */
  public static synchronized KubeCluster shared() {
    if (shared == null) {
      try {
        shared = new KubeCluster(Files.createTempDirectory("leakgate-k8s-"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "kube-cluster-stop"));
    }
    return shared;
  }

  private KubeCluster(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    BinaryManager binaries =
        new BinaryManager(
            KubeAPIServerConfigBuilder.anAPIServerConfig().withApiServerVersion(VERSION).build());
    try {
      binaries.initAndDownloadIfRequired();
    } catch (RuntimeException e) {
      throw new AssertionError(
          "no kube-apiserver "
              + VERSION
              + " in ~/.kubeapitest and none could be downloaded: run .ci/install-test-deps (it"
              + " installs ../shared/k8s)",
          e);
    }
    File apiServer = binaries.binaries().getApiServer();
    Path controllerManager = apiServer.toPath().resolveSibling("kube-controller-manager");
    if (!Files.isExecutable(controllerManager)) {
      throw new AssertionError(
          controllerManager
              + " is missing: kube-api-test does not download the controller manager; run"
              + " .ci/install-test-deps (it installs ../shared/k8s)");
    }
    this.kubectl = binaries.binaries().getKubectl().toPath();

    Path key = dir.resolve("apiserver.key");
    this.ca = dir.resolve("apiserver.crt");
    // Self-signed: the serving certificate is its own CA, and its key signs ServiceAccount tokens.
    CertManager.generateKeyAndCertificate(
        "CN=kube-apiserver",
        key.toFile(),
        ca.toFile(),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.dNSName, "kubernetes.default.svc"));
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(tokens, ADMIN_TOKEN + ",admin,admin-uid,\"system:masters\"\n");
    Path auditPolicy = dir.resolve("audit-policy.yaml");
    Files.writeString(
        auditPolicy,
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: Metadata
            userGroups: ["system:serviceaccounts:%s"]
          - level: None
        """
            .formatted(OPERATOR_NAMESPACE));
    this.auditLog = dir.resolve("audit.log");

    int etcdPort = LocalPrometheus.freePort();
    start(
        "etcd",
        binaries.binaries().getEtcd().getPath(),
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=http://127.0.0.1:" + etcdPort,
        "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
        "--listen-peer-urls=http://127.0.0.1:" + LocalPrometheus.freePort());
    int port = LocalPrometheus.freePort();
    this.url = URI.create("https://127.0.0.1:" + port);
    start(
        "kube-apiserver",
        apiServer.getPath(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        // This version refuses 127.0.0.1 behind the kubernetes Service and would log it forever.
        "--endpoint-reconciler-type=none",
        "--secure-port=" + port,
        "--cert-dir=" + dir.resolve("apiserver-certs"),
        "--tls-cert-file=" + ca,
        "--tls-private-key-file=" + key,
        "--client-ca-file=" + ca,
        "--token-auth-file=" + tokens,
        "--authorization-mode=RBAC",
        "--service-cluster-ip-range=10.96.0.0/12",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + key,
        "--service-account-signing-key-file=" + key,
        "--allow-privileged=true",
        "--audit-policy-file=" + auditPolicy,
        "--audit-log-path=" + auditLog,
        "--audit-log-format=json");
    awaitReady();
    Path adminConfig = dir.resolve("admin.kubeconfig");
    Files.writeString(adminConfig, kubeconfig(ADMIN_TOKEN, "default"));
    start(
        "kube-controller-manager",
        controllerManager.toString(),
        "--kubeconfig=" + adminConfig,
        "--authentication-kubeconfig=" + adminConfig,
        "--authorization-kubeconfig=" + adminConfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + LocalPrometheus.freePort(),
        "--cert-dir=" + dir.resolve("controller-manager-certs"),
        "--controllers=" + CONTROLLERS,
        "--leader-elect=false",
        "--use-service-account-credentials=true",
        "--service-account-private-key-file=" + key,
        "--root-ca-file=" + ca,
        "--service-cluster-ip-range=10.96.0.0/12",
        "--feature-gates=WatchListClient=false");
    this.admin =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(adminConfig())).build();
    awaitDefaultServiceAccount();
  }

  private void start(String name, String... command) throws IOException {
    processes.add(
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start());
  }

  private void awaitReady() throws InterruptedException {
    HttpRequest ready =
        HttpRequest.newBuilder(url.resolve("/readyz"))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .timeout(Duration.ofSeconds(2))
            .build();
    Runnable alive =
        () -> {
          if (processes.stream().anyMatch(p -> !p.isAlive())) {
            throw new AssertionError("the control plane exited while starting:\n" + logs());
          }
        };
    if (!Http.awaitOk(
        HttpClient.newBuilder().sslContext(trustingContext()).build(),
        ready,
        Duration.ofSeconds(60),
        alive)) {
      throw new AssertionError("kube-apiserver not ready within 60 s:\n" + logs());
    }
  }

  /** The controller manager creates each namespace's default ServiceAccount; pods need it. */
  private void awaitDefaultServiceAccount() throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (admin.serviceAccounts().inNamespace("default").withName("default").get() == null) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the controller manager did not start:\n" + logs());
      }
      Thread.sleep(200);
    }
  }

  private SSLContext trustingContext() {
    try {
      return PrometheusTls.context(Optional.of(Files.readString(ca)), false).orElseThrow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Makes sure this namespace exists (server-side apply, so any test may ask again). */
  public void namespace(String name) {
    admin
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  /** A client with cluster-admin rights, for the tests' own setup and checks. */
  public KubernetesClient admin() {
    return admin;
  }

  /** The admin's kubeconfig, as kubectl and helm read it. */
  public String adminConfig() {
    return kubeconfig(ADMIN_TOKEN, "default");
  }

  /** A file holding the admin's kubeconfig. */
  public Path adminKubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  /** A kubeconfig that authenticates with this bearer token. */
  public String kubeconfig(String token, String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "%s", certificate-authority: "%s"}}]
        users: [{name: user, user: {token: "%s"}}]
        contexts: [{name: test, context: {cluster: test, user: user, namespace: "%s"}}]
        current-context: test
        """
        .formatted(url, ca, token, namespace);
  }

  /** A token of this ServiceAccount, from the API server's TokenRequest, valid for an hour. */
  public String token(String namespace, String serviceAccount) {
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  public URI url() {
    return url;
  }

  /** The CA that signed the API server's certificate (what a pod finds in its ca.crt). */
  public Path ca() {
    return ca;
  }

  /** Runs the kubectl of this release as the admin; fails the test when kubectl fails. */
  public String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(kubectl.toString());
    command.add("--kubeconfig=" + adminKubeconfig());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed:\n" + out);
    }
    return out;
  }

  /**
   * Every request ServiceAccounts of {@link #OPERATOR_NAMESPACE} made so far, from the audit log.
   */
  public List<JsonNode> auditEvents() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    if (Files.exists(auditLog)) {
      for (String line : Files.readAllLines(auditLog)) {
        if (!line.isBlank()) {
          events.add(json.readTree(line));
        }
      }
    }
    return events;
  }

  private String logs() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
      Path log = dir.resolve(name + ".log");
      try {
        if (Files.exists(log)) {
          List<String> lines = Files.readAllLines(log);
          out.append("--- ").append(name).append('\n');
          lines
              .subList(Math.max(0, lines.size() - 20), lines.size())
              .forEach(l -> out.append(l).append('\n'));
        }
      } catch (IOException e) {
        out.append(name).append(": ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  private void stop() {
    if (admin != null) {
      admin.close();
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    // etcd's data and the logs: gone with the JVM, like the processes.
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e);
    }
  }
}
