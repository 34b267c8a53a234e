package dev.leakgate.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mock API server validates nothing, so the generated schema is checked here: every example
 * LeakGate passes the schema and its CEL rules; broken ones are rejected for the reason meant.
 */
class CrdSchemaIT {
  private static JsonNode openApi;
  private static JsonSchema schema;

  @BeforeAll
  static void load() throws IOException {
    openApi = GeneratedCrd.schema();
    // A CRD's structural schema is OpenAPI v3, which is JSON Schema draft 4 (boolean
    // exclusiveMinimum) plus x-kubernetes-* keywords the validator ignores.
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
  }

  static List<JsonNode> exampleGates() throws IOException {
    List<JsonNode> gates = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        var parser = GeneratedCrd.YAML.getFactory().createParser(file.toFile());
        for (JsonNode doc : GeneratedCrd.YAML.readValues(parser, JsonNode.class).readAll()) {
          if ("LeakGate".equals(doc.path("kind").asText())) {
            ((ObjectNode) doc).put("_file", file.toString());
            gates.add(doc);
          }
        }
      }
    }
    return gates;
  }

  @Test
  void everyExampleGatePassesTheSchemaAndItsCelRules() throws Exception {
    List<JsonNode> gates = exampleGates();
    assertThat(gates).hasSizeGreaterThanOrEqualTo(4);
    for (JsonNode gate : gates) {
      String file = gate.path("_file").asText();
      ((ObjectNode) gate).remove("_file");
      assertThat(errors(gate)).as(file).isEmpty();
      assertThat(CelRules.violations(openApi, gate, Optional.empty())).as(file).isEmpty();
      assertThat(CelRules.violations(openApi, gate, Optional.of(gate.deepCopy())))
          .as("%s updated with an identical spec", file)
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} = {1} is rejected")
  @CsvSource(
      delimiter = '|',
      value = {
        "/spec/baseline/window | 5 minutes | pattern",
        "/spec/recovery/timeout | 10 | string",
        "/spec/recovery/settle | 0 | minimum",
        "/spec/load/http/rate | 0 | minimum",
        "/spec/load/http/concurrency | 0 | minimum",
        "/spec/load/http/method | FETCH | pattern",
        "/spec/load/http/url | checkout:8080 | pattern",
        "/spec/inconclusive | Maybe | pattern",
        "/spec/target/kind | DaemonSet | pattern",
        "/spec/startTimeout | soon | pattern",
      })
  void theSchemaRejects(String pointer, String value, String expected) throws Exception {
    ObjectNode gate = validGate();
    JsonNode parsed = GeneratedCrd.YAML.readTree(value);
    set(gate, pointer, parsed);
    assertThat(errors(gate))
        .as("errors for %s = %s", pointer, value)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(pointer.substring(pointer.lastIndexOf('/') + 1))
                    .containsIgnoringCase(expected));
  }

  @Test
  void theSchemaRequiresTargetNameLoadAndTheLoadsUrlAndDuration() throws Exception {
    ObjectNode gate = validGate();
    ((ObjectNode) gate.at("/spec/target")).remove("name");
    ((ObjectNode) gate.at("/spec/load/http")).remove("duration");
    assertThat(errors(gate))
        .anySatisfy(m -> assertThat(m).contains("name"))
        .anySatisfy(m -> assertThat(m).contains("duration"));
    ((ObjectNode) gate.at("/spec")).remove("load");
    assertThat(errors(gate)).anySatisfy(m -> assertThat(m).contains("load"));
  }

  @Test
  void everyFieldHasADescriptionForKubectlExplain() throws Exception {
    List<String> undocumented = new ArrayList<>();
    undocumented(openApi, "", undocumented);
    assertThat(undocumented).isEmpty();
  }

  /** Fields without a description, but for the fields of Kubernetes' own Condition type. */
  private static void undocumented(JsonNode schema, String path, List<String> out) {
    var properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      var p = properties.next();
      String at = path + "." + p.getKey();
      if (!p.getValue().has("description") && !path.startsWith(".status.conditions")) {
        out.add(at);
      }
      undocumented(p.getValue(), at, out);
    }
    if (schema.has("items")) {
      undocumented(schema.get("items"), path, out);
    }
  }

  @Test
  void celRulesSayWhatTheyMean() throws Exception {
    assertThat(CelRules.rules(openApi))
        .containsEntry("self == oldSelf", ".spec")
        .containsEntry("has(self.http) != has(self.jobTemplate)", ".spec.load")
        .containsEntry("has(self.rate) != has(self.concurrency)", ".spec.load.http")
        .containsEntry("self.kind != 'count' || has(self.tolerance)", ".spec.signals.custom");

    ObjectNode both = validGate();
    ((ObjectNode) both.at("/spec/load")).putObject("jobTemplate").putObject("template");
    assertThat(CelRules.violations(openApi, both, Optional.empty()))
        .containsExactly(".spec.load: give exactly one of load.http and load.jobTemplate");

    ObjectNode neither = validGate();
    ((ObjectNode) neither.at("/spec/load")).remove("http");
    assertThat(CelRules.violations(openApi, neither, Optional.empty()))
        .containsExactly(".spec.load: give exactly one of load.http and load.jobTemplate");

    ObjectNode countWithoutTolerance = validGate();
    ((ObjectNode) countWithoutTolerance.at("/spec"))
        .putObject("signals")
        .putArray("custom")
        .addObject()
        .put("name", "conns")
        .put("kind", "count")
        .put("query", "conns");
    assertThat(CelRules.violations(openApi, countWithoutTolerance, Optional.empty()))
        .containsExactly(
            ".spec.signals.custom: a count signal needs a tolerance (relative and/or absolute)");

    ObjectNode rateAndConcurrency = validGate();
    ((ObjectNode) rateAndConcurrency.at("/spec/load/http")).put("concurrency", 8);
    assertThat(CelRules.violations(openApi, rateAndConcurrency, Optional.empty()))
        .containsExactly(
            ".spec.load.http: give exactly one of rate (open model) and concurrency (closed"
                + " model)");
  }

  @Test
  void theSpecCannotChangeAfterCreationButTheStatusCan() throws Exception {
    ObjectNode created = validGate();
    ObjectNode changed = created.deepCopy();
    ((ObjectNode) changed.at("/spec/load/http")).put("rate", 500);
    assertThat(CelRules.violations(openApi, changed, Optional.of(created)))
        .singleElement()
        .asString()
        .startsWith(".spec: spec is immutable");

    ObjectNode withStatus = created.deepCopy();
    withStatus.putObject("status").put("phase", "Loading");
    assertThat(CelRules.violations(openApi, withStatus, Optional.of(created))).isEmpty();
  }

  private static ObjectNode validGate() throws IOException {
    return (ObjectNode)
        GeneratedCrd.YAML.readTree(
            """
            apiVersion: leakgate.dev/v1alpha1
            kind: LeakGate
            metadata: {name: g, namespace: shop}
            spec:
              target: {name: checkout}
              load:
                http: {url: "http://checkout:8080/", rate: 50, duration: 1m}
            """);
  }

  private static List<String> errors(JsonNode gate) {
    Set<ValidationMessage> messages = schema.validate(gate);
    return messages.stream().map(ValidationMessage::getMessage).toList();
  }

  private static void set(ObjectNode root, String pointer, JsonNode value) {
    ObjectNode node = root;
    String[] parts = pointer.substring(1).split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
  }
}
