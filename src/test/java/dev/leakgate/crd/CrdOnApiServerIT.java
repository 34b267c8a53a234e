package dev.leakgate.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakgate.testing.KubeCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRD as a real kube-apiserver (v1.32.13) takes it: every copy is accepted, so are the
 * examples, and invalid gates are refused by the server itself (schema and CEL rules) with the
 * field named. The CEL library and the mock API server accepted a CRD every real server refused;
 * only the server's answer counts.
 */
class CrdOnApiServerIT {
  private static final String NS = "crd-check";
  private static final List<Path> COPIES =
      List.of(
          GeneratedCrd.COMMITTED,
          Path.of("helm/leakgate/crds/leakgates.leakgate.dev-v1.yml"),
          Path.of("deploy/010-crd.yaml"));
  private static final Path PREVIOUS_RELEASE =
      Path.of("src/test/resources/crd-history/leakgates.leakgate.dev-v1-0.1.0.yml");

  private static KubernetesClient admin;

  @BeforeAll
  static void install() throws Exception {
    admin = KubeCluster.shared().admin();
    apply(crd(GeneratedCrd.COMMITTED));
    KubeCluster.shared().namespace(NS);
  }

  private static CustomResourceDefinition crd(Path file) throws IOException {
    return admin
        .getKubernetesSerialization()
        .unmarshal(Files.readString(file), CustomResourceDefinition.class);
  }

  private static void apply(CustomResourceDefinition crd) {
    admin.resource(crd).forceConflicts().serverSideApply();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            s -> s.getType().equals("Established") && s.getStatus().equals("True")),
            30,
            TimeUnit.SECONDS);
  }

  @Test
  void everyCopyOfTheCrdIsAccepted() throws Exception {
    for (Path copy : COPIES) {
      assertThat(admin.resource(crd(copy)).dryRun().forceConflicts().serverSideApply())
          .as(copy.toString())
          .isNotNull();
    }
  }

  @Test
  void everyExampleIsAccepted() throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode doc : yamlDocuments(file)) {
          // A CI pipeline file is YAML too, but not a Kubernetes object.
          if (doc.has("apiVersion") && doc.has("kind")) {
            objects.add(
                admin
                    .getKubernetesSerialization()
                    .unmarshal(doc.toString(), GenericKubernetesResource.class));
          }
        }
      }
    }
    assertThat(objects).filteredOn(o -> o.getKind().equals("LeakGate")).hasSizeGreaterThan(3);
    for (HasMetadata object : objects) {
      if (object.getMetadata().getNamespace() == null) {
        object.getMetadata().setNamespace(NS);
      }
      KubeCluster.shared().namespace(object.getMetadata().getNamespace());
      assertThat(
              admin
                  .resource(object)
                  .dryRun()
                  .fieldValidation(FieldValidateable.Validation.STRICT)
                  .createOr(existing -> existing.update()))
          .as("%s %s", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }
  }

  private static List<JsonNode> yamlDocuments(Path file) throws IOException {
    var parser = GeneratedCrd.YAML.getFactory().createParser(file.toFile());
    return GeneratedCrd.YAML.readValues(parser, JsonNode.class).readAll();
  }

  /** Each broken spec, what is changed in a valid one, and what the server must name. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a window that is no duration | baseline: {window: 5 minutes} | spec.baseline.window | should match
          a duration given as a number | recovery: {timeout: 10} | spec.recovery.timeout | must be of type string
          settle below one | recovery: {settle: 0} | spec.recovery.settle | greater than or equal to 1
          a rate of zero | load: {http: {url: "http://checkout:8080/", rate: 0, duration: 1m}} | spec.load.http.rate | should be greater than 0
          a concurrency of zero | load: {http: {url: "http://checkout:8080/", concurrency: 0, duration: 1m}} | spec.load.http.concurrency | greater than or equal to 1
          both rate and concurrency | load: {http: {url: "http://checkout:8080/", rate: 5, concurrency: 8, duration: 1m}} | spec.load.http | give exactly one of rate (open model) and concurrency (closed model)
          an unknown method | load: {http: {url: "http://checkout:8080/", rate: 5, duration: 1m, method: FETCH}} | spec.load.http.method | should match
          a URL without scheme | load: {http: {url: "checkout:8080", rate: 5, duration: 1m}} | spec.load.http.url | should match
          a load duration that is no duration | load: {http: {url: "http://checkout:8080/", rate: 5, duration: soon}} | spec.load.http.duration | should match
          both http and jobTemplate | load: {http: {url: "http://checkout:8080/", rate: 5, duration: 1m}, jobTemplate: {template: {}}} | spec.load | give exactly one of load.http and load.jobTemplate
          neither http nor jobTemplate | load: {} | spec.load | give exactly one of load.http and load.jobTemplate
          a jobTemplate that is no object | load: {jobTemplate: run k6} | spec.load.jobTemplate | must be of type object
          an unknown inconclusive policy | inconclusive: Maybe | spec.inconclusive | should match
          an unknown target kind | target: {kind: DaemonSet, name: checkout} | spec.target.kind | should match
          a start timeout that is no duration | startTimeout: soon | spec.startTimeout | should match
          a count signal without tolerance | signals: {custom: [{name: conns, kind: count, query: conns}]} | spec.signals.custom[0] | a count signal needs a tolerance
          no target name | target: {kind: Deployment} | spec.target.name | Required value
          an unknown field | colour: blue | spec.colour | unknown field
          """)
  void theApiServerRefuses(String what, String change, String field, String expected)
      throws Exception {
    GenericKubernetesResource gate = gate("refused", change);
    assertThatThrownBy(
            () ->
                admin.resource(gate).fieldValidation(FieldValidateable.Validation.STRICT).create())
        .as(what)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isIn(400, 422);
              assertThat(e.getMessage()).contains(field).contains(expected);
            });
  }

  @Test
  void theSpecCannotChangeAfterCreationButTheStatusCan() throws Exception {
    GenericKubernetesResource gate = admin.resource(gate("fixed-spec", "")).create();
    try {
      assertThatThrownBy(
              () ->
                  admin
                      .genericKubernetesResources("leakgate.dev/v1alpha1", "LeakGate")
                      .inNamespace(NS)
                      .withName("fixed-spec")
                      .edit(
                          g -> {
                            g.setAdditionalProperty(
                                "spec", withRate(g.getAdditionalProperties().get("spec"), 500));
                            return g;
                          }))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  assertThat(e.getMessage())
                      .contains("spec: Invalid value")
                      .contains("spec is immutable: a gate is one-shot"));
      gate.setAdditionalProperty("status", Map.of("phase", "Loading"));
      GenericKubernetesResource written = admin.resource(gate).updateStatus();
      assertThat(written.get("status", "phase").toString()).isEqualTo("Loading");
    } finally {
      admin.resource(gate).delete();
    }
  }

  @SuppressWarnings("unchecked")
  private static Object withRate(Object spec, int rate) {
    Map<String, Object> copy = new java.util.HashMap<>((Map<String, Object>) spec);
    Map<String, Object> load = new java.util.HashMap<>((Map<String, Object>) copy.get("load"));
    Map<String, Object> http = new java.util.HashMap<>((Map<String, Object>) load.get("http"));
    http.put("rate", rate);
    load.put("http", http);
    copy.put("load", load);
    return copy;
  }

  /**
   * Helm never upgrades a chart's CRD, so users apply the new one over the old: a gate made under
   * the previous release's CRD stays readable and writable, and `kubectl get` shows the new
   * columns.
   */
  @Test
  void theCrdAppliesOverThePreviousReleasesAndKeepsItsGates() throws Exception {
    String name = "leakgates.leakgate.dev";
    admin.apiextensions().v1().customResourceDefinitions().withName(name).delete();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(c -> c == null, 60, TimeUnit.SECONDS);
    apply(crd(PREVIOUS_RELEASE));
    GenericKubernetesResource old = admin.resource(gate("made-before-upgrade", "")).create();
    old.setAdditionalProperty(
        "status", Map.of("phase", "Failed", "verdict", "Failed", "reason", "StuckAboveBaseline"));
    admin.resource(old).updateStatus();

    apply(crd(GeneratedCrd.COMMITTED));

    GenericKubernetesResource read =
        admin
            .genericKubernetesResources("leakgate.dev/v1alpha1", "LeakGate")
            .inNamespace(NS)
            .withName("made-before-upgrade")
            .get();
    assertThat(read.get("status", "reason").toString()).isEqualTo("StuckAboveBaseline");
    read.setAdditionalProperty(
        "status",
        Map.of(
            "phase",
            "Failed",
            "verdict",
            "Failed",
            "reason",
            "StuckAboveBaseline",
            "startedAt",
            "2026-12-01T10:00:00Z"));
    admin.resource(read).updateStatus();
    String table = KubeCluster.shared().kubectl("get", "lg", "-n", NS, "made-before-upgrade");
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "TARGET", "PHASE", "REASON", "AGE");
    assertThat(table).contains("made-before-upgrade").contains("checkout").contains("Failed");
    assertThat(table).contains("StuckAboveBaseline");
    admin.resource(read).delete();
  }

  private static GenericKubernetesResource gate(String name, String change) throws Exception {
    String yaml =
        """
        apiVersion: leakgate.dev/v1alpha1
        kind: LeakGate
        metadata: {name: %s, namespace: %s}
        spec:
          target: {name: checkout}
          load:
            http: {url: "http://checkout:8080/", rate: 50, duration: 1m}
        """
            .formatted(name, NS);
    JsonNode base = GeneratedCrd.YAML.readTree(yaml);
    if (!change.isBlank()) {
      JsonNode patch = GeneratedCrd.YAML.readTree(change);
      patch
          .properties()
          .forEach(
              e ->
                  ((com.fasterxml.jackson.databind.node.ObjectNode) base.path("spec"))
                      .set(e.getKey(), e.getValue()));
    }
    return admin
        .getKubernetesSerialization()
        .unmarshal(base.toString(), GenericKubernetesResource.class);
  }
}
