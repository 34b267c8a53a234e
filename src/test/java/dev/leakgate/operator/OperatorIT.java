package dev.leakgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.SampleServiceProcess;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator end to end, as its own process (the packaged jar) against fabric8's mock API server:
 * real sample services stand in for the pods, a real Prometheus scrapes them with pod labels, and a
 * fake Job controller runs each load Job's real {@code leakgate load}. Five gates run at once; the
 * operator is killed while they recover and a new one finishes them.
 */
class OperatorIT {
  private static final String NS = "shop";
  private static final String LEAKY_POD = "checkout-leaky-6d4f9-k2x7q";
  private static final String FIXED_POD = "checkout-fixed-7b8c5-m4p2z";

  /** Tells the operator's requests from the test's own in what the mock server records. */
  private static final String OPERATOR_TOKEN = "operator-token";

  /**
   * Granted by the chart but not called here: patching an Event that repeats (after a crash between
   * the Event and the status write), and updating the Lease, which Java Operator SDK requires
   * before it starts leader election (fabric8 then renews with patches).
   */
  private static final java.util.Set<String> GRANTED_NOT_EXERCISED =
      java.util.Set.of("/events:patch", "coordination.k8s.io/leases:update");

  @TempDir static Path home;

  private static KubernetesMockServer server;
  private static KubernetesClient client;
  private static SampleServiceProcess leaky;
  private static SampleServiceProcess fixed;
  private static LocalPrometheus prometheus;
  private static FakeJobController jobs;
  private static Leakgate.Running operator;
  private static int metricsPort;

  @BeforeAll
  static void cluster() throws Exception {
    // The mock server logs every request it answers; the operator's own log says enough.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init();
    // Leader election first asks the API server what it may do with Leases; the mock server has
    // no authorization, so it answers with the Lease rights the operator's Role grants.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update", "patch")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    client = server.createClient();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    Files.readString(Path.of("target/kubernetes/leakgates.leakgate.dev-v1.yml")),
                    CustomResourceDefinition.class))
        .create();
    leaky = new SampleServiceProcess(home.resolve("leaky.log"), "on");
    fixed = new SampleServiceProcess(home.resolve("fixed.log"), "off");
    Map<String, URI> pods = new LinkedHashMap<>();
    pods.put(LEAKY_POD, leaky.url.resolve("/metrics"));
    pods.put(FIXED_POD, fixed.url.resolve("/metrics"));
    prometheus = new LocalPrometheus(Files.createDirectories(home.resolve("prom")), NS, pods);
    deployment("checkout-leaky", LEAKY_POD, true);
    deployment("checkout-fixed", FIXED_POD, true);
    deployment("checkout-stuck", "checkout-stuck-5c6d7-q9w8e", false);
    // The same pod again, as a StatefulSet's: a target of the other kind.
    client
        .apps()
        .statefulSets()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName("checkout-set")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "checkout-fixed")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "checkout-fixed")
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    // Basic-auth credentials the fixed gate names; Prometheus here ignores them.
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("prom-basic")
                .endMetadata()
                .addToStringData("username", "gate")
                .addToStringData("password", "secret")
                .build())
        .create();
    jobs = new FakeJobController(client, Files.createDirectories(home.resolve("jobs")));
    metricsPort = LocalPrometheus.freePort();
    operator = startOperator();
  }

  private static Leakgate.Running startOperator() throws Exception {
    return Leakgate.start(
        home,
        Map.of(
            // A kubeconfig, as when the operator runs outside a cluster (in one: its pod's token).
            "KUBECONFIG",
            kubeconfig().toString(),
            "QUARKUS_HTTP_HOST",
            "127.0.0.1",
            "QUARKUS_HTTP_PORT",
            Integer.toString(metricsPort),
            "LEAKGATE_PROMETHEUS_URL",
            prometheus.url.toString(),
            "LEAKGATE_LOAD_IMAGE",
            "leakgate:under-test"));
  }

  private static Path kubeconfig() throws Exception {
    Path file = home.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s"}}]
        users: [{name: operator, user: {token: %s}}]
        contexts: [{name: mock, context: {cluster: mock, user: operator, namespace: %s}}]
        current-context: mock
        """
            .formatted(client.getMasterUrl(), OPERATOR_TOKEN, NS));
    return file;
  }

  private static void deployment(String name, String pod, boolean ready) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("checkout:1.4.2")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(NS)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("checkout:1.4.2")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withLastTransitionTime(Instant.now().toString())
                .endCondition()
                .endStatus()
                .build())
        .create();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.process().destroyForcibly();
    }
    if (jobs != null) {
      jobs.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {prometheus, leaky, fixed}) {
      if (c != null) {
        c.close();
      }
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  private static void gate(String name, String target, String load, String extra) {
    gate(name, "{name: " + target + "}", load, extra, true);
  }

  private static void gate(
      String name, String target, String load, String extra, boolean flowTarget) {
    String yaml =
        """
        apiVersion: leakgate.dev/v1alpha1
        kind: LeakGate
        metadata: {name: %s, namespace: %s}
        spec:
          target: %s
          signals: {presets: [jvm-threads, process-open-fds, process-start-time]}
          baseline: {window: 20s}
          load:
            http: {url: "%s", rate: 30, duration: 10s, timeout: 2s}
          recovery: {timeout: 40s}
        %s"""
            .formatted(name, NS, target, load, extra);
    client
        .resources(LeakGate.class)
        .inNamespace(NS)
        .resource(client.getKubernetesSerialization().unmarshal(yaml, LeakGate.class))
        .create();
  }

  private static LeakGateStatus status(String name) {
    LeakGate gate = client.resources(LeakGate.class).inNamespace(NS).withName(name).get();
    return gate == null || gate.getStatus() == null ? new LeakGateStatus() : gate.getStatus();
  }

  private static LeakGateStatus await(String name, Predicate<LeakGateStatus> until, Duration limit)
      throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      LeakGateStatus status = status(name);
      if (until.test(status)) {
        return status;
      }
      assertThat(operator.process().isAlive())
          .as("operator alive; its log: %s", operator.stderr())
          .isTrue();
      Thread.sleep(500);
    }
    throw new AssertionError(
        name
            + " did not get there within "
            + limit
            + "; status: "
            + client.getKubernetesSerialization().asYaml(status(name))
            + "\noperator log:\n"
            + operator.stderr());
  }

  private static boolean isFinal(LeakGateStatus s) {
    return s.phase != null && s.phase.isFinal();
  }

  private static String condition(LeakGateStatus s, String type) {
    return s.conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + "/" + c.getReason())
        .findFirst()
        .orElse("missing");
  }

  @Test
  void gatesEndToEndAndAgreeAfterAnOperatorRestart() throws Exception {
    gate("leaky-1", "checkout-leaky", leaky.url.resolve("/api/recommend").toString(), "");
    gate(
        "fixed-1",
        "checkout-fixed",
        fixed.url.resolve("/api/recommend").toString(),
        "  prometheus: {url: \"%s\", basicAuthSecretRef: {name: prom-basic}}\n"
            .formatted(prometheus.url));
    gate("noload-1", "{kind: StatefulSet, name: checkout-set}", "http://127.0.0.1:1/", "", true);
    gate("missing-1", "checkout-gone", "http://127.0.0.1:1/", "");
    gate("stuck-1", "checkout-stuck", "http://127.0.0.1:1/", "  startTimeout: 3s\n");

    LeakGateStatus missing = await("missing-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(missing.phase).isEqualTo(Phase.Error);
    assertThat(missing.reason).isEqualTo("TargetNotFound");
    assertThat(missing.message).isEqualTo("Deployment checkout-gone not found in namespace shop");
    assertThat(condition(missing, "Complete")).isEqualTo("True/Error");
    assertThat(condition(missing, "Passed")).isEqualTo("False/TargetNotFound");

    LeakGateStatus stuck = await("stuck-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(stuck.phase).isEqualTo(Phase.Error);
    assertThat(stuck.reason).isEqualTo("TargetNotReady");
    assertThat(stuck.message).contains("0 of 1 pods of Deployment checkout-stuck ready");

    // Kill the operator once the leaky gate is recovering; a new one must finish every gate.
    LeakGateStatus recovering =
        await("leaky-1", s -> s.phase == Phase.Recovering, Duration.ofSeconds(120));
    String leakyUid =
        client.pods().inNamespace(NS).withName(LEAKY_POD).get().getMetadata().getUid();
    assertThat(recovering.pods).containsExactly(new LeakGateStatus.PodRef(LEAKY_POD, leakyUid));
    operator.process().destroyForcibly();
    operator.process().waitFor();
    operator = startOperator();

    LeakGateStatus leak = await("leaky-1", OperatorIT::isFinal, Duration.ofMinutes(3));
    LeakGateStatus fix = await("fixed-1", OperatorIT::isFinal, Duration.ofMinutes(3));
    LeakGateStatus noLoad = await("noload-1", OperatorIT::isFinal, Duration.ofMinutes(1));

    assertThat(leak.phase).as(leak.message).isEqualTo(Phase.Failed);
    assertThat(leak.verdict).isEqualTo("Failed");
    assertThat(leak.reason).isIn("StuckAboveBaseline", "StillRising", "CannotRecoverInTime");
    assertThat(leak.message).contains("jvm-threads on " + LEAKY_POD);
    assertThat(leak.signals)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("jvm-threads");
              assertThat(s.pod()).isEqualTo(LEAKY_POD);
              assertThat(s.result()).isEqualTo("Leak");
              assertThat(s.last()).isGreaterThan(s.allowed());
            });
    assertThat(leak.queries)
        .anySatisfy(q -> assertThat(q.query()).contains("jvm_threads_current").contains(LEAKY_POD));
    assertThat(leak.load.outcome()).isEqualTo("Succeeded");
    assertThat(leak.load.requests()).isEqualTo(300);
    assertThat(condition(leak, "Complete")).isEqualTo("True/Failed");
    assertThat(condition(leak, "Passed")).startsWith("False/");
    assertThat(leak.observedGeneration).isEqualTo(1L);

    assertThat(fix.phase).as(fix.message).isEqualTo(Phase.Passed);
    assertThat(fix.reason).isEqualTo("SignalsRecovered");
    assertThat(condition(fix, "Passed")).isEqualTo("True/SignalsRecovered");
    assertThat(fix.signals)
        .filteredOn(s -> s.name().equals("jvm-threads"))
        .singleElement()
        .satisfies(s -> assertThat(s.result()).isEqualTo("Recovered"));

    assertThat(noLoad.phase).isEqualTo(Phase.Inconclusive);
    assertThat(noLoad.reason).isEqualTo("LoadFailed");
    assertThat(noLoad.load.outcome()).isEqualTo("Failed");
    assertThat(noLoad.load.successes()).isZero();
    assertThat(noLoad.load.errors()).containsKey("connect");
    assertThat(condition(noLoad, "Passed")).isEqualTo("False/LoadFailed");

    // One load Job per gate, owned by it, even across the restart.
    assertThat(jobs.startedJobs()).isEqualTo(3);
    Job job = client.batch().v1().jobs().inNamespace(NS).withName("leaky-1-load").get();
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("leaky-1"));
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(jobs.args("leaky-1-load"))
        .containsSubsequence("load", "--url")
        .containsSubsequence("--rate", "30", "--max-in-flight", "1000")
        .containsSubsequence("--summary-file", "/dev/termination-log");
    // The fixed-rate load's JVM ran on C1 only, from the Job's environment.
    assertThat(jobs.log("leaky-1-load"))
        .contains("Picked up JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1");

    // The second operator leads through the Lease the first one held.
    assertThat(
            client
                .leases()
                .inNamespace(NS)
                .withName("leakgate-operator")
                .get()
                .getSpec()
                .getLeaseTransitions())
        .isGreaterThanOrEqualTo(1);

    List<Event> events = client.v1().events().inNamespace(NS).list().getItems();
    assertThat(events)
        .extracting(e -> e.getMetadata().getName())
        .contains(
            "leaky-1.pending",
            "leaky-1.baseline",
            "leaky-1.loading",
            "leaky-1.recovering",
            "leaky-1.failed",
            "missing-1.error");
    assertThat(events)
        .filteredOn(e -> e.getMetadata().getName().equals("leaky-1.failed"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("jvm-threads");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("leaky-1");
            });

    // RBAC: the chart grants exactly what the operator asked the API server for.
    java.util.Set<String> used = new java.util.TreeSet<>();
    for (var r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (("Bearer " + OPERATOR_TOKEN).equals(r.getHeader("Authorization"))) {
        used.add(ApiCalls.of(r));
      }
    }
    java.util.Set<String> granted = ApiCalls.granted(Path.of("deploy/030-rbac.yaml"));
    assertThat(granted).as("the chart's rules cover every call").containsAll(used);
    java.util.Set<String> unused = new java.util.TreeSet<>(granted);
    unused.removeAll(used);
    assertThat(unused).as("rules the operator never needed").isSubsetOf(GRANTED_NOT_EXERCISED);

    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("leakgate_verdicts_total{reason=\"SignalsRecovered\",verdict=\"Passed\"}")
        .contains("leakgate_gates{phase=\"Failed\"}");
  }
}
