package dev.leakgate.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Helm chart, rendered and linted by the real helm, its objects read as Kubernetes types. */
class HelmChartIT {
  private static final KubernetesSerialization K8S = new KubernetesSerialization();
  private static final String[] NON_DEFAULT = {
    "--set", "replicas=2",
    "--set", "watchNamespaces={shop,payments}",
    "--set", "prometheus.url=https://prometheus.monitoring:9090",
    "--set", "prometheus.tokenSecret.name=prom-token",
    "--set", "load.allowedTemplateServiceAccounts={k6-runner}",
    "--set", "metrics.serviceMonitor.enabled=true",
    "--set", "metrics.prometheusRule.enabled=true",
    "--set", "logLevel=DEBUG",
  };

  static List<HasMetadata> objects(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
        out.add(K8S.unmarshal(doc, HasMetadata.class));
      }
    }
    return out;
  }

  @Test
  void lintsWithDefaultAndNonDefaultValues() throws Exception {
    Helm.Result defaults = Helm.run("lint", Helm.CHART.toString());
    assertThat(defaults.exitCode()).as(defaults.out()).isZero();
    List<String> args = new ArrayList<>(List.of("lint", Helm.CHART.toString()));
    args.addAll(List.of(NON_DEFAULT));
    Helm.Result custom = Helm.run(args.toArray(new String[0]));
    assertThat(custom.exitCode()).as(custom.out()).isZero();
  }

  @Test
  void everyRenderedObjectIsItsKubernetesTypeWithNoUnknownField() throws Exception {
    for (String[] values : List.of(new String[0], NON_DEFAULT)) {
      List<HasMetadata> objects = objects(Helm.template(values));
      assertThat(objects).hasSizeGreaterThanOrEqualTo(9);
      for (HasMetadata object : objects) {
        if (object.getApiVersion().startsWith("monitoring.coreos.com/")) {
          // Prometheus Operator kinds are not in fabric8's model: read generically.
          assertThat(object).isInstanceOf(GenericKubernetesResource.class);
          continue;
        }
        assertThat(object).isNotInstanceOf(GenericKubernetesResource.class);
        assertThat(unknownFields(object, object.getKind()))
            .as("%s %s", object.getKind(), object.getMetadata().getName())
            .isEmpty();
      }
    }
  }

  @Test
  void theOperatorAndItsLoadPodsAreLockedDown() throws Exception {
    Deployment deployment =
        objects(Helm.template()).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = pod.getContainers().get(0);
    assertThat(container.getArgs()).isNullOrEmpty();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(container.getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("LEAKGATE_LOAD_SERVICE_ACCOUNT"));
  }

  /** The ClusterRoles for people and pipelines, bound by them, never by the chart. */
  private static final List<String> USER_ROLES =
      List.of("leakgate-pipeline", "leakgate-view", "leakgate-edit");

  @Test
  void usersGetAPipelineRoleAndGatesInTheBuiltInRoles() throws Exception {
    List<HasMetadata> objects = objects(Helm.template());
    Map<String, ClusterRole> roles = new java.util.HashMap<>();
    objects.stream()
        .filter(o -> o instanceof ClusterRole && USER_ROLES.contains(o.getMetadata().getName()))
        .forEach(o -> roles.put(o.getMetadata().getName(), (ClusterRole) o));
    assertThat(roles).containsOnlyKeys(USER_ROLES);
    assertThat(roles.get("leakgate-pipeline").getRules())
        .extracting(r -> r.getResources() + ":" + r.getVerbs())
        .containsExactlyInAnyOrder(
            "[leakgates]:[create, get, list, watch, delete]", "[events]:[list]");
    assertThat(roles.get("leakgate-view").getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
    assertThat(roles.get("leakgate-view").getRules())
        .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "list", "watch"));
    assertThat(roles.get("leakgate-edit").getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    assertThat(objects)
        .as("nothing binds them: who uses gates is the cluster owner's choice")
        .filteredOn(o -> o.getKind().endsWith("Binding"))
        .allSatisfy(
            b ->
                assertThat(
                        ((b instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding crb)
                                ? crb.getRoleRef()
                                : ((io.fabric8.kubernetes.api.model.rbac.RoleBinding) b)
                                    .getRoleRef())
                            .getName())
                    .isNotIn(USER_ROLES));
  }

  @Test
  void watchedNamespacesGetRolesAndNoClusterWideRights() throws Exception {
    List<HasMetadata> objects = objects(Helm.template(NON_DEFAULT));
    assertThat(objects)
        .filteredOn(o -> o instanceof Role && o.getMetadata().getName().equals("leakgate"))
        .extracting(o -> o.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop", "payments");
    assertThat(objects)
        .as("the operator's cluster-wide rights; the users' roles grant nothing until bound")
        .filteredOn(ClusterRole.class::isInstance)
        .filteredOn(o -> !USER_ROLES.contains(o.getMetadata().getName()))
        .singleElement()
        .satisfies(
            c ->
                assertThat(((ClusterRole) c).getRules())
                    .extracting(r -> String.join(",", r.getResources()))
                    .containsExactlyInAnyOrder(
                        "customresourcedefinitions", "selfsubjectrulesreviews"));
    assertThat(objects)
        .as("load pods run as an account of the gate's namespace; the chart makes none there")
        .filteredOn(o -> o.getKind().equals("ServiceAccount"))
        .extracting(o -> o.getMetadata().getNamespace())
        .containsExactly("lg");
    List<PolicyRule> all =
        objects.stream()
            .flatMap(
                o ->
                    o instanceof Role r
                        ? r.getRules().stream()
                        : o instanceof ClusterRole c ? c.getRules().stream() : Stream.empty())
            .toList();
    assertThat(all)
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs()).doesNotContain("*");
              assertThat(r.getResources()).doesNotContain("*");
              if (r.getResources().contains("customresourcedefinitions")) {
                assertThat(r.getVerbs()).containsExactly("get");
              }
            });
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "replicas=two | replicas",
        "colour=blue | colour",
        "logLevel=LOUD | logLevel",
        "prometheus.url=prometheus:9090 | url",
        "image.pullPolicy=Sometimes | pullPolicy",
      })
  void theValuesSchemaRejects(String set, String named) throws Exception {
    Helm.Result result = Helm.run("template", "leakgate", Helm.CHART.toString(), "--set", set);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.out()).contains("values don't meet the specifications").contains(named);
  }

  @Test
  void theChartsCrdIsTheCommittedOne() throws Exception {
    assertThat(Files.readString(Helm.CHART.resolve("crds/leakgates.leakgate.dev-v1.yml")))
        .isEqualTo(Files.readString(Path.of("crds/leakgates.leakgate.dev-v1.yml")));
  }

  @Test
  void deployIsTheChartRendered(@TempDir Path out) throws Exception {
    Process render =
        new ProcessBuilder("bash", "deploy/render.sh", out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(render.getInputStream().readAllBytes());
    assertThat(render.waitFor()).as(log).isZero();
    Map<String, String> rendered = files(out);
    Map<String, String> committed = files(Path.of("deploy"));
    assertThat(committed.keySet()).isEqualTo(rendered.keySet());
    rendered.forEach(
        (name, text) ->
            assertThat(committed.get(name))
                .as("deploy/%s is stale: run deploy/render.sh", name)
                .isEqualTo(text));
  }

  private static Map<String, String> files(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yaml"))
          .collect(
              Collectors.toMap(
                  f -> f.getFileName().toString(),
                  f -> {
                    try {
                      return Files.readString(f);
                    } catch (java.io.IOException e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
  }

  /** Paths of fields fabric8 did not know, anywhere in a typed object. */
  static List<String> unknownFields(Object value, String path) throws Exception {
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        out.addAll(unknownFields(item, path + "[" + i++ + "]"));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      for (var e : map.entrySet()) {
        out.addAll(unknownFields(e.getValue(), path + "." + e.getKey()));
      }
      return out;
    }
    if (!(value instanceof KubernetesResource) || value instanceof GenericKubernetesResource) {
      return out;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object child = getter.invoke(value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": " + extra.keySet());
        }
        continue;
      }
      if (child != null) {
        out.addAll(unknownFields(child, path + "." + getter.getName().substring(3)));
      }
    }
    return out;
  }
}
