package dev.leakgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * API requests as RBAC sees them: "group/resource:verb" ({@code batch/jobs:create}, {@code
 * /pods:list}, {@code leakgate.dev/leakgates/status:patch}), from requests the mock server received
 * and from the rules of rendered Roles and ClusterRoles.
 */
final class ApiCalls {
  private ApiCalls() {}

  static String of(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    String query = q < 0 ? "" : path.substring(q + 1);
    String[] parts = (q < 0 ? path : path.substring(0, q)).substring(1).split("/");
    String group;
    int rest;
    if (parts[0].equals("api")) {
      group = "";
      rest = 2;
    } else {
      group = parts[1];
      rest = 3;
    }
    if (parts.length > rest + 2 && parts[rest].equals("namespaces")) {
      rest += 2;
    }
    String resource = parts[rest];
    boolean named = parts.length > rest + 1;
    if (parts.length > rest + 2) {
      resource += "/" + parts[rest + 2];
    }
    String verb =
        switch (request.getMethod()) {
          case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> request.getMethod();
        };
    return group + "/" + resource + ":" + verb;
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
