package dev.leakgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.leakgate.cli.ExitCodes;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.operator.steps.Gate;
import dev.leakgate.testing.KubeCluster;
import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.StandInKubelet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator on a real kube-apiserver 1.32.13 with its controller manager, installed
 * from deploy/ and running as the chart's ServiceAccount, so RBAC, admission, CEL rules, Leases,
 * Events and status are the server's own. A real Prometheus scrapes the sample services the pods
 * run, and each load Job's pod runs the real {@code leakgate load}. Only the kubelet and the
 * scheduler are stood in for ({@link StandInKubelet}): nothing can run a pod's containers on these
 * machines.
 *
 * <p>Two operators run, a leader and a standby; the leader is stopped (SIGTERM) while gates
 * recover, and the standby finishes them. Two validating admission policies play the parts of a
 * cluster that refuses things: Events about some gates (as RBAC without {@code create events}
 * would), and one status write of one gate (as any failed write would).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {
  private static final String NS = "shop";
  private static final String LOAD_IMAGE = "leakgate:under-test";
  private static final String REFUSE_VERDICT = "test.leakgate.dev/refuse-verdict";
  private static final String OPERATOR_USER =
      "system:serviceaccount:"
          + KubeCluster.OPERATOR_NAMESPACE
          + ":"
          + OperatorProcess.SERVICE_ACCOUNT;

  /**
   * Granted by the chart but not called here: patching an Event that repeats (after a crash between
   * the status write and the Event), and updating the Lease, which Java Operator SDK requires in
   * its rules review before it starts leader election (fabric8 then renews and releases with
   * patches).
   */
  private static final Set<String> GRANTED_NOT_EXERCISED =
      Set.of("/events:patch", "coordination.k8s.io/leases:update");

  @TempDir static Path home;

  private static KubeCluster cluster;
  private static KubernetesClient admin;
  private static LocalPrometheus prometheus;
  private static StandInKubelet kubelet;
  private static OperatorProcess leader;
  private static OperatorProcess standby;

  /** A release pipeline's ServiceAccount with the chart's pipeline role, and one without it. */
  private static Pipeline pipeline;

  private static Pipeline stranger;

  @BeforeAll
  static void install() throws Exception {
    cluster = KubeCluster.shared();
    admin = cluster.admin();
    OperatorProcess.install(cluster);
    cluster.namespace(NS);
    pipeline = Pipeline.bound(cluster, home, NS, "ci-deployer");
    stranger = Pipeline.unbound(cluster, home, NS, "ci-stranger");
    Files.writeString(home.resolve("policies.yaml"), Policies.YAML);
    cluster.kubectl("apply", "--server-side", "-f", home.resolve("policies.yaml").toString());
    prometheus = LocalPrometheus.discovering(Files.createDirectories(home.resolve("prometheus")));
    kubelet =
        new StandInKubelet(
            admin, Files.createDirectories(home.resolve("pods")), LOAD_IMAGE, prometheus, NS);
    Shop shop = new Shop(admin, NS);
    shop.deployment("checkout-leaky", StandInKubelet.SAMPLE_LEAK_ON);
    shop.deployment("checkout-fixed", StandInKubelet.SAMPLE_LEAK_OFF);
    shop.deployment("checkout-stuck", StandInKubelet.NEVER_READY);
    shop.statefulSet("checkout-set", StandInKubelet.SAMPLE_LEAK_OFF);
    shop.basicAuthSecret("prom-basic");
    admin
        .serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("k6-runner")
                .endMetadata()
                .build())
        .create();
    Map<String, String> env =
        Map.of(
            "LEAKGATE_PROMETHEUS_URL",
            prometheus.url.toString(),
            "LEAKGATE_LOAD_IMAGE",
            LOAD_IMAGE,
            "LEAKGATE_LOAD_ALLOWED_TEMPLATE_SERVICE_ACCOUNTS",
            "k6-runner,ghost-runner");
    leader = new OperatorProcess(cluster, home, "operator-a", env);
    awaitHolder(leader, Duration.ofSeconds(60));
    standby = new OperatorProcess(cluster, home, "operator-b", env);
    standby.awaitServing(Duration.ofSeconds(60));
    for (String pod : List.of("checkout-leaky", "checkout-fixed")) {
      prometheus.awaitSamples(shop.awaitReadyPod(pod).getMetadata().getName(), 3);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {leader, standby, kubelet, prometheus}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  @Order(1)
  void gatesThatCannotRunEndInErrorEvenWhenTheClusterRefusesWrites() throws Exception {
    GateSpecs gates = new GateSpecs();
    gates.create("missing-1", "{name: checkout-gone}", "http://127.0.0.1:1/", "");
    gates.create("stuck-1", "{name: checkout-stuck}", "http://127.0.0.1:1/", "startTimeout: 3s");
    gates.create("quiet-1", "{name: checkout-gone}", "http://127.0.0.1:1/", "");
    gates.create(
        "missing-set-1", "{kind: StatefulSet, name: checkout-gone}", "http://127.0.0.1:1/", "");
    gates.createLabelled("refused-1", REFUSE_VERDICT, "{name: checkout-gone}");
    gates.createTemplate("sa-missing-1", "ghost-runner", false);
    int deadPrometheus;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      deadPrometheus = s.getLocalPort();
    }
    gates.create(
        "prom-down-1",
        "{name: checkout-fixed}",
        "http://127.0.0.1:1/",
        "prometheus: {url: \"http://127.0.0.1:" + deadPrometheus + "\"}");

    LeakGateStatus missing = await("missing-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(missing.phase).isEqualTo(Phase.Error);
    assertThat(missing.reason).isEqualTo("TargetNotFound");
    assertThat(missing.message).isEqualTo("Deployment checkout-gone not found in namespace shop");
    assertThat(condition(missing, "Complete")).isEqualTo("True/Error");
    assertThat(condition(missing, "Passed")).isEqualTo("False/TargetNotFound");

    LeakGateStatus missingSet = await("missing-set-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(missingSet.reason).isEqualTo("TargetNotFound");
    assertThat(missingSet.message)
        .isEqualTo("StatefulSet checkout-gone not found in namespace shop");

    LeakGateStatus stuck = await("stuck-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(stuck.reason).isEqualTo("TargetNotReady");
    assertThat(stuck.message).contains("0 of 1 pods of Deployment checkout-stuck ready");

    // Every Event about it was refused, yet the gate decided and its status says so.
    LeakGateStatus quiet = await("quiet-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(quiet.reason).isEqualTo("TargetNotFound");
    assertThat(events("quiet-1")).isEmpty();
    assertThat(leader.log()).contains("could not record the Error Event (HTTP 403");

    // Its verdict's status write was refused, and retried once the refusal was lifted: the Events
    // and the verdict count happen once, after the write that stuck.
    awaitRefusedStatusWrite("refused-1");
    admin
        .resources(LeakGate.class)
        .inNamespace(NS)
        .withName("refused-1")
        .edit(
            g -> {
              g.getMetadata().getLabels().remove(REFUSE_VERDICT);
              return g;
            });
    LeakGateStatus refused = await("refused-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(refused.reason).isEqualTo("TargetNotFound");
    assertThat(awaitEvent("refused-1.error", Duration.ofSeconds(10))).isPresent();
    assertThat(events("refused-1"))
        .extracting(e -> e.getMetadata().getName() + "x" + e.getCount())
        .containsExactlyInAnyOrder("refused-1.pendingx1", "refused-1.errorx1");
    assertThat(leader.metric("leakgate_reconcile_errors_total")).isGreaterThanOrEqualTo(1);
    assertThat(
            leader.metric("leakgate_verdicts_total{reason=\"TargetNotFound\",verdict=\"Error\"}"))
        .as("missing-1, missing-set-1, quiet-1 and refused-1, each counted once")
        .isEqualTo(4);
    assertThat(standby.metric("leakgate_reconcile_errors_total"))
        .as("counted from 0 from the start, so an alert on its increase works")
        .isZero();

    // Prometheus is asked before the baseline, so a dead one ends the gate at once rather than
    // after the window and a startTimeout of retries.
    LeakGateStatus promDown = await("prom-down-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(promDown.phase).isEqualTo(Phase.Error);
    assertThat(promDown.reason).isEqualTo("PrometheusUnavailable");
    assertThat(promDown.message)
        .startsWith(
            "Prometheus did not answer before the baseline: UNREACHABLE: http://127.0.0.1:"
                + deadPrometheus
                + "/ did not answer");
    assertThat(promDown.baselineStartedAt).isNull();
    assertThat(Duration.between(Gate.time(promDown.startedAt), Gate.time(promDown.finishedAt)))
        .isLessThan(Duration.ofSeconds(20));

    LeakGateStatus noAccount = await("sa-missing-1", OperatorIT::isFinal, Duration.ofSeconds(90));
    assertThat(noAccount.phase).isEqualTo(Phase.Error);
    assertThat(noAccount.reason).isEqualTo("LoadServiceAccountMissing");
    assertThat(noAccount.message)
        .startsWith("ServiceAccount ghost-runner not found in namespace shop");
    assertThat(admin.batch().v1().jobs().inNamespace(NS).withName("sa-missing-1-load").get())
        .isNull();
    // The status is written first and the Event after it, so the Event may trail by a moment.
    assertThat(awaitEvent("sa-missing-1.error", Duration.ofSeconds(10)))
        .hasValueSatisfying(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("ghost-runner");
            });
  }

  /**
   * A gate waiting for its target reads it from the operator's watch: no request while it waits,
   * one listing of the pods once their Deployment reports them ready, and it starts at once then,
   * not at its next poll.
   */
  @Test
  @Order(2)
  void aWaitingGateCostsNoRequestsAndStartsWhenItsTargetIsReady() throws Exception {
    Shop shop = new Shop(admin, NS);
    shop.deployment("checkout-later", StandInKubelet.SAMPLE_LEAK_OFF, 0);
    Instant created = Instant.now();
    new GateSpecs()
        .create("later-1", "{name: checkout-later}", "http://127.0.0.1:1/", "startTimeout: 10m");
    LeakGateStatus waiting = await("later-1", s -> s.message != null, Duration.ofSeconds(30));
    assertThat(waiting.phase).isEqualTo(Phase.Pending);
    assertThat(waiting.message)
        .isEqualTo("waiting: 0 of 0 pods of Deployment checkout-later ready");
    // Longer than the 5 s the gate used to poll its target and pods at.
    Thread.sleep(8_000);
    assertThat(requestsNaming("checkout-later", created))
        .as("what the operator asked about the target while the gate waited")
        .isEmpty();

    admin.apps().deployments().inNamespace(NS).withName("checkout-later").scale(1);
    Pod pod = shop.awaitReadyPod("checkout-later");
    LeakGateStatus started =
        await("later-1", s -> s.phase != Phase.Pending, Duration.ofSeconds(30));
    assertThat(started.phase).as(started.message).isEqualTo(Phase.Baseline);
    assertThat(started.pods)
        .containsExactly(
            new LeakGateStatus.PodRef(pod.getMetadata().getName(), pod.getMetadata().getUid()));
    Instant ready =
        Instant.parse(
            pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow()
                .getLastTransitionTime());
    // Ready is stamped to the second: 3 s is the wake-up and that rounding, well under a poll.
    assertThat(Duration.between(ready, Gate.time(started.baselineStartedAt)))
        .isLessThan(Duration.ofSeconds(3));
    assertThat(requestsNaming("checkout-later", created))
        .as("one listing of the pods, when the Deployment said they were ready")
        .singleElement()
        .satisfies(uri -> assertThat(uri).startsWith("/api/v1/namespaces/shop/pods?"));

    admin.resources(LeakGate.class).inNamespace(NS).withName("later-1").delete();
    admin.apps().deployments().inNamespace(NS).withName("checkout-later").delete();
  }

  @Test
  @Order(3)
  void aLeakFailsAndItsFixPassesAcrossAFailover() throws Exception {
    // The pods have been ready longer than the 20 s window, so the gates take their baseline from
    // history: Prometheus must hold all of it, which it does a little after the pods are ready.
    Shop shop = new Shop(admin, NS);
    for (String app : List.of("checkout-leaky", "checkout-fixed")) {
      prometheus.awaitSamples(shop.awaitReadyPod(app).getMetadata().getName(), 22);
    }
    GateSpecs gates = new GateSpecs();
    gates.create("leaky-1", "{name: checkout-leaky}", url("checkout-leaky") + "/api/recommend", "");
    gates.create(
        "fixed-1",
        "{name: checkout-fixed}",
        url("checkout-fixed") + "/api/recommend",
        "prometheus: {url: \"%s\", basicAuthSecretRef: {name: prom-basic}}"
            .formatted(prometheus.url));
    gates.create("noload-1", "{kind: StatefulSet, name: checkout-set}", "http://127.0.0.1:1/", "");
    gates.createTemplate("sa-gone-1", "k6-runner", true);
    // Pipelines wait on the gates from the start, across the failover below.
    Leakgate.Running waitLeaky =
        pipeline.start("wait", "leaky-1", "--junit", home.resolve("leaky-1.xml").toString());
    Leakgate.Running waitFixed = pipeline.start("wait", "fixed-1", "--output", "json");
    Leakgate.Running waitNoLoad = pipeline.start("wait", "noload-1");

    // The account is there when the operator checks, and gone when the Job makes its pod.
    Job suspended = awaitJob("sa-gone-1-load");
    admin.serviceAccounts().inNamespace(NS).withName("k6-runner").delete();
    admin
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName(suspended.getMetadata().getName())
        .edit(
            j -> {
              j.getSpec().setSuspend(false);
              return j;
            });
    LeakGateStatus gone = await("sa-gone-1", OperatorIT::isFinal, Duration.ofSeconds(60));
    assertThat(gone.reason).isEqualTo("LoadServiceAccountMissing");
    assertThat(gone.message).startsWith("ServiceAccount k6-runner not found in namespace shop");
    assertThat(gone.load.jobMessage()).contains("serviceaccount \"k6-runner\" not found");
    assertThat(admin.batch().v1().jobs().inNamespace(NS).withName("sa-gone-1-load").get())
        .as("a Job whose pod was refused is deleted, so it never loads the target later")
        .isNull();

    LeakGateStatus recovering =
        await("leaky-1", s -> s.phase == Phase.Recovering, Duration.ofSeconds(120));
    Pod leakyPod = shop.awaitReadyPod("checkout-leaky");
    assertThat(recovering.pods)
        .containsExactly(
            new LeakGateStatus.PodRef(
                leakyPod.getMetadata().getName(), leakyPod.getMetadata().getUid()));

    // A graceful stop hands the Lease over at once, instead of after it expires.
    Instant stopped = Instant.now();
    leader.process().destroy();
    awaitHolder(standby, Duration.ofSeconds(20));
    Duration handover = Duration.between(stopped, Instant.now());
    assertThat(handover).isLessThan(Duration.ofSeconds(5));
    assertThat(leader.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // 143: the JVM's exit after SIGTERM once its shutdown ran (a kill would be 137).
    assertThat(leader.process().exitValue()).as(leader.log()).isEqualTo(143);
    assertThat(leader.log()).contains("released Lease leakgate-system/leakgate-operator");

    LeakGateStatus leak = await("leaky-1", OperatorIT::isFinal, Duration.ofMinutes(3));
    LeakGateStatus fix = await("fixed-1", OperatorIT::isFinal, Duration.ofMinutes(3));
    LeakGateStatus noLoad = await("noload-1", OperatorIT::isFinal, Duration.ofMinutes(1));
    String leakyPodName = leakyPod.getMetadata().getName();
    Pipeline.assertWaitedOn(
        waitLeaky.await(Duration.ofSeconds(30)),
        waitFixed.await(Duration.ofSeconds(30)),
        waitNoLoad.await(Duration.ofSeconds(30)),
        home.resolve("leaky-1.xml"),
        leakyPodName);

    assertThat(leak.phase).as(leak.message).isEqualTo(Phase.Failed);
    assertThat(leak.reason).isIn("StuckAboveBaseline", "StillRising", "CannotRecoverInTime");
    assertThat(leak.message).contains("jvm-threads on " + leakyPodName);
    assertThat(leak.signals)
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("jvm-threads");
              assertThat(s.pod()).isEqualTo(leakyPodName);
              assertThat(s.result()).isEqualTo("Leak");
              assertThat(s.last()).isGreaterThan(s.allowed());
            });
    assertThat(leak.queries)
        .anySatisfy(
            q -> assertThat(q.query()).contains("jvm_threads_current").contains(leakyPodName));
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

    // One load pod per gate, across the failover; owned by its gate.
    for (String job : List.of("leaky-1-load", "fixed-1-load", "noload-1-load")) {
      assertThat(kubelet.loadRuns(job)).as(job).isEqualTo(1);
    }
    assertThat(kubelet.loadRuns("sa-gone-1-load")).isZero();
    Job job = admin.batch().v1().jobs().inNamespace(NS).withName("leaky-1-load").get();
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("leaky-1"));
    assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("default");
    assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(kubelet.loadArgs("leaky-1-load"))
        .containsSubsequence("--rate", "30", "--max-in-flight", "1000")
        .containsSubsequence("--summary-file", "/dev/termination-log");
    assertThat(kubelet.loadLog("leaky-1-load"))
        .contains("Picked up JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1");

    assertThat(awaitEvent("leaky-1.failed", Duration.ofSeconds(10))).isPresent();
    assertThat(events("leaky-1"))
        .extracting(e -> e.getMetadata().getName())
        .contains(
            "leaky-1.pending",
            "leaky-1.baseline",
            "leaky-1.loading",
            "leaky-1.recovering",
            "leaky-1.failed");
    assertThat(events("leaky-1"))
        .filteredOn(e -> e.getMetadata().getName().equals("leaky-1.failed"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("jvm-threads");
              assertThat(e.getInvolvedObject().getUid())
                  .isEqualTo(
                      admin
                          .resources(LeakGate.class)
                          .inNamespace(NS)
                          .withName("leaky-1")
                          .get()
                          .getMetadata()
                          .getUid());
            });
    // The standby's log tells the story of the gates it finished, each line naming its gate.
    assertThat(standby.log())
        .contains("shop/leaky-1 ended Failed (")
        .contains("shop/fixed-1 ended Passed (SignalsRecovered)");
    assertThat(
            standby.metric(
                "leakgate_verdicts_total{reason=\"SignalsRecovered\",verdict=\"Passed\"}"))
        .isEqualTo(1);
    assertThat(standby.metrics()).contains("leakgate_gates{phase=\"Failed\"}");
  }

  /**
   * {@code leakgate create} and {@code wait} as a release pipeline runs them, under the chart's
   * pipeline role: every way a wait ends has its exit code and says why.
   */
  @Test
  @Order(5)
  void pipelinesCreateAndWaitOnGatesWithOneCommand() throws Exception {
    Leakgate.Result error = pipeline.run("wait", "missing-1");
    assertThat(error.exitCode()).as(error.stderr()).isEqualTo(ExitCodes.ERROR);
    assertThat(error.stdout())
        .contains("missing-1")
        .contains("Error (TargetNotFound)")
        .contains("Deployment checkout-gone not found in namespace shop")
        .contains("EVENTS")
        .contains("Warning");

    Leakgate.Result unknown = pipeline.run("wait", "no-such-gate");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(unknown.stderr()).contains("no LeakGate shop/no-such-gate");

    Leakgate.Result forbidden = stranger.run("wait", "missing-1");
    assertThat(forbidden.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(forbidden.stderr())
        .contains("forbidden to get leakgates.leakgate.dev shop/missing-1")
        .contains("bind the ClusterRole leakgate-pipeline with a RoleBinding in shop");

    Leakgate.Result unreachable = Pipeline.unreachable(cluster, home).run("wait", "missing-1");
    assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(unreachable.stderr())
        .containsPattern("could not reach the API server at https://127.0.0.1:[0-9]+/? to get")
        .contains("connection refused");

    // A release's gate on pods that never become ready: the wait gives up, the gate goes on.
    Path gate = pipeline.gateFile("release", "checkout-stuck");
    Leakgate.Result timedOut =
        pipeline.run(
            "create", "-f", gate.toString(), "--generate-name", "--wait", "--timeout", "3s");
    assertThat(timedOut.exitCode()).as(timedOut.stderr()).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(timedOut.stderr()).contains("Pending").contains("did not end within 3s; it goes on");
    List<LeakGate> releases =
        admin.resources(LeakGate.class).inNamespace(NS).list().getItems().stream()
            .filter(g -> g.getMetadata().getName().startsWith("release-"))
            .toList();
    assertThat(releases).hasSize(1);

    Leakgate.Result noWait =
        pipeline.run("create", "-f", gate.toString(), "--name", "rel-0", "--junit", "x.xml");
    assertThat(noWait.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(noWait.stderr()).contains("--timeout, --output and --junit are for --wait");
    assertThat(admin.resources(LeakGate.class).inNamespace(NS).withName("rel-0").get()).isNull();

    // A retried step finds its gate; a different spec under that name is refused.
    Leakgate.Result created = pipeline.run("create", "-f", gate.toString(), "--name", "rel-1");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.stdout().strip()).isEqualTo("rel-1");
    Leakgate.Result again = pipeline.run("create", "-f", gate.toString(), "--name", "rel-1");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stderr()).contains("shop/rel-1 exists with this spec; taking it");
    Path other = pipeline.gateFile("release", "checkout-fixed");
    Leakgate.Result clash = pipeline.run("create", "-f", other.toString(), "--name", "rel-1");
    assertThat(clash.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(clash.stderr()).contains("shop/rel-1 exists with another spec");

    // Deleted while a pipeline waits on it.
    Leakgate.Running waiting = pipeline.start("wait", "rel-1");
    awaitLine(waiting, "Pending");
    admin.resources(LeakGate.class).inNamespace(NS).withName("rel-1").delete();
    Leakgate.Result deleted = waiting.await(Duration.ofSeconds(30));
    assertThat(deleted.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(deleted.stderr()).contains("shop/rel-1 was deleted while waiting on it");

    // A cancelled pipeline takes its gate with it.
    Leakgate.Running cancelled =
        pipeline.start(
            "create", "-f", gate.toString(), "--name", "rel-2", "--wait", "--delete-on-cancel");
    awaitLine(cancelled, "Pending");
    cancelled.process().destroy();
    assertThat(cancelled.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(cancelled.stderr()).contains("cancelled; deleted shop/rel-2");
    assertThat(admin.resources(LeakGate.class).inNamespace(NS).withName("rel-2").get()).isNull();

    for (LeakGate release : releases) {
      admin.resource(release).delete();
    }
  }

  /**
   * The CI examples' gate steps, run as written by a pipeline under the chart's pipeline role: the
   * gate file is accepted by the API server and taken on by the operator, and the step fails with
   * the gate's verdict (here the example's Deployment is not in this cluster: Error).
   */
  @Test
  @Order(6)
  void theCiExamplesGateStepsRunAsWritten() throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    JsonNode github = yaml.readTree(Path.of("examples/pipeline/github-actions.yaml").toFile());
    Map<String, JsonNode> steps = new java.util.HashMap<>();
    github.at("/jobs/leak-gate/steps").forEach(step -> steps.put(step.path("name").asText(), step));
    JsonNode gateStep = steps.get("Gate the release");
    Pipeline.Step github1 =
        pipeline.runCiSteps(
            Map.of("LEAKGATE_TIMEOUT", gateStep.at("/env/LEAKGATE_TIMEOUT").asText()),
            List.of(
                steps.get("Cluster credentials").path("run").asText(),
                gateStep.path("run").asText()));
    assertCiGateEnded(github1);

    JsonNode gitlab = yaml.readTree(Path.of("examples/pipeline/gitlab-ci.yaml").toFile());
    JsonNode job = gitlab.path("leak-gate");
    List<String> lines = new ArrayList<>();
    // The image's own launcher is the stand-in's part (see Pipeline.runCiSteps).
    job.path("before_script")
        .forEach(
            l -> {
              if (!l.asText().startsWith("leakgate()")) {
                lines.add(l.asText());
              }
            });
    job.path("script").forEach(l -> lines.add(l.asText()));
    Pipeline.Step gitlab1 =
        pipeline.runCiSteps(
            Map.of("LEAKGATE_TIMEOUT", job.at("/variables/LEAKGATE_TIMEOUT").asText()),
            List.of(String.join("\n", lines)));
    assertCiGateEnded(gitlab1);
    assertThat(job.at("/artifacts/reports/junit").asText()).isEqualTo("leakgate-junit.xml");
  }

  private static void assertCiGateEnded(Pipeline.Step step) throws Exception {
    assertThat(step.exitCode()).as(step.output()).isEqualTo(ExitCodes.ERROR);
    assertThat(step.output())
        .contains("leakgate: waiting on shop/checkout-release-")
        .contains("Error (TargetNotFound)")
        .contains("Deployment checkout not found in namespace shop");
    assertThat(step.workdir().resolve("leakgate-junit.xml")).exists();
  }

  /** Waits until the process has said this on stderr. */
  private static void awaitLine(Leakgate.Running running, String text) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!running.stderr().contains(text)) {
      if (Instant.now().isAfter(deadline) || !running.process().isAlive()) {
        throw new AssertionError("never said '" + text + "': " + running.stderr());
      }
      Thread.sleep(200);
    }
  }

  /** RBAC: the chart grants exactly what the operators asked the API server for, and no more. */
  @Test
  @Order(4)
  void theChartGrantsExactlyWhatTheOperatorCalled() throws Exception {
    Set<String> used = new TreeSet<>();
    for (JsonNode event : cluster.auditEvents()) {
      if (OPERATOR_USER.equals(event.path("user").path("username").asText())) {
        assertThat(event.path("annotations").path("authorization.k8s.io/decision").asText())
            .as("RBAC refused %s", event)
            .isNotEqualTo("forbid");
        ApiCalls.of(event).ifPresent(used::add);
      }
    }
    Set<String> granted = ApiCalls.granted(Path.of("deploy/030-rbac.yaml"));
    assertThat(granted).as("the chart's rules cover every call").containsAll(used);
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    assertThat(unused).as("rules the operator never needed").isSubsetOf(GRANTED_NOT_EXERCISED);
  }

  /** Where the load reaches the deployment's pod (a Service would, on a cluster). */
  private static String url(String deployment) throws Exception {
    return kubelet.url(new Shop(admin, NS).awaitReadyPod(deployment).getMetadata().getName());
  }

  private static void awaitHolder(OperatorProcess operator, Duration limit) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      var lease =
          admin
              .leases()
              .inNamespace(KubeCluster.OPERATOR_NAMESPACE)
              .withName("leakgate-operator")
              .get();
      if (lease != null && operator.holds(lease.getSpec().getHolderIdentity())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        operator.name + " did not lead within " + limit + ":\n" + operator.log());
  }

  /** The URIs of the operator's requests since then whose URI names this (a target's name). */
  private static List<String> requestsNaming(String name, Instant since) throws Exception {
    return cluster.auditEvents().stream()
        .filter(e -> OPERATOR_USER.equals(e.path("user").path("username").asText()))
        .filter(e -> e.path("stage").asText().equals("ResponseComplete"))
        .filter(e -> !Instant.parse(e.path("requestReceivedTimestamp").asText()).isBefore(since))
        .map(e -> e.path("requestURI").asText())
        .filter(uri -> uri.contains(name))
        .toList();
  }

  /** Waits until the audit log shows a refused status write of this gate by the operator. */
  private static void awaitRefusedStatusWrite(String gate) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode event : cluster.auditEvents()) {
        JsonNode ref = event.path("objectRef");
        if (gate.equals(ref.path("name").asText())
            && "status".equals(ref.path("subresource").asText())
            && event.path("responseStatus").path("code").asInt() >= 400) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no refused status write of " + gate + ":\n" + leader.log());
  }

  private static Job awaitJob(String name) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      Job job = admin.batch().v1().jobs().inNamespace(NS).withName(name).get();
      if (job != null) {
        return job;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no Job " + name + ":\n" + leader.log());
  }

  private static List<Event> events(String gate) {
    return admin.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getMetadata().getName().startsWith(gate + "."))
        .toList();
  }

  private static Optional<Event> awaitEvent(String name, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<Event> found =
          events(name.substring(0, name.lastIndexOf('.'))).stream()
              .filter(e -> e.getMetadata().getName().equals(name))
              .findFirst();
      if (found.isPresent() || System.nanoTime() > deadline) {
        return found;
      }
      Thread.sleep(200);
    }
  }

  private static LeakGateStatus status(String name) {
    LeakGate gate = admin.resources(LeakGate.class).inNamespace(NS).withName(name).get();
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
      Thread.sleep(500);
    }
    throw new AssertionError(
        name
            + " did not get there within "
            + limit
            + "; status: "
            + admin.getKubernetesSerialization().asYaml(status(name))
            + "\nleader's log:\n"
            + leader.log()
            + "\nstandby's log:\n"
            + standby.log());
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

  /** Gates of the test, as YAML a user would apply: short windows, a short built-in load. */
  private static final class GateSpecs {
    void create(String name, String target, String loadUrl, String extra) {
      apply(
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
            %s
          """
              .formatted(name, NS, target, loadUrl, extra));
    }

    void createLabelled(String name, String label, String target) {
      apply(
          """
          apiVersion: leakgate.dev/v1alpha1
          kind: LeakGate
          metadata: {name: %s, namespace: %s, labels: {%s: "true"}}
          spec:
            target: %s
            load:
              http: {url: "http://127.0.0.1:1/", rate: 30, duration: 10s}
          """
              .formatted(name, NS, label, target));
    }

    /** A gate whose load is the user's own Job, run as this ServiceAccount. */
    void createTemplate(String name, String account, boolean suspend) {
      apply(
          """
          apiVersion: leakgate.dev/v1alpha1
          kind: LeakGate
          metadata: {name: %s, namespace: %s}
          spec:
            target: {name: checkout-fixed}
            signals: {presets: [jvm-threads]}
            baseline: {window: 10s}
            load:
              jobTemplate:
                suspend: %s
                template:
                  spec:
                    serviceAccountName: %s
                    containers: [{name: k6, image: grafana/k6, args: [run, /scripts/load.js]}]
            recovery: {timeout: 40s}
          """
              .formatted(name, NS, suspend, account));
    }

    private void apply(String yaml) {
      admin
          .resources(LeakGate.class)
          .inNamespace(NS)
          .resource(admin.getKubernetesSerialization().unmarshal(yaml, LeakGate.class))
          .create();
    }
  }
}
