package dev.leakgate.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the API server does not check about the generated schema: every field is described, so
 * {@code kubectl explain} teaches the user. What the server does check (patterns, types, CEL rules,
 * unknown fields) is tested against a real one in {@link CrdOnApiServerIT}.
 */
class CrdSchemaIT {

  @Test
  void everyFieldHasADescriptionForKubectlExplain() throws Exception {
    List<String> undocumented = new ArrayList<>();
    undocumented(GeneratedCrd.schema(), "", undocumented);
    assertThat(undocumented).isEmpty();
  }

  /** Fields without a description, but for the fields of Kubernetes' own Condition type. */
  private static void undocumented(JsonNode schema, String path, List<String> out) {
    var properties = schema.path("properties").properties().iterator();
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
}
