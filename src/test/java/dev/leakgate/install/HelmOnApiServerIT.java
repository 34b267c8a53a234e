package dev.leakgate.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.testing.KubeCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart and deploy/ installed, upgraded and removed on a real kube-apiserver by the real helm
 * and kubectl, as a user would. There is no kubelet, so the operator's pods stay Pending: what is
 * checked is what the API server accepted and stored. Each install uses its own release name, so
 * its cluster-scoped objects never meet another's.
 */
class HelmOnApiServerIT {
  private static KubeCluster cluster;
  private static KubernetesClient admin;

  @BeforeAll
  static void cluster() {
    cluster = KubeCluster.shared();
    admin = cluster.admin();
  }

  private static Helm.Result helm(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", cluster.adminKubeconfig().toString()));
    Helm.Result result = Helm.run(all.toArray(new String[0]));
    assertThat(result.exitCode()).as("helm %s: %s", args[0], result.out()).isZero();
    return result;
  }

  private static String kubectl(String... args) throws Exception {
    return cluster.kubectl(args);
  }

  private static Deployment deployment(String namespace, String name) {
    return admin.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** An environment variable of the operator's container, as the API server stored it. */
  private static String env(String namespace, String deployment, String name) {
    return deployment(namespace, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(e -> e.getName().equals(name))
        .map(io.fabric8.kubernetes.api.model.EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static final String CRD = "leakgates.leakgate.dev";

  /** A cluster that never had LeakGate: Helm installs the CRD from the chart. */
  private static void withoutCrd() {
    admin.apiextensions().v1().customResourceDefinitions().withName(CRD).delete();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(CRD)
        .waitUntilCondition(c -> c == null, 60, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void installUpgradeAndUninstallWithDefaultValues() throws Exception {
    String ns = "helm-all";
    withoutCrd();
    helm(
        "install",
        "lg-all",
        Helm.CHART.toString(),
        "-n",
        ns,
        "--create-namespace",
        "--set",
        "prometheus.url=http://prometheus.monitoring:9090");
    Deployment operator = deployment(ns, "lg-all-leakgate");
    assertThat(operator).isNotNull();
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(CRD).get())
        .as("installed from the chart's crds/")
        .isNotNull();
    assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("lg-all-leakgate");
    assertThat(admin.serviceAccounts().inNamespace(ns).withName("lg-all-leakgate").get())
        .isNotNull();
    assertThat(admin.rbac().clusterRoles().withName("lg-all-leakgate").get().getRules())
        .anySatisfy(r -> assertThat(r.getResources()).contains("leakgates"));
    assertThat(admin.rbac().clusterRoleBindings().withName("lg-all-leakgate-cluster").get())
        .isNotNull();
    assertThat(
            admin.rbac().roles().inNamespace(ns).withName("lg-all-leakgate-leader-election").get())
        .isNotNull();

    helm(
        "upgrade",
        "lg-all",
        Helm.CHART.toString(),
        "-n",
        ns,
        "--reuse-values",
        "--set",
        "replicas=2");
    assertThat(deployment(ns, "lg-all-leakgate").getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(ns, "lg-all-leakgate", "LEAKGATE_PROMETHEUS_URL"))
        .as("kept by --reuse-values")
        .isEqualTo("http://prometheus.monitoring:9090");

    helm("uninstall", "lg-all", "-n", ns, "--wait");
    assertThat(deployment(ns, "lg-all-leakgate")).isNull();
    assertThat(admin.rbac().clusterRoles().withName("lg-all-leakgate").get()).isNull();
    assertThat(admin.rbac().clusterRoles().withName("lg-all-leakgate-cluster").get()).isNull();
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("leakgates.leakgate.dev")
                .get())
        .as("helm leaves a chart's CRD (and so every gate) in place")
        .isNotNull();
  }

  /**
   * A cluster whose CRD someone else applied (kubectl, as docs/install.md says for upgrades): Helm
   * 4 would re-apply it server-side and stop on the conflict, so the install skips it, as
   * documented.
   */
  @Test
  void installUpgradeAndUninstallWatchingSomeNamespaces() throws Exception {
    String ns = "helm-ns";
    kubectl("apply", "--server-side", "--force-conflicts", "-f", "crds/");
    cluster.namespace("team-a");
    cluster.namespace("team-b");
    Helm.Result conflict =
        Helm.run(
            "install",
            "lg-ns",
            Helm.CHART.toString(),
            "-n",
            ns,
            "--create-namespace",
            "--kubeconfig",
            cluster.adminKubeconfig().toString());
    assertThat(conflict.exitCode()).isNotZero();
    assertThat(conflict.out()).contains("Apply failed with").contains("conflict with");
    helm(
        "install",
        "lg-ns",
        Helm.CHART.toString(),
        "-n",
        ns,
        "--create-namespace",
        "--skip-crds",
        "--set",
        "watchNamespaces={team-a,team-b}");
    assertThat(admin.rbac().roles().inNamespace("team-a").withName("lg-ns-leakgate").get())
        .isNotNull();
    assertThat(admin.rbac().roles().inNamespace("team-b").withName("lg-ns-leakgate").get())
        .isNotNull();
    assertThat(admin.rbac().clusterRoles().withName("lg-ns-leakgate").get())
        .as("no cluster-wide access to gates, Jobs, pods or Secrets")
        .isNull();
    assertThat(env(ns, "lg-ns-leakgate", "QUARKUS_OPERATOR_SDK_CONTROLLERS_LEAKGATE_NAMESPACES"))
        .isEqualTo("team-a,team-b");

    helm(
        "upgrade",
        "lg-ns",
        Helm.CHART.toString(),
        "-n",
        ns,
        "--reuse-values",
        "--set",
        "watchNamespaces={team-a}");
    assertThat(admin.rbac().roles().inNamespace("team-a").withName("lg-ns-leakgate").get())
        .isNotNull();
    assertThat(admin.rbac().roles().inNamespace("team-b").withName("lg-ns-leakgate").get())
        .as("a namespace no longer watched loses its Role")
        .isNull();

    helm("uninstall", "lg-ns", "-n", ns, "--wait");
    assertThat(admin.rbac().roles().inNamespace("team-a").withName("lg-ns-leakgate").get())
        .isNull();
    assertThat(deployment(ns, "lg-ns-leakgate")).isNull();
  }

  /**
   * docs/install.md's kubectl install, CRD upgrade and uninstall, as written there. The CRD may
   * already be Helm's (another test installed the chart): the documented commands take its fields
   * over instead of failing on the conflict.
   */
  @Test
  void deployAppliesServerSideAndDeletesAsDocumented() throws Exception {
    kubectl("apply", "--server-side", "--force-conflicts", "-f", "deploy/");
    String ns = "leakgate-system";
    assertThat(deployment(ns, "leakgate")).isNotNull();
    assertThat(admin.rbac().clusterRoleBindings().withName("leakgate").get()).isNotNull();
    // Applying the same files again, and the CRD on its own (the upgrade), changes nothing.
    kubectl("apply", "--server-side", "--force-conflicts", "-f", "deploy/");
    kubectl("apply", "--server-side", "--force-conflicts", "-f", "crds/");

    kubectl(
        "delete",
        "-f",
        "deploy/060-user-rbac.yaml",
        "-f",
        Path.of("deploy/050-deployment.yaml").toString(),
        "-f",
        "deploy/040-service.yaml",
        "-f",
        "deploy/030-rbac.yaml",
        "-f",
        "deploy/020-serviceaccounts.yaml");
    assertThat(deployment(ns, "leakgate")).isNull();
    assertThat(admin.rbac().clusterRoles().withName("leakgate").get()).isNull();
    assertThat(admin.rbac().clusterRoles().withName("leakgate-pipeline").get()).isNull();
    assertThat(admin.serviceAccounts().inNamespace(ns).withName("leakgate").get()).isNull();
  }
}
