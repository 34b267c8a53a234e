package dev.leakgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * API requests as RBAC sees them: "group/resource:verb" ({@code batch/jobs:create}, {@code
 * /pods:list}, {@code leakgate.dev/leakgates/status:patch}), from the API server's audit events and
 * from the rules of rendered Roles and ClusterRoles.
 */
final class ApiCalls {
  private ApiCalls() {}

  /** The call an audit event records, or empty for a non-resource request (discovery). */
  static java.util.Optional<String> of(JsonNode auditEvent) {
    JsonNode ref = auditEvent.path("objectRef");
    if (ref.isMissingNode() || !ref.has("resource")) {
      return java.util.Optional.empty();
    }
    String resource = ref.path("resource").asText();
    if (ref.has("subresource")) {
      resource += "/" + ref.path("subresource").asText();
    }
    return java.util.Optional.of(
        ref.path("apiGroup").asText("") + "/" + resource + ":" + auditEvent.path("verb").asText());
  }

  /** Every group/resource:verb the Roles and ClusterRoles in these manifests grant. */
  static Set<String> granted(Path manifests) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    Set<String> out = new TreeSet<>();
    var parser = yaml.getFactory().createParser(Files.readString(manifests));
    for (JsonNode doc : yaml.readValues(parser, JsonNode.class).readAll()) {
      if (!doc.path("kind").asText().endsWith("Role")) {
        continue;
      }
      for (JsonNode rule : doc.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              out.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
            }
          }
        }
      }
    }
    return out;
  }
}
