package dev.leakgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.cli.ExitCodes;
import dev.leakgate.testing.KubeCluster;
import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.ListeningProcess;
import dev.leakgate.testing.LocalPrometheus;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A release pipeline: the packaged {@code leakgate create} and {@code wait} run as processes with a
 * kubeconfig of their own ServiceAccount, so the API server enforces the chart's pipeline role.
 */
final class Pipeline {
  private final Path dir;
  private final Map<String, String> env;

  private Pipeline(Path dir, Path kubeconfig) {
    this.dir = dir;
    this.env = Map.of("KUBECONFIG", kubeconfig.toString());
  }

  /** A ServiceAccount bound to the chart's ClusterRole leakgate-pipeline in this namespace. */
  static Pipeline bound(KubeCluster cluster, Path home, String namespace, String account)
      throws IOException {
    Pipeline pipeline = unbound(cluster, home, namespace, account);
    cluster
        .admin()
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(account + "-leakgate")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "leakgate-pipeline")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(account)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
    return pipeline;
  }

  /** A ServiceAccount with no rights on gates. */
  static Pipeline unbound(KubeCluster cluster, Path home, String namespace, String account)
      throws IOException {
    cluster
        .admin()
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(account).endMetadata().build())
        .create();
    Path dir = Files.createDirectories(home.resolve(account));
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, cluster.kubeconfig(cluster.token(namespace, account), namespace));
    return new Pipeline(dir, kubeconfig);
  }

  /** The pipeline's kubeconfig, pointing at a port where no API server listens. */
  static Pipeline unreachable(KubeCluster cluster, Path home) throws IOException {
    Path dir = Files.createDirectories(home.resolve("unreachable"));
    Path kubeconfig = dir.resolve("kubeconfig");
    String url = cluster.url().toString().replaceAll("/$", "");
    Files.writeString(
        kubeconfig,
        cluster
            .kubeconfig("no-token", "shop")
            .replace(url, "https://127.0.0.1:" + LocalPrometheus.freePort()));
    return new Pipeline(dir, kubeconfig);
  }

  Leakgate.Result run(String... args) throws IOException, InterruptedException {
    return start(args).await(java.time.Duration.ofSeconds(90));
  }

  Leakgate.Running start(String... args) throws IOException {
    return Leakgate.start(dir, env, args);
  }

  /**
   * A release's gate file as a team keeps it: the gate beside another document (its Prometheus
   * token Secret), so create must pick the LeakGate.
   */
  Path gateFile(String name, String target) throws IOException {
    Path file = dir.resolve(name + "-" + target + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: prometheus-token}
        stringData: {token: not-used}
        ---
        apiVersion: leakgate.dev/v1alpha1
        kind: LeakGate
        metadata: {name: %s}
        spec:
          target: {name: %s}
          startTimeout: 10m
          load:
            http: {url: "http://127.0.0.1:1/", rate: 10, duration: 10s}
        """
            .formatted(name, target));
    return file;
  }

  /** What one of the examples' CI steps did: its exit code and output, and where it ran. */
  record Step(int exitCode, String output, Path workdir) {}

  /**
   * Runs shell steps of a CI example as its runner would, in a fresh checkout holding the example's
   * gate file, with this pipeline's kubeconfig as the CI secret ({@code KUBECONFIG_BASE64}, or the
   * file {@code STAGING_KUBECONFIG}). The step that installs leakgate from the published image is
   * the one stand-in: the image is not in any registry reachable here (ImageIT runs this jar in the
   * image), so {@code leakgate} on PATH runs the jar.
   */
  Step runCiSteps(Map<String, String> stepEnv, List<String> scripts)
      throws IOException, InterruptedException {
    Path workdir = Files.createTempDirectory(dir, "checkout-");
    Path gate = Path.of("examples/pipeline/checkout-gate.yaml");
    Files.createDirectories(workdir.resolve(gate.getParent()));
    Files.copy(gate, workdir.resolve(gate));
    Path bin = Files.createDirectories(workdir.resolve(".bin"));
    Path launcher = bin.resolve("leakgate");
    Files.writeString(
        launcher,
        "#!/bin/sh\nexec '%s' -jar '%s' \"$@\"\n"
            .formatted(ListeningProcess.java(), Leakgate.jar().toAbsolutePath()));
    launcher.toFile().setExecutable(true);
    Path githubEnv = workdir.resolve(".github-env");
    Files.writeString(githubEnv, "");
    Path kubeconfig = Path.of(env.get("KUBECONFIG"));
    StringBuilder out = new StringBuilder();
    int exit = 0;
    for (String script : scripts) {
      ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-c", script);
      Map<String, String> e = builder.environment();
      e.keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("QUARKUS"));
      e.put("HOME", workdir.toString());
      e.put("PATH", bin + ":" + e.get("PATH"));
      e.put("RUNNER_TEMP", Files.createDirectories(workdir.resolve(".runner-temp")).toString());
      e.put("GITHUB_ENV", githubEnv.toString());
      e.put(
          "KUBECONFIG_BASE64",
          java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(kubeconfig)));
      e.put("STAGING_KUBECONFIG", kubeconfig.toString());
      e.putAll(stepEnv);
      // What earlier steps exported, as the runner carries GITHUB_ENV into later ones.
      for (String line : Files.readAllLines(githubEnv)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          e.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      Process process = builder.directory(workdir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      out.append(output);
      exit = process.waitFor();
      if (exit != 0) {
        break;
      }
    }
    return new Step(exit, out.toString(), workdir);
  }

  /** The three waits of the failover test: each exit code, table, progress and report. */
  static void assertWaitedOn(
      Leakgate.Result leaky,
      Leakgate.Result fixed,
      Leakgate.Result noLoad,
      Path junit,
      String leakyPod)
      throws Exception {
    assertThat(leaky.exitCode()).as(leaky.stderr()).isEqualTo(ExitCodes.FAILED);
    assertThat(leaky.stderr())
        .as("progress while it ran")
        .contains("leakgate: shop/leaky-1: Recovering")
        .contains("jvm-threads " + leakyPod);
    assertThat(leaky.stdout())
        .contains("leaky-1")
        .contains("Failed (")
        .contains("SLOPE/h")
        .containsPattern("jvm-threads +" + leakyPod + " +Leak")
        .contains("EVENTS")
        .contains("Warning");

    Document report =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    Element suite = report.getDocumentElement();
    assertThat(suite.getAttribute("name")).isEqualTo("leakgate leaky-1");
    assertThat(Integer.parseInt(suite.getAttribute("failures"))).isGreaterThanOrEqualTo(1);
    NodeList cases = suite.getElementsByTagName("testcase");
    boolean threadsFailed = false;
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").equals("jvm-threads on " + leakyPod)) {
        Element failure = (Element) c.getElementsByTagName("failure").item(0);
        assertThat(failure).as("jvm-threads failed in the report").isNotNull();
        assertThat(failure.getAttribute("type"))
            .isIn("StuckAboveBaseline", "StillRising", "CannotRecoverInTime");
        assertThat(failure.getAttribute("message")).isNotBlank();
        threadsFailed = true;
      }
    }
    assertThat(threadsFailed).isTrue();

    assertThat(fixed.exitCode()).as(fixed.stderr()).isEqualTo(ExitCodes.PASSED);
    JsonNode json = new ObjectMapper().readTree(fixed.stdout());
    assertThat(json.path("exitCode").asInt()).isZero();
    assertThat(json.at("/status/phase").asText()).isEqualTo("Passed");
    assertThat(json.at("/status/reason").asText()).isEqualTo("SignalsRecovered");
    assertThat(json.path("events")).as("shown only when it did not pass").isEmpty();

    assertThat(noLoad.exitCode()).as(noLoad.stderr()).isEqualTo(ExitCodes.INCONCLUSIVE);
    assertThat(noLoad.stdout()).contains("Inconclusive (LoadFailed)");
  }
}
